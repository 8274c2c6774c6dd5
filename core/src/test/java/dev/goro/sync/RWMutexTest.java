package dev.goro.sync;

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
import dev.goro.internal.sync.Sema;
import dev.goro.sync.SyncTesting.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Go's sync.RWMutex rules (sync/rwmutex_test.go) and goro's interruption rules. */
class RWMutexTest {

    // Port of the TryLock / TryRLock part of TestRWMutex.
    @Test
    void tryLockAndTryRLock_followHeldModes() {
        RWMutex m = new RWMutex();
        m.lock();
        assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
        assertFalse(m.tryRLock(), "TryRLock succeeded with mutex locked");
        m.unlock();
        assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
        assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
        assertFalse(m.tryRLock(), "TryRLock succeeded with mutex locked");
        m.unlock();
        assertTrue(m.tryRLock(), "TryRLock failed with mutex unlocked");
        assertTrue(m.tryRLock(), "TryRLock failed with mutex rlocked");
        assertFalse(m.tryLock(), "TryLock succeeded with mutex rlocked");
        m.rUnlock();
        m.rUnlock();
        assertTrue(m.isIdle(), m.describe());
    }

    // Port of TestParallelReaders: readers hold the lock together.
    @Test
    void rLock_manyReaders_holdTheLockTogether() throws Throwable {
        RWMutex m = new RWMutex();
        int readers = 8;
        CountDownLatch allIn = new CountDownLatch(readers);
        CountDownLatch leave = new CountDownLatch(1);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            tasks.add(go("reader-" + i, () -> {
                m.rLock();
                allIn.countDown();
                leave.await();
                m.rUnlock();
            }));
        }
        assertTrue(allIn.await(SyncTesting.HANG_GUARD.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        assertFalse(m.tryLock());
        leave.countDown();
        for (Task t : tasks) {
            t.joinOk();
        }
        assertTrue(m.isIdle(), m.describe());
    }

    // Port of HammerRWMutex: readers see no writer, writers see nobody.
    @Test
    void lockAndRLock_hammered_writersExclusiveReadersShared() throws Throwable {
        RWMutex m = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        int iterations = 1_000;
        List<Task> tasks = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            boolean writer = g % 4 == 0;
            tasks.add(go((writer ? "writer-" : "reader-") + g, () -> {
                for (int i = 0; i < iterations; i++) {
                    if (writer) {
                        m.lock();
                        assertEquals(10_000, activity.addAndGet(10_000), "writer shares the lock");
                        Thread.yield();
                        activity.addAndGet(-10_000);
                        m.unlock();
                    } else {
                        m.rLock();
                        assertTrue(activity.incrementAndGet() < 10_000, "reader shares with a writer");
                        Thread.yield();
                        activity.decrementAndGet();
                        m.rUnlock();
                    }
                }
            }));
        }
        for (Task t : tasks) {
            t.joinOk();
        }
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void rLock_whileWriterWaits_waitsBehindTheWriter() throws Throwable {
        RWMutex m = new RWMutex();
        m.rLock();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Task writer = go("writer", () -> {
            m.lock();
            order.add("writer");
            m.unlock();
        });
        awaitWaiting(writer, "sync.RWMutex.Lock");
        assertFalse(m.tryRLock(), "a waiting writer stops new readers");
        Task reader = go("late reader", () -> {
            m.rLock();
            order.add("reader");
            m.rUnlock();
        });
        awaitWaiting(reader, "sync.RWMutex.RLock");
        m.rUnlock(); // the last early reader leaves: the writer goes first, then the late reader
        writer.joinOk();
        reader.joinOk();
        assertEquals(List.of("writer", "reader"), order);
        assertTrue(m.isIdle(), m.describe());
    }

    // Readers that keep overlapping (there is always one inside) would starve a writer without writer
    // preference; with it the writer gets in while they are still going.
    @Test
    void lock_againstOverlappingReaders_writerIsNotStarved() throws Throwable {
        RWMutex m = new RWMutex();
        AtomicBoolean writerDone = new AtomicBoolean();
        int maxRounds = 100_000;
        AtomicInteger rounds = new AtomicInteger();
        m.rLock(); // keep a reader inside until both readers run, so they overlap from the start
        List<Task> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(go("reader-" + r, () -> {
                while (!writerDone.get() && rounds.incrementAndGet() < maxRounds) {
                    m.rLock();
                    LockSupport.parkNanos(20_000);
                    m.rUnlock();
                }
            }));
        }
        Task writer = go("writer", () -> {
            m.lock();
            writerDone.set(true);
            m.unlock();
        });
        awaitWaiting(writer, "sync.RWMutex.Lock");
        m.rUnlock();
        writer.joinOk();
        for (Task t : readers) {
            t.joinOk();
        }
        assertTrue(rounds.get() < maxRounds, "the writer waited " + rounds + " reader rounds");
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_behindAnotherWriter_waitsWithReasonSyncMutexLock() throws Throwable {
        RWMutex m = new RWMutex();
        m.lock();
        Task second = go("second writer", () -> {
            m.lock();
            m.unlock();
        });
        awaitWaiting(second, "sync.Mutex.Lock"); // as in Go: writers queue on the embedded Mutex
        m.unlock();
        second.joinOk();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void rUnlock_ofUnlocked_throwsGoMessageAndChangesNothing() {
        RWMutex m = new RWMutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::rUnlock);
        assertEquals("sync: RUnlock of unlocked RWMutex", e.getMessage());
        assertTrue(m.isIdle(), m.describe());
        m.lock();
        e = assertThrows(IllegalStateException.class, m::rUnlock); // write-locked, no reader
        assertEquals("sync: RUnlock of unlocked RWMutex", e.getMessage());
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void unlock_ofUnlocked_throwsGoMessageAndChangesNothing() {
        RWMutex m = new RWMutex();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
        assertEquals("sync: Unlock of unlocked RWMutex", e.getMessage());
        m.rLock();
        assertThrows(IllegalStateException.class, m::unlock); // read-locked only
        m.rUnlock();
        assertTrue(m.isIdle(), m.describe());
    }

    // Port of TestRLocker.
    @Test
    void rLocker_locksForReading() throws Throwable {
        RWMutex m = new RWMutex();
        Locker rl = m.rLocker();
        rl.lock();
        assertTrue(m.tryRLock(), "another reader may join");
        m.rUnlock();
        assertFalse(m.tryLock(), "a writer may not");
        rl.unlock();
        assertTrue(m.tryLock());
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void rLock_interruptedWhileWriterHolds_withdrawsAndOthersStillGetIn() throws Throwable {
        RWMutex m = new RWMutex();
        m.lock();
        Task a = go("a", m::rLock);
        awaitWaiting(a, "sync.RWMutex.RLock");
        Task b = go("b", () -> {
            m.rLock();
            m.rUnlock();
        });
        awaitWaiting(b, "sync.RWMutex.RLock");
        a.interrupt();
        Throwable t = a.joinOutcome();
        assertInstanceOf(GoInterruptedException.class, t);
        assertEquals("sync.RWMutex.RLock interrupted", t.getMessage());
        m.unlock(); // lets in exactly the one reader still waiting
        b.joinOk();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_interruptedWhileReadersInside_throwsAndItsClaimEndsWhenTheyLeave() throws Throwable {
        RWMutex m = new RWMutex();
        m.rLock();
        Task w = go("writer", m::lock);
        awaitWaiting(w, "sync.RWMutex.Lock");
        Task late = go("late reader", () -> {
            m.rLock();
            m.rUnlock();
        });
        awaitWaiting(late, "sync.RWMutex.RLock");
        w.interrupt();
        Throwable t = w.joinOutcome();
        assertInstanceOf(GoInterruptedException.class, t);
        assertEquals("sync.RWMutex.Lock interrupted", t.getMessage());
        assertTrue(late.goroutine().isAlive(), "the claim holds until the counted reader leaves");
        m.rUnlock(); // the ghost of the writer unlocks: the late reader gets in
        late.joinOk();
        assertTrue(m.tryLock(), "no writer left behind");
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    @Test
    void lock_interruptedBehindAnotherWriter_throwsWithReasonOfTheMutex() throws Throwable {
        RWMutex m = new RWMutex();
        m.lock();
        Task w = go("writer", m::lock);
        awaitWaiting(w, "sync.Mutex.Lock");
        w.interrupt();
        assertInstanceOf(GoInterruptedException.class, w.joinOutcome());
        m.unlock();
        assertTrue(m.isIdle(), m.describe());
    }

    /**
     * Readers and writers under random interrupts: writers stay exclusive, and at the end nothing is held,
     * counted or queued, whichever of the withdraw and ghost paths ran (reader ghosts when an Unlock had
     * already counted the reader, writer ghosts when readers were inside).
     */
    @Test
    void lockAndRLock_randomInterrupts_stayExclusiveAndEndIdle() throws Throwable {
        RWMutex m = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        int goroutines = 8, rounds = 150;
        List<Task> tasks = new ArrayList<>();
        for (int g = 0; g < goroutines; g++) {
            boolean writer = g % 3 == 0;
            int id = g;
            tasks.add(go((writer ? "writer-" : "reader-") + g, () -> {
                Random rnd = new Random(id);
                for (int i = 0; i < rounds; i++) {
                    Thread.interrupted();
                    try {
                        if (writer) {
                            m.lock();
                        } else {
                            m.rLock();
                        }
                    } catch (GoInterruptedException e) {
                        interrupted.incrementAndGet();
                        continue;
                    }
                    if (writer) {
                        assertEquals(10_000, activity.addAndGet(10_000), "writer shares the lock");
                        jitter(rnd, 5_000);
                        activity.addAndGet(-10_000);
                        m.unlock();
                    } else {
                        assertTrue(activity.incrementAndGet() < 10_000, "reader shares with a writer");
                        jitter(rnd, 5_000);
                        activity.decrementAndGet();
                        m.rUnlock();
                    }
                }
            }));
        }
        Random rnd = new Random(11);
        for (int i = 0; i < 400 && tasks.stream().anyMatch(t -> t.goroutine().isAlive()); i++) {
            tasks.get(rnd.nextInt(goroutines)).interrupt();
            LockSupport.parkNanos(50_000);
        }
        for (Task t : tasks) {
            assertNull(t.joinOutcome());
        }
        assertTrue(m.isIdle(), m.describe());
    }

    // White-box: a writer's Unlock paused after it counted the waiting readers and before it released their
    // permits (too narrow a window to hit by racing). An interrupted reader it counted cannot withdraw; it
    // leaves a ghost that read-unlocks when its permit arrives.
    @Test
    void rLock_interruptedAfterUnlockCountedIt_ghostReadUnlocksOnItsPermit() throws Throwable {
        MethodHandles.Lookup l = MethodHandles.privateLookupIn(RWMutex.class, MethodHandles.lookup());
        VarHandle readerCount = l.findVarHandle(RWMutex.class, "readerCount", int.class);
        RWMutex m = new RWMutex();
        Sema readerSem = (Sema) l.findVarHandle(RWMutex.class, "readerSem", Sema.class).get(m);
        Mutex w = (Mutex) l.findVarHandle(RWMutex.class, "w", Mutex.class).get(m);
        m.lock();
        Task a = go("a", m::rLock);
        awaitWaiting(a, "sync.RWMutex.RLock");
        // First half of Unlock: readers counted back in (a is now an active reader whose permit is owed).
        assertTrue(readerCount.compareAndSet(m, -RWMutex.MAX_READERS + 1, 1), m.describe());
        a.interrupt();
        assertInstanceOf(GoInterruptedException.class, a.joinOutcome());
        assertEquals(1, (int) readerCount.getVolatile(m), "a is still counted until its permit arrives");
        readerSem.release(false); // second half: the ghost takes the permit and read-unlocks
        w.unlock();
        assertTrue(m.isIdle(), m.describe());
    }
}
