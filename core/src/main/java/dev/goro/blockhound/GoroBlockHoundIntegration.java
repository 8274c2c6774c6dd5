package dev.goro.blockhound;

import dev.goro.internal.chan.ChanLock;
import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.time.TimerQueue;
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
 *   <li>NIO file-channel I/O as blocking on goroutines (BlockHound's own list has only java.io's);</li>
 *   <li>the goro internals allowed to block, listed below with the reason for each; goro code written later
 *       that must block on a goroutine (a log write, a file read of its own) adds its class and method there.</li>
 * </ul>
 * It is applied first among the integrations ({@link #getPriority()}), so an integration or user code that sets
 * its own blocking-method callback afterwards replaces goro's: the goroutine predicate still applies, only the
 * report loses goro's detail.
 */
public final class GoroBlockHoundIntegration implements BlockHoundIntegration {

    /**
     * Name and descriptor of the data-moving methods of the JDK's FileChannel implementation: overrides of
     * FileChannel's public abstract methods, so the API fixes their descriptors on every JDK.
     */
    private static final String[][] NIO_FILE_CHANNEL_METHODS = {
        {"read", "(Ljava/nio/ByteBuffer;)I"},
        {"read", "([Ljava/nio/ByteBuffer;II)J"},
        {"read", "(Ljava/nio/ByteBuffer;J)I"},
        {"write", "(Ljava/nio/ByteBuffer;)I"},
        {"write", "([Ljava/nio/ByteBuffer;II)J"},
        {"write", "(Ljava/nio/ByteBuffer;J)I"},
        {"transferTo", "(JJLjava/nio/channels/WritableByteChannel;)J"},
        {"transferFrom", "(Ljava/nio/channels/ReadableByteChannel;JJ)J"},
        {"force", "(Z)V"},
    };

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
                // goro's short internal locks: a channel's lock and the timer heap's lock are held for a few dozen
                // instructions and never across a park, so waiting for one (AQS spins with Thread.onSpinWait, then
                // parks) is monitor contention in all but name, which BlockHound does not report either. Reactor
                // and Netty threads take them without waiting for anything else: the Reactor bridge's non-blocking
                // sends into channels, timers armed from a Reactor Scheduler.
                .allowBlockingCallsInside(ChanLock.class.getName(), "lock")
                .allowBlockingCallsInside(TimerQueue.class.getName(), "addOrMove")
                .allowBlockingCallsInside(TimerQueue.class.getName(), "remove")
                // The scheduler's spin lock (Go's sched.lock): waiting for it spins with Thread.onSpinWait for
                // a few dozen instructions of someone else's critical section, on any thread that submits a
                // goroutine (a Reactor thread waking one included); it never parks.
                .allowBlockingCallsInside("dev.goro.internal.sched.SchedLock", "lockSlow");
        // Not listed, because BlockHound cannot see them: Sched.execute, wakeP and startM, which a goroutine
        // calls (pinned, inside the JDK's submit) when it starts or wakes another one, start carriers with
        // Thread.start, which is not a checked method. The workload
        // test proves that no other internal needs an entry (GoroutineWorkloadBlockHoundTest).

        // BlockHound lists java.io's file streams but not NIO's file channel, which Files.readString, Files.write,
        // Files.newInputStream... go through: on a goroutine these block the carrier just the same. Reported for
        // goroutines only (Reports drops them for other threads), so Reactor and Netty threads see BlockHound's
        // usual list (Netty sends files with FileChannel.transferTo on its event loop, by design).
        for (String[] m : NIO_FILE_CHANNEL_METHODS) {
            builder.markAsBlocking(Reports.NIO_FILE_CHANNEL, m[0], m[1]);
        }
        Reports.markApplied();
    }

    /** Applied before the other integrations, whose blocking-method callback then takes precedence over goro's. */
    @Override
    public int getPriority() {
        return Integer.MIN_VALUE;
    }
}
