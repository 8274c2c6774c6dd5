package dev.goro.sync;

import static dev.goro.sync.SyncTesting.awaitParked;
import static dev.goro.sync.SyncTesting.awaitWaiting;
import static dev.goro.sync.SyncTesting.go;
import static dev.goro.sync.SyncTesting.jitter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.GoInterruptedException;
import dev.goro.GoroutineInfo;
import dev.goro.Runtime;
import dev.goro.internal.sync.Sema;
import dev.goro.sync.SyncTesting.Task;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Go's sync.Mutex rules (sync/mutex_test.go) and goro's interruption rules. */
class MutexTest {

    // Port of the TryLock part of TestMutex.
    @Test
    void tryLock_heldOrFree_failsThenSucceeds() {
        Mutex m = new Mutex();
        m.lock();
        assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
        m.unlock();
        assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void unlock_ofUnlockedMutex_throwsGoMessageAndChangesNothing() {
        Mutex m = new Mutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertTrue(m.isIdle(), m.describe());
        m.lock();
        m.unlock();
        assertThrows(IllegalStateException.class, m::unlock);
        assertTrue(m.tryLock());
        m.unlock();
    }

    // Port of TestMutex / HammerMutex: many goroutines, one at a time inside.
    @Test
    void lock_manyGoroutines_admitsOneAtATime() throws Throwable {
        Mutex m = new Mutex();
        int goroutines = 10, iterations = 2_000;
        int[] counter = {0}; // plain field: only the mutex makes the increments safe
        AtomicInteger inside = new AtomicInteger();
        List<Task> tasks = new ArrayList<>();
        for (int g = 0; g < goroutines; g++) {
            tasks.add(go("hammer-" + g, () -> {
                for (int i = 0; i < iterations; i++) {
                    m.lock();
                    assertEquals(1, inside.incrementAndGet(), "two holders at once");
                    counter[0]++;
                    if (i % 100 == 0) {
                        Thread.yield(); // hold it across a reschedule now and then
                    }
                    inside.decrementAndGet();
                    m.unlock();
                }
            }));
        }
        for (Task t : tasks) {
            t.joinOk();
        }
        m.lock();
        assertEquals(goroutines * iterations, counter[0]);
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_platformThreadsAndGoroutines_shareOneMutex() throws Throwable {
        Mutex m = new Mutex();
        int iterations = 2_000;
        int[] counter = {0};
        List<Task> tasks = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicInteger threadFailures = new AtomicInteger();
        for (int g = 0; g < 4; g++) {
            tasks.add(go("goroutine-" + g, () -> {
                for (int i = 0; i < iterations; i++) {
                    m.lock();
                    counter[0]++;
                    m.unlock();
                }
            }));
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < iterations; i++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                } catch (Throwable e) {
                    threadFailures.incrementAndGet();
                }
            }, "platform-" + g);
            threads.add(t);
            t.start();
        }
        for (Task t : tasks) {
            t.joinOk();
        }
        for (Thread t : threads) {
            t.join(SyncTesting.HANG_GUARD.toMillis());
            assertFalse(t.isAlive());
        }
        assertEquals(0, threadFailures.get());
        m.lock();
        assertEquals(8 * iterations, counter[0]);
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_platformThreadWaitsForGoroutine_blocksThreadThenGetsLock() throws Throwable {
        Mutex m = new Mutex();
        m.lock();
        AtomicBoolean got = new AtomicBoolean();
        Thread t = new Thread(() -> {
            m.lock();
            got.set(true);
            m.unlock();
        });
        t.start();
        awaitParked(t);
        assertFalse(got.get());
        go("unlocker", m::unlock).joinOk();
        t.join(SyncTesting.HANG_GUARD.toMillis());
        assertTrue(got.get());
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void unlock_fromAnotherGoroutine_isAllowedAsInGo() throws Throwable {
        Mutex m = new Mutex();
        go("locker", m::lock).joinOk();
        assertFalse(m.tryLock());
        go("unlocker", m::unlock).joinOk();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_twiceBySameGoroutine_waitsBecauseNotReentrant() throws Throwable {
        Mutex m = new Mutex();
        AtomicBoolean second = new AtomicBoolean();
        Task t = go("relocker", () -> {
            m.lock();
            m.lock(); // waits for someone else's unlock
            second.set(true);
            m.unlock();
        });
        awaitWaiting(t, "sync.Mutex.Lock");
        assertFalse(second.get());
        m.unlock(); // the first lock, released by another goroutine
        t.joinOk();
        assertTrue(second.get());
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_whileHeld_parksGoroutineWithWaitReasonSyncMutexLock() throws Throwable {
        Mutex m = new Mutex();
        m.lock();
        Task t = go("waiter", () -> {
            m.lock();
            m.unlock();
        });
        awaitWaiting(t, "sync.Mutex.Lock");
        GoroutineInfo info = Runtime.goroutines().stream()
                .filter(i -> i.id() == t.goroutine().id()).findFirst().orElseThrow();
        assertEquals("sync.Mutex.Lock", info.waitReason());
        m.unlock();
        t.joinOk();
    }

    // Port of TestMutexFairness: a goroutine that re-locks at once cannot keep a waiter out for long, because a
    // waiter that waited more than 1 ms switches the mutex to starvation mode and gets it handed over.
    @Test
    void lock_againstGoroutineRelockingAtOnce_starvationModeLetsWaiterIn() throws Throwable {
        Mutex m = new Mutex();
        AtomicBoolean stop = new AtomicBoolean();
        int maxHogRounds = 200_000; // a bound, not a timer: the waiter needs a few hundred at most
        AtomicInteger hogRounds = new AtomicInteger();
        Task hog = go("hog", () -> {
            while (!stop.get() && hogRounds.incrementAndGet() < maxHogRounds) {
                m.lock();
                LockSupport.parkNanos(100_000); // Go's time.Sleep(100 * time.Microsecond), lock held
                m.unlock();
            }
        });
        Task waiter = go("waiter", () -> {
            for (int i = 0; i < 10; i++) {
                LockSupport.parkNanos(100_000);
                m.lock();
                m.unlock();
            }
        });
        waiter.joinOk();
        stop.set(true);
        hog.joinOk();
        assertTrue(hogRounds.get() < maxHogRounds, "the waiter was starved for " + hogRounds + " rounds");
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_interruptedOnEntry_throwsAndTakesNothing() throws Throwable {
        Mutex m = new Mutex();
        Throwable t = go("interrupted", () -> {
            Thread.currentThread().interrupt();
            GoInterruptedException e = assertThrows(GoInterruptedException.class, m::lock);
            assertEquals("sync.Mutex.Lock interrupted", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
        }).joinOutcome();
        assertNull(t);
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_interruptedWhileWaiting_throwsKeepsStatusAndTakesNoTurn() throws Throwable {
        Mutex m = new Mutex();
        m.lock();
        AtomicBoolean aGot = new AtomicBoolean();
        Task a = go("a", () -> {
            try {
                m.lock();
                aGot.set(true);
            } finally {
                assertTrue(Thread.currentThread().isInterrupted());
            }
        });
        awaitWaiting(a, "sync.Mutex.Lock");
        AtomicBoolean bGot = new AtomicBoolean();
        Task b = go("b", () -> {
            m.lock();
            bGot.set(true);
            m.unlock();
        });
        awaitWaiting(b, "sync.Mutex.Lock");
        a.interrupt();
        assertInstanceOf(GoInterruptedException.class, a.joinOutcome());
        assertFalse(aGot.get());
        m.unlock(); // the wake-up goes to b, the only waiter left
        b.joinOk();
        assertTrue(bGot.get());
        assertTrue(m.isIdle(), m.describe());
    }

    /**
     * Races an interrupt of one waiter against the unlock that may be about to wake it. Whatever the
     * interleaving, the interrupted waiter either got the lock (and released it) or threw holding nothing, and
     * the other waiter always gets the lock: the interrupt never swallows a wake-up. Probes the Mutex's
     * cancelWait cases, including the ghost that receives a wake-up already committed to a departed waiter.
     */
    @Test
    void lock_interruptRacingUnlock_neverLosesAWakeup() throws Throwable {
        Random rnd = new Random(42);
        for (int iter = 0; iter < 300; iter++) {
            Mutex m = new Mutex();
            m.lock();
            AtomicInteger holders = new AtomicInteger();
            Task a = go("a", () -> {
                try {
                    m.lock();
                } catch (GoInterruptedException e) {
                    return;
                }
                assertEquals(1, holders.incrementAndGet());
                holders.decrementAndGet();
                m.unlock();
            });
            Task b = go("b", () -> {
                m.lock();
                assertEquals(1, holders.incrementAndGet());
                holders.decrementAndGet();
                m.unlock();
            });
            awaitWaiting(a, "sync.Mutex.Lock");
            awaitWaiting(b, "sync.Mutex.Lock");
            long seed = rnd.nextLong();
            CountDownLatch start = new CountDownLatch(1);
            Task interrupter = go("interrupter", () -> {
                start.await();
                jitter(new Random(seed), 2_000);
                a.interrupt();
            });
            start.countDown();
            jitter(rnd, 2_000);
            m.unlock();
            interrupter.joinOk();
            Throwable aOut = a.joinOutcome();
            assertNull(aOut);
            b.joinOk();
            assertTrue(m.isIdle(), "iteration " + iter + ": " + m.describe());
        }
    }

    /**
     * Many goroutines lock with critical sections long enough to trigger starvation mode, while a random
     * subset is interrupted. Mutual exclusion holds throughout and the mutex ends idle with no stray permit or
     * waiter count, whichever of the withdrawal, normal-mode ghost and starvation ghost paths ran.
     */
    @Test
    void lock_interruptsUnderStarvingContention_keepMutualExclusionAndEndIdle() throws Throwable {
        Mutex m = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        int goroutines = 8, rounds = 60;
        List<Task> tasks = new ArrayList<>();
        for (int g = 0; g < goroutines; g++) {
            int id = g;
            tasks.add(go("contender-" + g, () -> {
                Random rnd = new Random(id);
                for (int i = 0; i < rounds; i++) {
                    Thread.interrupted(); // start each round clean
                    try {
                        m.lock();
                    } catch (GoInterruptedException e) {
                        interrupted.incrementAndGet();
                        continue;
                    }
                    assertEquals(1, inside.incrementAndGet(), "two holders at once");
                    acquired.incrementAndGet();
                    if (rnd.nextInt(4) == 0) {
                        LockSupport.parkNanos(1_200_000); // longer than the starvation threshold
                    }
                    inside.decrementAndGet();
                    Thread.interrupted(); // an interrupt aimed at the wait may land here; unlock ignores it
                    m.unlock();
                }
            }));
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 300 && tasks.stream().anyMatch(t -> t.goroutine().isAlive()); i++) {
            tasks.get(rnd.nextInt(goroutines)).interrupt();
            LockSupport.parkNanos(200_000);
        }
        for (Task t : tasks) {
            t.joinOk();
        }
        assertEquals(goroutines * rounds, acquired.get() + interrupted.get());
        assertTrue(m.isIdle(), m.describe());
    }

    // ---- White-box: an unlocker paused between its state CAS and its sema release ------------------------
    // The window is a few instructions wide, too narrow to hit by racing; these tests perform the two halves of
    // unlockSlow by hand, with the interrupt in between, to pin the ghost cases of Mutex.cancelWait.

    private static final int LOCKED = 1, WOKEN = 2, STARVING = 4, WAITER = 8;

    private static VarHandle stateHandle() throws ReflectiveOperationException {
        return MethodHandles.privateLookupIn(Mutex.class, MethodHandles.lookup())
                .findVarHandle(Mutex.class, "state", int.class);
    }

    private static Sema semaOf(Mutex m) throws Throwable {
        MethodHandle h = MethodHandles.privateLookupIn(Mutex.class, MethodHandles.lookup())
                .findVirtual(Mutex.class, "sema", MethodType.methodType(Sema.class));
        return (Sema) h.invoke(m);
    }

    @Test
    void lock_interruptedAfterUnlockChoseIt_ghostPassesWakeupToNextWaiter() throws Throwable {
        VarHandle state = stateHandle();
        Mutex m = new Mutex();
        m.lock();
        Task a = go("a", m::lock);
        awaitWaiting(a, "sync.Mutex.Lock");
        Task b = go("b", () -> {
            m.lock();
            m.unlock();
        });
        awaitWaiting(b, "sync.Mutex.Lock");
        // First half of a normal-mode unlock that chooses a waiter: unlocked, one unit out, WOKEN.
        assertTrue(state.compareAndSet(m, LOCKED + 2 * WAITER, WAITER | WOKEN), m.describe());
        // a is interrupted before the permit arrives. Its unit is still counted (b's was taken, units are
        // anonymous), so it withdraws; the permit then goes to b.
        a.interrupt();
        assertInstanceOf(GoInterruptedException.class, a.joinOutcome());
        assertEquals(WOKEN, (int) state.getVolatile(m), m.describe());
        semaOf(m).release(false); // second half
        b.joinOk();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_interruptedWhenItsWakeupIsInFlight_leavesGhostThatGivesUpWoken() throws Throwable {
        VarHandle state = stateHandle();
        Mutex m = new Mutex();
        m.lock();
        Task a = go("a", m::lock);
        awaitWaiting(a, "sync.Mutex.Lock");
        assertTrue(state.compareAndSet(m, LOCKED + WAITER, WOKEN), m.describe()); // a's unit taken: case (a)
        a.interrupt();
        assertInstanceOf(GoInterruptedException.class, a.joinOutcome());
        assertEquals(WOKEN, (int) state.getVolatile(m), "a's wake-up is still owed: " + m.describe());
        assertTrue(semaOf(m).describe().contains("ghosts=1"), semaOf(m).describe());
        semaOf(m).release(false); // reaches the ghost, which clears WOKEN
        assertTrue(m.isIdle(), m.describe());
        assertTrue(m.tryLock());
        m.unlock();
    }

    @Test
    void lock_interruptedWhenStarvationHandoffIsInFlight_ghostHandsLockToNextWaiter() throws Throwable {
        VarHandle state = stateHandle();
        Mutex m = new Mutex();
        m.lock();
        Task a = go("a", m::lock);
        awaitWaiting(a, "sync.Mutex.Lock");
        // Starvation mode with a as the only waiter, then the first half of unlock: LOCKED cleared, handoff due.
        assertTrue(state.compareAndSet(m, LOCKED + WAITER, STARVING + WAITER), m.describe()); // case (b)
        a.interrupt();
        assertInstanceOf(GoInterruptedException.class, a.joinOutcome());
        assertEquals(STARVING + WAITER, (int) state.getVolatile(m), m.describe());
        assertFalse(m.tryLock(), "a starving mutex belongs to the handoff's recipient");
        Task b = go("b", () -> {
            m.lock();
            m.unlock();
        });
        awaitWaiting(b, "sync.Mutex.Lock"); // queued behind the ghost
        semaOf(m).release(true); // the ghost takes the lock and unlocks it, handing it to b
        b.joinOk();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_lastWaiterOfHeldStarvingMutexInterrupted_endsStarvationMode() throws Throwable {
        VarHandle state = stateHandle();
        Mutex m = new Mutex();
        m.lock();
        Task a = go("a", m::lock);
        awaitWaiting(a, "sync.Mutex.Lock");
        assertTrue(state.compareAndSet(m, LOCKED + WAITER, LOCKED + STARVING + WAITER), m.describe());
        a.interrupt();
        assertInstanceOf(GoInterruptedException.class, a.joinOutcome());
        assertEquals(LOCKED, (int) state.getVolatile(m), "no waiter left, so no starvation: " + m.describe());
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }
}
