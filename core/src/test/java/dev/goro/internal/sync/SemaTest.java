package dev.goro.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.internal.sched.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The semaphore's contract (Go's runtime/sema.go plus goro's ghosts), with a scripted owner. */
class SemaTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    /** A sema whose cancelWait answer the test chooses. */
    private static final class ScriptedSema extends Sema {
        volatile Supplier<Runnable> onCancel = () -> null;
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        protected Runnable cancelWait() {
            assertTrue(Thread.holdsLock(this), "cancelWait runs under the queue lock");
            cancels.incrementAndGet();
            return onCancel.get();
        }
    }

    private record Waiter(Goroutine goroutine, AtomicReference<Throwable> failure) {
        Throwable outcome() throws InterruptedException {
            assertTrue(goroutine.join(HANG_GUARD), goroutine + " did not finish");
            return failure.get();
        }
    }

    private static Waiter acquirer(Sema s, String name, boolean lifo, LinkedBlockingQueue<String> order) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Goroutine g = Go.go(name, () -> {
            try {
                s.acquire(WaitReason.SEMACQUIRE, lifo);
                order.add(name);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        return new Waiter(g, failure);
    }

    private static void awaitQueued(Waiter w) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        for (;;) {
            GoroutineInfo info = w.goroutine().info();
            if (info != null && info.state() == GoroutineState.WAITING && info.waitReason().equals("semacquire")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(w.goroutine() + " never queued: " + info);
            }
            Thread.sleep(1);
        }
    }

    private static String next(LinkedBlockingQueue<String> order) throws InterruptedException {
        String s = order.poll(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(s != null, "nobody woke");
        return s;
    }

    @Test
    void acquire_afterRelease_takesStoredPermitWithoutParking() {
        ScriptedSema s = new ScriptedSema();
        s.release(false);
        s.release(false);
        s.acquire(WaitReason.SEMACQUIRE, false);
        s.acquire(WaitReason.SEMACQUIRE, false);
        assertTrue(s.isIdle(), s.describe());
    }

    @Test
    void release_manyQueuedWaiters_grantsInFifoOrder() throws InterruptedException {
        ScriptedSema s = new ScriptedSema();
        LinkedBlockingQueue<String> order = new LinkedBlockingQueue<>();
        List<Waiter> ws = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Waiter w = acquirer(s, "w" + i, false, order);
            awaitQueued(w);
            ws.add(w);
        }
        for (int i = 0; i < 5; i++) {
            s.release(false);
            assertEquals("w" + i, next(order));
        }
        for (Waiter w : ws) {
            assertNull(w.outcome());
        }
        assertTrue(s.isIdle(), s.describe());
    }

    // Go's lifo flag: a waiter that was woken before and lost the race goes back to the head.
    @Test
    void acquire_lifo_queuesAheadOfEarlierWaiters() throws InterruptedException {
        ScriptedSema s = new ScriptedSema();
        LinkedBlockingQueue<String> order = new LinkedBlockingQueue<>();
        Waiter first = acquirer(s, "first", false, order);
        awaitQueued(first);
        Waiter again = acquirer(s, "again", true, order);
        awaitQueued(again);
        s.release(false);
        assertEquals("again", next(order));
        s.release(false);
        assertEquals("first", next(order));
        assertNull(first.outcome());
        assertNull(again.outcome());
    }

    @Test
    void acquire_interruptedWhileQueued_withdrawsAndLeavesPermitForNextWaiter() throws InterruptedException {
        ScriptedSema s = new ScriptedSema();
        LinkedBlockingQueue<String> order = new LinkedBlockingQueue<>();
        Waiter a = acquirer(s, "a", false, order);
        awaitQueued(a);
        Waiter b = acquirer(s, "b", false, order);
        awaitQueued(b);
        a.goroutine().interrupt();
        Throwable t = a.outcome();
        assertInstanceOf(GoInterruptedException.class, t);
        assertEquals("semacquire interrupted", t.getMessage());
        assertEquals(1, s.cancels.get());
        s.release(false);
        assertEquals("b", next(order));
        assertNull(b.outcome());
        assertTrue(s.isIdle(), s.describe());
    }

    @Test
    void acquire_interruptedWithWakeupCommitted_ghostKeepsPlaceAndReceivesIt() throws InterruptedException {
        ScriptedSema s = new ScriptedSema();
        AtomicInteger ghostRuns = new AtomicInteger();
        LinkedBlockingQueue<String> order = new LinkedBlockingQueue<>();
        Waiter a = acquirer(s, "a", false, order);
        awaitQueued(a);
        Waiter b = acquirer(s, "b", false, order);
        awaitQueued(b);
        s.onCancel = () -> () -> {
            assertTrue(!Thread.holdsLock(s), "a ghost runs outside the queue lock");
            ghostRuns.incrementAndGet();
        };
        a.goroutine().interrupt();
        assertInstanceOf(GoInterruptedException.class, a.outcome());
        assertTrue(s.describe().contains("queued=2, ghosts=1"), s.describe());
        s.release(false); // the ghost was first in line: it gets this permit, b stays queued
        assertEquals(1, ghostRuns.get());
        assertNull(order.poll(), "b must not take a's wake-up");
        s.release(false);
        assertEquals("b", next(order));
        assertNull(b.outcome());
        assertTrue(s.isIdle(), s.describe());
    }

    @Test
    void acquire_interruptedBeforeQueueing_asksOwnerAndThrows() {
        ScriptedSema s = new ScriptedSema();
        Thread.currentThread().interrupt();
        try {
            assertThrows(GoInterruptedException.class, () -> s.acquire(WaitReason.SEMACQUIRE, false));
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, s.cancels.get());
        assertTrue(s.isIdle(), s.describe());
    }

    @Test
    void acquire_interruptedWithPermitStored_takesItAndReturns() {
        ScriptedSema s = new ScriptedSema();
        s.release(false);
        Thread.currentThread().interrupt();
        try {
            s.acquire(WaitReason.SEMACQUIRE, false); // the permit was already there: the wait is satisfied
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, s.cancels.get());
        assertTrue(s.isIdle(), s.describe());
    }

    /** Releases racing interrupts: every permit is consumed by exactly one waiter or ghost, none is stored. */
    @Test
    void release_racingInterrupts_eachPermitConsumedExactlyOnce() throws InterruptedException {
        for (int iter = 0; iter < 100; iter++) {
            ScriptedSema s = new ScriptedSema();
            AtomicInteger ghostRuns = new AtomicInteger();
            boolean ghosts = iter % 2 == 0;
            s.onCancel = ghosts ? () -> ghostRuns::incrementAndGet : () -> null;
            LinkedBlockingQueue<String> order = new LinkedBlockingQueue<>();
            List<Waiter> ws = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Waiter w = acquirer(s, "w" + i, false, order);
                awaitQueued(w);
                ws.add(w);
            }
            Thread interrupter = Thread.ofPlatform().start(() -> {
                ws.get(0).goroutine().interrupt();
                ws.get(2).goroutine().interrupt();
            });
            for (int i = 0; i < 4; i++) {
                s.release(false);
            }
            interrupter.join();
            int threw = 0;
            for (Waiter w : ws) {
                Throwable t = w.outcome();
                if (t != null) {
                    assertInstanceOf(GoInterruptedException.class, t);
                    threw++;
                }
            }
            int woke = order.size();
            if (ghosts) {
                // Every waiter that threw left a ghost, which took one of the four permits.
                assertEquals(threw, ghostRuns.get());
                assertEquals(4, woke + ghostRuns.get());
                assertTrue(s.isIdle(), s.describe());
            } else {
                // Withdrawn waiters leave their permits to the count: stored, never lost.
                assertEquals(4 - woke, threw);
                assertTrue(s.describe().contains("count=" + threw + ", queued=0"), s.describe());
            }
        }
    }
}
