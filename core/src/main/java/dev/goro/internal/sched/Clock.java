package dev.goro.internal.sched;

/**
 * goro's one clock. Every timer, deadline and "time since" reading in goro goes through here, so that a
 * deterministic test mode (virtual time that advances only when every goroutine is blocked, after Go's
 * testing/synctest) can replace it in one place.
 *
 * <p>{@link #coarseNanos()} is a cheap, up to a sysmon tick (at most 10 ms) stale reading, refreshed by sysmon;
 * it stamps the start of every wait, where a full {@link System#nanoTime()} per park would cost more than the
 * information is worth (Go is coarser still: it stamps waits at GC time).
 */
public final class Clock {
    private static volatile long coarse = System.nanoTime();

    private Clock() {
    }

    /** Monotonic nanoseconds, the time base of every goro timer. Any thread. */
    public static long nanoTime() {
        return System.nanoTime();
    }

    /** A monotonic reading at most one sysmon tick old. Any thread. */
    public static long coarseNanos() {
        return coarse;
    }

    /** Sysmon only: refreshes the coarse reading and returns the exact one. */
    static long tick() {
        long now = System.nanoTime();
        coarse = now; // volatile: readers see a value no older than the last tick
        return now;
    }
}
