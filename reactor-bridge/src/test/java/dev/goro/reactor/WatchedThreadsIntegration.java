package dev.goro.reactor;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Test-only BlockHound integration: threads whose name starts with {@value #PREFIX} are non-blocking for
 * BlockHound (as Netty's event loops are with Netty's integration) while Reactor does not know them as
 * {@code NonBlocking}, so a call that parks on them reaches BlockHound instead of Reactor's own checks.
 */
public final class WatchedThreadsIntegration implements BlockHoundIntegration {
    static final String PREFIX = "watched-loop-";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(p -> p.or(t -> t.getName().startsWith(PREFIX)));
    }
}
