package dev.goro;

import dev.goro.internal.sched.Allgs;
import dev.goro.internal.sched.CarrierStall;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.sched.Sched;
import dev.goro.internal.sched.StallLog;
import dev.goro.internal.sched.Tracebacks;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The scheduler's knobs and what it knows (Go's {@code runtime} package): GOMAXPROCS, the goroutine count,
 * snapshots and tracebacks of goroutines, scheduler statistics.
 *
 * <p>Note the name: inside a file that imports {@code dev.goro.Runtime}, the JDK's class is
 * {@code java.lang.Runtime}.
 */
public final class Runtime {

    private Runtime() {
    }

    /** Number of live goroutines (Go's {@code runtime.NumGoroutine}). */
    public static int numGoroutine() {
        return Allgs.count();
    }

    /** Number of processors available to the JVM (Go's {@code runtime.NumCPU}). */
    public static int numCPU() {
        return java.lang.Runtime.getRuntime().availableProcessors();
    }

    /** Current GOMAXPROCS: how many goroutines may run at once. */
    public static int gomaxprocs() {
        Sched s = GoRuntime.sched();
        return s != null ? s.currentGomaxprocs() : numCPU();
    }

    /**
     * Sets GOMAXPROCS at run time and returns the previous value (Go's {@code runtime.GOMAXPROCS(n)} with
     * n &ge; 1; values above 1024 are capped, as Go caps them). Growing takes effect at once; processors beyond a smaller value retire as soon as their carrier
     * next schedules, their queued goroutines moving to the global queue.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws IllegalStateException if goroutines run on the JDK's default scheduler, whose parallelism is fixed
     *                               at startup ({@code -Djdk.virtualThreadScheduler.parallelism})
     */
    public static int setGOMAXPROCS(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be >= 1, got " + n);
        }
        Sched s = GoRuntime.sched();
        if (s == null) {
            throw new IllegalStateException("GOMAXPROCS cannot change: goroutines run on the JDK's default "
                    + "scheduler (see the startup warning; add --add-opens java.base/java.lang=ALL-UNNAMED)");
        }
        return s.setGomaxprocs(n);
    }

    /** Whether goroutines run on goro's G/M/P scheduler (false: the JDK's default one, see docs/troubleshooting.md). */
    public static boolean usesGoroScheduler() {
        return GoRuntime.sched() != null;
    }

    /** Snapshots of all live goroutines, without stacks, ordered by id. */
    public static List<GoroutineInfo> goroutines() {
        return Tracebacks.all(false);
    }

    /** Snapshots of all live goroutines with their stacks, ordered by id (costs a stack walk per goroutine). */
    public static List<GoroutineInfo> goroutinesWithStacks() {
        return Tracebacks.all(true);
    }

    /**
     * Go's {@code runtime.Stack}: the calling goroutine's traceback, or with {@code all} every goroutine's,
     * separated by blank lines, in Go's format ({@code goroutine 7 [chan receive]:}, frames, {@code created by}).
     * Called from a plain thread with {@code all == false}, returns the empty string.
     */
    public static String stack(boolean all) {
        StringBuilder sb = new StringBuilder(1024);
        if (all) {
            for (GoroutineInfo info : goroutinesWithStacks()) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                Tracebacks.appendTraceback(sb, info);
            }
        } else {
            G g = G.current();
            GoroutineInfo info = g != null ? Tracebacks.info(g, true) : null;
            if (info != null) {
                Tracebacks.appendTraceback(sb, info);
            }
        }
        return sb.toString();
    }

    /** Scheduler statistics (Go's schedtrace); on the JDK's default scheduler only the goroutine count is known. */
    public static SchedStats schedStats() {
        Sched s = GoRuntime.sched();
        if (s != null) {
            return s.stats();
        }
        long up = (System.nanoTime() - GoRuntime.startNanos()) / 1_000_000;
        return new SchedStats("jdk", up, numCPU(), 0, 0, 0, 0, 0, List.of(), numGoroutine(), 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Subscribes to carrier stalls: sysmon saw a goroutine hold its carrier past the threshold (blocked in a
     * system call or computing) and handed its processor to another carrier. Called on the sysmon thread: keep
     * it short. Returns a handle that unsubscribes. No-op on the JDK's default scheduler.
     */
    public static AutoCloseable onCarrierStall(Consumer<CarrierStallEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        Sched s = GoRuntime.sched();
        if (s == null) {
            return () -> { };
        }
        Consumer<CarrierStall> adapter = stall -> listener.accept(CarrierStallEvent.of(stall));
        s.addStallListener(adapter);
        return () -> s.removeStallListener(adapter);
    }

    /**
     * Logs every carrier stall as a WARNING on the System.Logger {@code dev.goro.stalls}: the goroutine's id and
     * name, the carrier, how long, whether it was blocked or computing, the fix, and the goroutine's traceback
     * with its creation site. The same as starting the JVM with {@code -Dgoro.stalls=log}. Returns a handle that
     * stops the log. No-op on the JDK's default scheduler.
     */
    public static AutoCloseable logCarrierStalls() {
        return StallLog.start();
    }
}
