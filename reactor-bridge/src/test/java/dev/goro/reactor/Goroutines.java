package dev.goro.reactor;

import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.Runtime;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Test helpers that wait for goroutines to reach a state instead of sleeping for a guessed time. */
final class Goroutines {
    /** Hang guard only: no verdict depends on it. */
    static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private Goroutines() {
    }

    /** Waits until a goroutine named {@code name} waits with Go's wait reason {@code reason}; returns its id. */
    static long awaitWaiting(String name, String reason) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (;;) {
            for (GoroutineInfo g : Runtime.goroutines()) {
                if (name.equals(g.name()) && g.state() == GoroutineState.WAITING && reason.equals(g.waitReason())) {
                    return g.id();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no goroutine \"" + name + "\" ever waited on \"" + reason + "\":\n"
                        + Runtime.stack(true));
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Number of live goroutines named {@code name}. */
    static int count(String name) {
        int n = 0;
        for (GoroutineInfo g : Runtime.goroutines()) {
            if (name.equals(g.name())) {
                n++;
            }
        }
        return n;
    }

    /** Waits until no goroutine named {@code name} is alive. */
    static void awaitNone(String name) {
        awaitTrue("goroutines named \"" + name + "\" to finish", () -> count(name) == 0);
    }

    /** Waits until {@code condition} holds; fails after the hang guard. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ":\n" + Runtime.stack(true));
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
