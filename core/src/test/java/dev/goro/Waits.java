package dev.goro;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Test helpers that wait for a goroutine to reach a state instead of sleeping for a guessed time. */
public final class Waits {
    /** Hang guard only: no verdict depends on it. */
    public static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private Waits() {
    }

    /** Waits until {@code g} is parked with Go's wait reason {@code reason}; fails after the hang guard. */
    public static void awaitWaitReason(Goroutine g, String reason) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (;;) {
            GoroutineInfo info = g.info();
            if (info != null && info.state() == GoroutineState.WAITING && info.waitReason().equals(reason)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(g + " never waited on \"" + reason + "\"; last seen: "
                        + (info == null ? "finished" : info.state() + " [" + info.waitReason() + "]"));
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Waits until {@code t} is blocked (a plain thread parked in a goro operation). */
    public static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t + " never blocked; state " + t.getState());
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Waits until {@code condition} holds. */
    public static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what + "\n" + Runtime.stack(true));
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Joins {@code g} within the hang guard. */
    public static void join(Goroutine g) throws InterruptedException {
        if (!g.join(HANG_GUARD)) {
            throw new AssertionError(g + " did not finish: " + Runtime.stack(true));
        }
    }
}
