package dev.goro.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Helpers for the sync tests: goroutines whose failures reach the test, and waits on observable states. */
final class SyncTesting {
    /** Only a hang guard: verdicts never depend on it. */
    static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private SyncTesting() {
    }

    /** A body that may throw anything. */
    interface Body {
        void run() throws Throwable;
    }

    /** A goroutine plus what escaped its body. */
    record Task(Goroutine goroutine, AtomicReference<Throwable> failure) {
        /** Joins (with the hang guard) and returns what the body threw, or null. */
        Throwable joinOutcome() throws InterruptedException {
            if (!goroutine.join(HANG_GUARD)) {
                fail(goroutine + " did not finish: " + goroutine.info() + "; " + dev.goro.Runtime.schedStats());
            }
            return failure.get();
        }

        /** Joins and fails the test with whatever the body threw. */
        void joinOk() throws Throwable {
            Throwable t = joinOutcome();
            if (t != null) {
                throw t;
            }
        }

        void interrupt() {
            goroutine.interrupt();
        }
    }

    static Task go(String name, Body body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Goroutine g = Go.go(name, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        return new Task(g, failure);
    }

    /** Waits until the goroutine is parked with Go's wait reason {@code reason}. */
    static void awaitWaiting(Task t, String reason) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (;;) {
            GoroutineInfo info = t.goroutine().info();
            if (info != null && info.state() == GoroutineState.WAITING && info.waitReason().equals(reason)) {
                return;
            }
            if (!t.goroutine().isAlive()) {
                fail(t.goroutine() + " ended instead of waiting on " + reason + ": " + t.failure().get());
            }
            if (System.nanoTime() > deadline) {
                fail(t.goroutine() + " never waited on " + reason + ": " + info + "; " + dev.goro.Runtime.schedStats());
            }
            Thread.sleep(1);
        }
    }

    /** Waits until a platform thread is parked (it has no goroutine record to show a wait reason). */
    static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, t + " never parked");
            Thread.sleep(1);
        }
    }

    /** Spins for a random short while: shifts the interleaving of racing operations from run to run. */
    static void jitter(java.util.Random rnd, int max) {
        for (int i = rnd.nextInt(max); i > 0; i--) {
            Thread.onSpinWait();
        }
    }
}
