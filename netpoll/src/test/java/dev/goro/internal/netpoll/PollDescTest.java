package dev.goro.internal.netpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.internal.sched.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The waiter state machine of {@link PollDesc} under races: each test runs a bounded number of rounds in which
 * a goroutine waits while another thread fires a wake-up at a random moment (before the prepare, between the
 * prepare and the park, or during the park). A lost wake-up shows as a hang, caught by the timeout; the
 * outcome of every round is checked. Rerun: {@code mvn -pl netpoll -am test -Dtest=PollDescTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollDescTest {
    private static final int ROUNDS = 20_000;

    /**
     * Runs ROUNDS rounds: a waiter goroutine calls {@code waiter} while the test thread calls {@code waker}
     * after a random short spin; returns how many rounds the waiter saw each result code.
     */
    private static int[] race(Callable<PollDesc> fresh, java.util.function.ToIntFunction<PollDesc> waiter,
                              java.util.function.Consumer<PollDesc> waker) throws Exception {
        int[] outcomes = new int[4];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        for (int i = 0; i < ROUNDS; i++) {
            PollDesc pd = fresh.call();
            AtomicInteger result = new AtomicInteger(-1);
            dev.goro.Goroutine g = Go.go("waiter", () -> result.set(waiter.applyAsInt(pd)));
            int spin = rnd.nextInt(200);
            for (int s = 0; s < spin; s++) {
                Thread.onSpinWait();
            }
            waker.accept(pd);
            assertTrue(g.join(java.time.Duration.ofSeconds(10)), "lost wake-up in round " + i + ": " + pd);
            outcomes[result.get()]++;
        }
        return outcomes;
    }

    @Test
    void ready_racingWithWait_neverLosesTheEdge() throws Exception {
        // An edge before prepare() is legitimately cleared by it (the system call that follows sees the data),
        // so each round's edge comes after prepare: between prepare and the waiter's publish (READY latch),
        // or while it is parked (unpark).
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < ROUNDS; i++) {
            PollDesc pd = new PollDesc();
            java.util.concurrent.atomic.AtomicBoolean prepared = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicInteger result = new AtomicInteger(-1);
            dev.goro.Goroutine g = Go.go("waiter", () -> {
                pd.prepare(PollDesc.READ);
                prepared.set(true);
                result.set(pd.waitIo(PollDesc.READ));
            });
            while (!prepared.get()) {
                Thread.onSpinWait();
            }
            int spin = rnd.nextInt(200);
            for (int s = 0; s < spin; s++) {
                Thread.onSpinWait();
            }
            pd.ready(PollDesc.READ);
            assertTrue(g.join(java.time.Duration.ofSeconds(10)), "lost edge in round " + i + ": " + pd);
            assertEquals(PollDesc.OK, result.get());
        }
    }

    @Test
    void evict_racingWithWait_alwaysWakesWithClosing() throws Exception {
        int[] o = race(PollDesc::new, pd -> {
            int err = pd.prepare(PollDesc.WRITE);
            return err != PollDesc.OK ? err : pd.waitIo(PollDesc.WRITE);
        }, PollDesc::evict);
        assertEquals(ROUNDS, o[PollDesc.ERR_CLOSING]);
    }

    @Test
    void setDeadlineToPast_racingWithWait_alwaysWakesWithTimeout() throws Exception {
        int[] o = race(() -> {
            PollDesc pd = new PollDesc();
            pd.setDeadline(PollDesc.READ, Clock.nanoTime() + TimeUnit.HOURS.toNanos(1));
            return pd;
        }, pd -> {
            int err = pd.prepare(PollDesc.READ);
            return err != PollDesc.OK ? err : pd.waitIo(PollDesc.READ);
        }, pd -> pd.setDeadline(PollDesc.READ, Clock.nanoTime() - 1));
        assertEquals(ROUNDS, o[PollDesc.ERR_TIMEOUT]);
    }

    @Test
    void readyForWriter_doesNotWakeReader() throws Exception {
        PollDesc pd = new PollDesc();
        pd.setDeadline(PollDesc.READ, Clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        pd.ready(PollDesc.WRITE);
        assertEquals(PollDesc.OK, pd.prepare(PollDesc.READ));
        IntSupplier wait = () -> pd.waitIo(PollDesc.READ);
        assertEquals(PollDesc.ERR_TIMEOUT, wait.getAsInt(), "only the deadline ends a read wait here");
    }
}
