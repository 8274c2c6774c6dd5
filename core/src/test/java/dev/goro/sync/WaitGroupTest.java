package dev.goro.sync;

import static dev.goro.sync.SyncTesting.awaitParked;
import static dev.goro.sync.SyncTesting.awaitWaiting;
import static dev.goro.sync.SyncTesting.go;
import static dev.goro.sync.SyncTesting.jitter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Runtime;
import dev.goro.sync.SyncTesting.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go's sync.WaitGroup rules (sync/waitgroup_test.go) and goro's interruption rules. */
class WaitGroupTest {

    // Port of TestWaitGroup / testWaitGroup: two groups passing control back and forth.
    @Test
    void await_groupOfGoroutines_returnsOnlyAfterEveryDone() throws Throwable {
        for (int round = 0; round < 8; round++) {
            WaitGroup wg1 = new WaitGroup(), wg2 = new WaitGroup();
            int n = 16;
            wg1.add(n);
            wg2.add(n);
            CountDownLatch exited = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    wg1.done();
                    wg2.await();
                    exited.countDown();
                });
            }
            wg1.await();
            assertEquals(n, exited.getCount(), "WaitGroup released group too soon");
            for (int i = 0; i < n; i++) {
                wg2.done();
            }
            exited.await();
            assertTrue(wg1.isIdle() && wg2.isIdle(), wg1 + " " + wg2);
        }
    }

    @Test
    void await_counterZero_returnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        wg.await();
        wg.add(2);
        wg.done();
        wg.done();
        wg.await();
        assertTrue(wg.isIdle(), wg.toString());
    }

    @Test
    void add_belowZero_throwsGoMessageAndLeavesCounter() {
        WaitGroup wg = new WaitGroup();
        IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        wg.add(1);
        e = assertThrows(IllegalStateException.class, () -> wg.add(-2));
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        assertEquals("WaitGroup[counter=1, waiters=0]", wg.toString());
        wg.done();
        assertTrue(wg.isIdle(), wg.toString());
    }

    @Test
    void add_beyondIntRange_throwsAndLeavesCounter() {
        WaitGroup wg = new WaitGroup();
        wg.add(Integer.MAX_VALUE);
        assertThrows(IllegalArgumentException.class, () -> wg.add(1));
        wg.add(-Integer.MAX_VALUE);
        assertTrue(wg.isIdle(), wg.toString());
    }

    // Go's first misuse check: an Add from zero while waiters are still registered. The state can only be
    // reached in the instant between the zeroing Done and the reset, so the test sets it directly.
    @Test
    void add_fromZeroWhileWaitersRegistered_throwsGoMisuseMessage() throws Exception {
        VarHandle state = MethodHandles.privateLookupIn(WaitGroup.class, MethodHandles.lookup())
                .findVarHandle(WaitGroup.class, "state", long.class);
        WaitGroup wg = new WaitGroup();
        state.setVolatile(wg, 1L); // counter 0, one waiter
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wg.add(1));
        assertEquals("sync: WaitGroup misuse: Add called concurrently with Wait", e.getMessage());
        assertEquals(1L, (long) state.getVolatile(wg), "unchanged");
    }

    /**
     * Go's second misuse check: a waiter that wakes to find the group already counting again. A goroutine
     * releases the waiter (which becomes its processor's runnext) and reuses the group before yielding; with
     * one processor the waiter cannot run in between. Retried a bounded number of times in case a stray
     * processor still runs while GOMAXPROCS shrinks.
     */
    @Test
    void await_groupReusedBeforeWaitReturned_throwsGoMessage() throws Throwable {
        int previous = Runtime.setGOMAXPROCS(1);
        try {
            Throwable seen = null;
            for (int attempt = 0; attempt < 20 && seen == null; attempt++) {
                WaitGroup wg = new WaitGroup();
                AtomicReference<Throwable> out = new AtomicReference<>();
                Go.main(() -> {
                    wg.add(1);
                    Task waiter = go("waiter", wg::await);
                    awaitWaiting(waiter, "sync.WaitGroup.Wait");
                    wg.done(); // releases the waiter into our runnext...
                    wg.add(1); // ...and reuses the group before it can run
                    out.set(waiter.joinOutcome());
                    return null;
                });
                seen = out.get();
            }
            assertInstanceOf(IllegalStateException.class, seen);
            assertEquals("sync: WaitGroup is reused before previous Wait has returned", seen.getMessage());
        } finally {
            Runtime.setGOMAXPROCS(previous);
        }
    }

    @Test
    void go_startsAndCountsGoroutines() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            wg.go(ran::incrementAndGet);
        }
        wg.await();
        assertEquals(100, ran.get());
        assertTrue(wg.isIdle(), wg.toString());
    }

    @Test
    void go_taskThrows_stillCountsDone() {
        WaitGroup wg = new WaitGroup();
        AtomicReference<Throwable> reported = new AtomicReference<>();
        Go.setUncaughtExceptionHandler((g, t) -> reported.set(t));
        try {
            wg.go(() -> {
                throw new IllegalArgumentException("boom");
            });
            wg.await();
        } finally {
            Go.setUncaughtExceptionHandler(null);
        }
        assertTrue(wg.isIdle(), wg.toString());
    }

    @Test
    void go_nullTask_throwsNpeNamingIt() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new WaitGroup().go(null));
        assertEquals("task", e.getMessage());
    }

    @Test
    void await_platformThread_blocksUntilDone() throws Throwable {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicBoolean returned = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            wg.await();
            returned.set(true);
        });
        awaitParked(t);
        go("done", wg::done).joinOk();
        t.join(SyncTesting.HANG_GUARD.toMillis());
        assertTrue(returned.get());
    }

    @Test
    void await_interruptedWhileWaiting_throwsAndOthersAreStillReleased() throws Throwable {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Task a = go("a", wg::await);
        Task b = go("b", wg::await);
        awaitWaiting(a, "sync.WaitGroup.Wait");
        awaitWaiting(b, "sync.WaitGroup.Wait");
        a.interrupt();
        Throwable t = a.joinOutcome();
        assertInstanceOf(GoInterruptedException.class, t);
        assertEquals("sync.WaitGroup.Wait interrupted", t.getMessage());
        assertEquals("WaitGroup[counter=1, waiters=1]", wg.toString());
        wg.done();
        b.joinOk();
        assertTrue(wg.isIdle(), wg.toString());
    }

    @Test
    void await_interruptedOnEntry_throwsEvenAtZero() throws Throwable {
        WaitGroup wg = new WaitGroup();
        Throwable t = go("interrupted", () -> {
            Thread.currentThread().interrupt();
            wg.await();
        }).joinOutcome();
        assertInstanceOf(GoInterruptedException.class, t);
    }

    /** Interrupts racing the final done(): each waiter either returns or throws, none hangs, nothing is left. */
    @Test
    void await_interruptRacingFinalDone_neverHangsOrLeavesPermits() throws Throwable {
        Random rnd = new Random(3);
        for (int iter = 0; iter < 200; iter++) {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            List<Task> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Task w = go("waiter-" + i, wg::await);
                awaitWaiting(w, "sync.WaitGroup.Wait");
                waiters.add(w);
            }
            long seed = rnd.nextLong();
            Task interrupter = go("interrupter", () -> {
                jitter(new Random(seed), 3_000);
                waiters.get(1).interrupt();
            });
            jitter(rnd, 3_000);
            wg.done();
            interrupter.joinOk();
            assertNull(waiters.get(0).joinOutcome());
            assertNull(waiters.get(2).joinOutcome());
            Throwable t = waiters.get(1).joinOutcome();
            assertTrue(t == null || t instanceof GoInterruptedException, String.valueOf(t));
            assertTrue(wg.isIdle(), "iteration " + iter + ": " + wg);
        }
    }
}
