package dev.goro.blockhound;

import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.sched.Sched;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * goro's BlockHound integration: goroutines are non-blocking threads, so a call that blocks a goroutine's
 * <em>carrier</em> is reported, while a call that only parks the goroutine is not. Public only for
 * {@link java.util.ServiceLoader} (listed in {@code META-INF/services}); not API: use {@link GoroBlockHound}, or
 * any {@code BlockHound.install()}, which loads it from the class path.
 *
 * <p>It registers:
 * <ul>
 *   <li>goroutines as dynamic threads and the predicate that tells a carrier-blocking call from a parking one
 *       (see {@link Detector} for the rules: {@code Go.blocking} allowed, spin hints, virtual-thread sockets and
 *       unpinned {@code Object.wait} not reported);</li>
 *   <li>the callback that turns BlockHound's finding into a {@link BlockingReport} naming the goroutine and
 *       the fix, and throws it as BlockHound's own {@code BlockingOperationError} unless a callback was chosen
 *       ({@link GoroBlockHound#install});</li>
 *   <li>the goro internals allowed to block, listed below with the reason for each.</li>
 * </ul>
 * It is applied first among the integrations ({@link #getPriority()}), so an integration or user code that sets
 * its own blocking-method callback afterwards replaces goro's: the goroutine predicate still applies, only the
 * report loses goro's detail.
 */
public final class GoroBlockHoundIntegration implements BlockHoundIntegration {

    /** Creates the integration; {@link java.util.ServiceLoader} calls this. */
    public GoroBlockHoundIntegration() {
    }

    @Override
    public void applyTo(BlockHound.Builder builder) {
        Detector.warmUp();
        builder.addDynamicThreadPredicate(Detector::isGoroutine)
                .nonBlockingThreadPredicate(p -> p.or(Detector::blocksCarrier))
                .blockingMethodCallback(Reports::onBlockingMethod)
                // Listeners and report callbacks log; their writes must not be reported from inside the report.
                .allowBlockingCallsInside(Reports.class.getName(), "onBlockingMethod")
                // The report for an exception escaping a goroutine writes to the log on that goroutine, as Go
                // prints a panic to stderr from the panicking goroutine.
                .allowBlockingCallsInside(GoRuntime.class.getName(), "logUncaught")
                // The JDK calls execute from a goroutine that starts or wakes another one, with the goroutine
                // pinned; execute may take the scheduler lock for a few instructions and start a carrier thread
                // (see "Missed wakeup" in Sched). Short by design: never a blocking call of the user's.
                .allowBlockingCallsInside(Sched.class.getName(), "execute");
        Reports.markApplied();
    }

    /** Applied before the other integrations, whose blocking-method callback then takes precedence over goro's. */
    @Override
    public int getPriority() {
        return Integer.MIN_VALUE;
    }
}
