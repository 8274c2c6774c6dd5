package dev.goro.sync;

import static dev.goro.sync.SyncTesting.awaitWaiting;
import static dev.goro.sync.SyncTesting.go;
import static dev.goro.sync.SyncTesting.jitter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.GoInterruptedException;
import dev.goro.sync.SyncTesting.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Go's sync.Cond rules (sync/cond_test.go) and goro's interruption rules. */
class CondTest {

    private static <T> T take(LinkedBlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(SyncTesting.HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(v, "nothing arrived");
        return v;
    }

    /** A goroutine that waits once on c under m, reporting {@code id} on {@code awake} when woken. */
    private static Task waiter(Mutex m, Cond c, int id, LinkedBlockingQueue<Integer> awake) {
        return go("waiter-" + id, () -> {
            m.lock();
            try {
                c.await();
                awake.add(id);
            } finally {
                m.unlock();
            }
        });
    }

    // Port of TestCondSignal: each signal wakes exactly one waiter.
    @Test
    void signal_severalWaiters_wakesOneAtATime() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
        List<Task> ws = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Task w = waiter(m, c, i, awake);
            awaitWaiting(w, "sync.Cond.Wait");
            ws.add(w);
        }
        for (int i = 0; i < 4; i++) {
            c.signal();
            take(awake);
            m.lock(); // the woken one has left its critical section: nobody else woke meanwhile
            assertTrue(awake.isEmpty(), "a signal woke more than one goroutine");
            m.unlock();
        }
        for (Task w : ws) {
            w.joinOk();
        }
    }

    // Port of TestCondSignalGenerations: a signal wakes the goroutine that has waited longest.
    @Test
    void signal_waitersOfSuccessiveGenerations_wakeInArrivalOrder() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 50;
        LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
        for (int i = 0; i < n; i++) {
            Task w = waiter(m, c, i, awake);
            if (i > 0) {
                assertEquals(i - 1, take(awake), "wrong goroutine woke up");
            }
            awaitWaiting(w, "sync.Cond.Wait");
            m.lock();
            c.signal();
            m.unlock();
        }
        assertEquals(n - 1, take(awake));
    }

    @Test
    void signal_beforeLaterWaiterArrives_neverWakesTheLaterOne() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
        m.lock(); // the first waiter cannot even relock until we are done
        Task first = go("first", () -> {
            m.lock();
            c.await();
            awake.add(1);
            m.unlock();
        });
        m.unlock();
        awaitWaiting(first, "sync.Cond.Wait");
        c.signal(); // for the first waiter only
        Task later = waiter(m, c, 2, awake);
        assertEquals(1, take(awake));
        awaitWaiting(later, "sync.Cond.Wait");
        assertTrue(awake.isEmpty());
        c.signal();
        assertEquals(2, take(awake));
        first.joinOk();
        later.joinOk();
    }

    // Port of TestCondBroadcast (reduced): one broadcast wakes every waiter.
    @Test
    void broadcast_manyWaiters_wakesEveryone() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
        List<Task> ws = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Task w = waiter(m, c, i, awake);
            awaitWaiting(w, "sync.Cond.Wait");
            ws.add(w);
        }
        c.broadcast();
        for (Task w : ws) {
            w.joinOk();
        }
        assertEquals(10, awake.size());
    }

    // Port of TestCondSignalStealing: a broadcast racing a new waiter must still wake the old one.
    @Test
    void broadcast_racingNewWaiter_alwaysWakesEarlierWaiter() throws Throwable {
        for (int iter = 0; iter < 200; iter++) {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
            Task first = waiter(m, c, 1, awake);
            awaitWaiting(first, "sync.Cond.Wait");
            AtomicBoolean done = new AtomicBoolean();
            Task broadcaster = go("broadcaster", c::broadcast);
            Task second = go("second", () -> {
                m.lock();
                try {
                    while (!done.get()) {
                        c.await();
                    }
                } finally {
                    m.unlock();
                }
            });
            assertEquals(1, take(awake), "first waiter didn't get broadcast");
            m.lock();
            done.set(true);
            m.unlock();
            c.broadcast();
            broadcaster.joinOk();
            second.joinOk();
            first.joinOk();
        }
    }

    @Test
    void await_withReadLocker_waitsAndRelocksForReading() throws Throwable {
        RWMutex rw = new RWMutex();
        Cond c = new Cond(rw.rLocker());
        AtomicBoolean flag = new AtomicBoolean();
        List<Task> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Task r = go("reader-" + i, () -> {
                rw.rLock();
                try {
                    while (!flag.get()) {
                        c.await();
                    }
                    assertFalse(rw.tryLock(), "await returns holding the read lock");
                } finally {
                    rw.rUnlock();
                }
            });
            awaitWaiting(r, "sync.Cond.Wait");
            readers.add(r);
        }
        rw.lock();
        flag.set(true);
        rw.unlock();
        c.broadcast();
        for (Task r : readers) {
            r.joinOk();
        }
        assertTrue(rw.isIdle(), rw.describe());
    }

    @Test
    void await_interruptedWhileWaiting_throwsHoldingLockAndNextSignalWakesOthers() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
        AtomicBoolean heldOnThrow = new AtomicBoolean();
        Task a = go("a", () -> {
            m.lock();
            try {
                c.await();
            } catch (GoInterruptedException e) {
                heldOnThrow.set(!m.tryLock());
                throw e;
            } finally {
                m.unlock();
            }
        });
        awaitWaiting(a, "sync.Cond.Wait");
        Task b = waiter(m, c, 2, awake);
        awaitWaiting(b, "sync.Cond.Wait");
        a.interrupt();
        Throwable t = a.joinOutcome();
        assertInstanceOf(GoInterruptedException.class, t);
        assertEquals("sync.Cond.Wait interrupted", t.getMessage());
        assertTrue(heldOnThrow.get(), "await must relock before throwing");
        c.signal(); // a's ticket is a tombstone now: the signal goes to b
        assertEquals(2, take(awake));
        b.joinOk();
    }

    @Test
    void await_interruptedOnEntry_throwsAndKeepsLock() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        Throwable t = go("a", () -> {
            m.lock();
            Thread.currentThread().interrupt();
            try {
                c.await();
            } finally {
                assertFalse(m.tryLock(), "still held");
                m.unlock();
            }
        }).joinOutcome();
        assertInstanceOf(GoInterruptedException.class, t);
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void await_withoutHoldingLocker_throwsUnlockMessageAndTakesNoSignal() throws Throwable {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::await);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertTrue(m.isIdle(), "a failed await locks nothing: " + m.describe());
        LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
        Task w = waiter(m, c, 1, awake);
        awaitWaiting(w, "sync.Cond.Wait");
        c.signal(); // must not be spent on the failed await's ticket
        assertEquals(1, take(awake));
        w.joinOk();
    }

    /**
     * A signal racing an interrupt of the waiter it targets: either the signal reached the waiter first
     * (it returns normally, interrupt pending) or the waiter withdrew first and the signal woke the next
     * waiter. Never both asleep: the interrupt does not swallow the signal.
     */
    @Test
    void signal_racingInterruptOfItsWaiter_isNeverLost() throws Throwable {
        Random rnd = new Random(5);
        for (int iter = 0; iter < 200; iter++) {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            AtomicInteger woken = new AtomicInteger();
            AtomicInteger interruptedA = new AtomicInteger();
            Task a = go("a", () -> {
                m.lock();
                try {
                    c.await();
                    woken.incrementAndGet();
                } catch (GoInterruptedException e) {
                    interruptedA.incrementAndGet();
                } finally {
                    m.unlock();
                }
            });
            awaitWaiting(a, "sync.Cond.Wait");
            LinkedBlockingQueue<Integer> awake = new LinkedBlockingQueue<>();
            Task b = waiter(m, c, 2, awake);
            awaitWaiting(b, "sync.Cond.Wait");
            long seed = rnd.nextLong();
            Task interrupter = go("interrupter", () -> {
                jitter(new Random(seed), 3_000);
                a.interrupt();
            });
            jitter(rnd, 3_000);
            c.signal();
            interrupter.joinOk();
            assertNull(a.joinOutcome());
            if (woken.get() == 1) {
                assertTrue(awake.isEmpty(), "one signal woke two waiters");
                c.signal(); // b is still waiting: release it
            } else {
                assertEquals(1, interruptedA.get());
            }
            assertEquals(2, take(awake), "iteration " + iter + ": the signal was lost");
            b.joinOk();
        }
    }

    @Test
    void newCond_nullLocker_throwsNpeNamingIt() {
        assertEquals("locker", assertThrows(NullPointerException.class, () -> new Cond(null)).getMessage());
    }
}
