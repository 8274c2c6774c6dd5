package dev.goro.sync;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.WaitReason;
import dev.goro.internal.sync.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A reader/writer mutual exclusion lock (Go's {@code sync.RWMutex}): held by any number of readers or by one
 * writer. A new RWMutex is unlocked. Like {@link Mutex}, it belongs to no goroutine, and platform threads may
 * share it with goroutines.
 *
 * <p><strong>Writers go first:</strong> once a writer is waiting in {@link #lock()}, new readers wait until it
 * has had the lock and released it, so a stream of overlapping readers cannot starve a writer. It follows that
 * read locks must not be taken recursively: a goroutine holding a read lock that calls {@link #rLock()} again
 * waits forever if a writer arrived in between.
 *
 * <p><strong>Blocking:</strong> {@link #rLock()} and {@link #lock()} park the calling goroutine (never its
 * carrier) or block the calling platform thread. Wait reasons, as in Go: {@code sync.RWMutex.RLock} for a
 * reader waiting for a writer, {@code sync.RWMutex.Lock} for a writer waiting for readers to leave, and
 * {@code sync.Mutex.Lock} for a writer waiting for another writer. The try and unlock methods never block.
 *
 * <p><strong>Interruption:</strong> {@code rLock()} and {@code lock()} throw {@link GoInterruptedException} if
 * the thread is interrupted on entry or while waiting, and the lock is not taken. An interrupted reader leaves
 * at once. An interrupted writer also returns at once, but the claim it made cannot be taken back while the
 * readers it waited for are still inside (they have been counted); the claim is released, letting the waiting
 * readers in, when the last of them leaves, as if that writer had held the lock for an instant. If the lock was
 * granted before the interrupt was seen, the method returns normally with the interrupt status still set.
 */
public final class RWMutex implements Locker {

    /*
     * Implementation notes (Go's src/sync/rwmutex.go is the specification).
     *
     * readerCount: readers holding or waiting for the read lock; a writer subtracts MAX_READERS, so a negative
     *              value means "a writer is pending or holds the lock" and new readers wait on readerSem.
     * readerWait:  readers that were inside when the pending writer arrived and have not left yet; the one that
     *              brings it to zero wakes the writer on writerSem.
     * w:           serializes writers.
     *
     * Lock: w.lock(); r = readerCount.getAndAdd(-MAX) (the readers inside); if r != 0, readerWait += r and wait
     * unless they have all left meanwhile (readerWait then reaches 0 in our add). Unlock: readerCount += MAX;
     * the result is the number of readers that arrived while we were pending: release that many permits, then
     * w.unlock().
     *
     * Permits on readerSem are interchangeable (as in Go): a reader that arrives after the next writer may take
     * a permit stored for a reader that had not reached the queue yet; that late reader then simply waits for
     * the next Unlock, which counts it again. The counts stay right because readers are indistinguishable.
     *
     * Interruption (not in Go). For a reader waiting on readerSem with no permit reached it yet (under the
     * readerSem lock, see Sema "Ghosts"):
     *   - readerCount < 0: no Unlock has counted it since it queued (an Unlock that had would still hold w and
     *     be releasing, so readerCount would be >= 0): remove its unit with a CAS and leave.
     *   - readerCount >= 0: an Unlock counted it and is releasing its permit: leave a ghost that read-unlocks
     *     when the permit arrives.
     * A writer waiting on writerSem can never withdraw: the readers it waits for have been counted into
     * readerWait and will wake it. It leaves a ghost that unlocks when they have left.
     */

    /** The largest number of concurrent readers, and the offset a writer subtracts: Go's rwmutexMaxReaders. */
    static final int MAX_READERS = 1 << 30;

    private static final VarHandle READER_COUNT, READER_WAIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Mutex w = new Mutex();
    /** Writers wait here for the readers that were inside to leave. */
    private final Sema writerSem = new WriterSem();
    /** Readers wait here for a writer to finish. */
    private final Sema readerSem = new ReaderSem();
    @SuppressWarnings("unused") // through READER_COUNT
    private volatile int readerCount;
    @SuppressWarnings("unused") // through READER_WAIT
    private volatile int readerWait;

    /** Creates an unlocked RWMutex. */
    public RWMutex() {
    }

    /**
     * Locks for reading. Waits while a writer holds the lock or is waiting for it.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason {@code sync.RWMutex.RLock}) or
     * blocks the calling platform thread while a writer holds or awaits the lock.
     *
     * @throws GoInterruptedException if the thread is interrupted on entry or while waiting; no read lock is taken
     */
    public void rLock() {
        GoInterruptedException.throwIfInterrupted(WaitReason.SYNC_RWMUTEX_RLOCK.toString());
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) { // full fence; acquires a writer's release
            readerSem.acquire(WaitReason.SYNC_RWMUTEX_RLOCK, false); // a writer is pending: wait for it
        }
    }

    /**
     * Locks for reading if no writer holds or awaits the lock, without waiting (Go's TryRLock).
     *
     * @return whether the read lock was taken
     */
    public boolean tryRLock() {
        for (;;) {
            int c = readerCount;
            if (c < 0) {
                return false;
            }
            if (READER_COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    /**
     * Releases one read lock.
     *
     * @throws IllegalStateException "sync: RUnlock of unlocked RWMutex" if no read lock is held
     */
    public void rUnlock() {
        int r = (int) READER_COUNT.getAndAdd(this, -1) - 1; // full fence: publishes the read section
        if (r < 0) {
            rUnlockSlow(r);
        }
    }

    private void rUnlockSlow(int r) {
        if (r + 1 == 0 || r + 1 == -MAX_READERS) {
            // No reader was inside. Undo our decrement before reporting, so the misuse changes nothing (a
            // concurrent operation may still have seen the transient value; Go does not even undo it).
            READER_COUNT.getAndAdd(this, 1);
            throw new IllegalStateException(Messages.RUNLOCK_OF_UNLOCKED_RWMUTEX);
        }
        // A writer is pending and counted us: the last of the readers it counted wakes it.
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
            writerSem.release(false);
        }
    }

    /**
     * Locks for writing. Waits for other writers, then stops new readers and waits for the readers inside to
     * leave.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine or blocks the calling platform thread, with the
     * wait reason {@code sync.Mutex.Lock} behind another writer and {@code sync.RWMutex.Lock} while readers leave.
     *
     * @throws GoInterruptedException if the thread is interrupted on entry or while waiting; the lock is not
     *                                taken (see the class notes for the claim an interrupted writer leaves)
     */
    @Override
    public void lock() {
        GoInterruptedException.throwIfInterrupted(WaitReason.SYNC_RWMUTEX_LOCK.toString());
        w.lock(); // first, beat the other writers
        // Announce ourselves: readers arriving from now on wait. r is the number of readers inside.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS); // full fence; the value before is r
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            writerSem.acquire(WaitReason.SYNC_RWMUTEX_LOCK, false);
        }
    }

    /**
     * Locks for writing if nobody holds the lock in either mode and no writer awaits it, without waiting
     * (Go's TryLock).
     *
     * @return whether the write lock was taken
     */
    public boolean tryLock() {
        if (!w.tryLock()) {
            return false;
        }
        if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    /**
     * Releases the write lock and lets in the readers that waited for it. Like Go's, not tied to the goroutine
     * that locked it.
     *
     * @throws IllegalStateException "sync: Unlock of unlocked RWMutex" if it is not locked for writing; nothing
     *                               changes
     */
    @Override
    public void unlock() {
        int c;
        for (;;) {
            c = readerCount;
            if (c >= 0) {
                throw new IllegalStateException(Messages.UNLOCK_OF_UNLOCKED_RWMUTEX);
            }
            if (READER_COUNT.compareAndSet(this, c, c + MAX_READERS)) { // volatile CAS: publishes the write section
                break;
            }
        }
        int waiting = c + MAX_READERS; // readers that arrived while we were pending or holding
        for (int i = 0; i < waiting; i++) {
            readerSem.release(false);
        }
        w.unlock();
    }

    /**
     * A {@link Locker} whose lock and unlock are this RWMutex's {@link #rLock()} and {@link #rUnlock()} (Go's
     * RLocker), e.g. for a {@link Cond} whose waiters read.
     */
    public Locker rLocker() {
        return new Locker() {
            @Override
            public void lock() {
                rLock();
            }

            @Override
            public void unlock() {
                rUnlock();
            }

            @Override
            public String toString() {
                return "RLocker[" + RWMutex.this + "]";
            }
        };
    }

    /** Reader side of "Interruption": called under readerSem's lock. */
    private Runnable cancelReaderWait() {
        for (;;) {
            int c = readerCount;
            if (c >= 0) {
                return this::rUnlock; // an Unlock counted us and is releasing our permit
            }
            if (READER_COUNT.compareAndSet(this, c, c - 1)) {
                return null;
            }
        }
    }

    /** Tests: whether nothing is held, pending or queued. */
    boolean isIdle() {
        return readerCount == 0 && readerWait == 0 && w.isIdle() && writerSem.isIdle() && readerSem.isIdle();
    }

    /** Tests: the counters and queues, for invariant checks between steps. */
    String describe() {
        return "RWMutex[readerCount=" + readerCount + ", readerWait=" + readerWait + ", w=" + w.describe()
                + ", writerSem=" + writerSem.describe() + ", readerSem=" + readerSem.describe() + "]";
    }

    @Override
    public String toString() {
        int c = readerCount;
        return c < 0 ? "RWMutex[writer, readers=" + (c + MAX_READERS) + "]" : "RWMutex[readers=" + c + "]";
    }

    private final class ReaderSem extends Sema {
        @Override
        protected Runnable cancelWait() {
            assert Thread.holdsLock(this) : "cancelWait: queue lock not held";
            return cancelReaderWait();
        }
    }

    private final class WriterSem extends Sema {
        @Override
        protected Runnable cancelWait() {
            assert Thread.holdsLock(this) : "cancelWait: queue lock not held";
            return RWMutex.this::unlock; // see "Interruption": a waiting writer's readers will wake it
        }
    }
}
