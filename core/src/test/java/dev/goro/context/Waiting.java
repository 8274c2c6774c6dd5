package dev.goro.context;

import dev.goro.Goroutine;
import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.Runtime;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test helpers shared by the context, sync (ErrGroup, Semaphore) and pool tests: wait for a goroutine or a
 * condition to reach a state instead of sleeping for a guessed time. The timeout is a hang guard only; no verdict
 * depends on it.
 */
public final class Waiting {
    /** Hang guard only. */
    public static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private Waiting() {
    }

    /** Waits until {@code g} is parked with Go's wait reason {@code reason}. */
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

    /** Waits until {@code condition} holds. */
    public static void awaitTrue(String what, BooleanSupplier condition) {
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
