package dev.goro.internal.netpoll;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.GoroFatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A descriptor's reference count, closed flag and per-direction locks, after Go's {@code fdMutex}
 * (src/internal/poll/fd_mutex.go): Netty's {@code FileDescriptor} has no reference count (its close CASes a
 * flag and calls close(2) at once), so something must keep the number alive while any system call on it runs.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code state} = CLOSED bit | refs &times; REF. refs counts operations in flight (each read, write,
 *       accept, option or address call holds one) plus one for a close in progress.</li>
 *   <li>Once CLOSED is set it is never cleared, and no new reference is taken.</li>
 *   <li>Exactly one {@link #decref} runs {@code destroy}: the one that drops the last reference after CLOSED
 *       was set. So close(2) runs once, after every system call on the number has returned.</li>
 *   <li>At most one reader and one writer hold their lock, so each PollDesc mode has at most one waiter.</li>
 * </ul>
 * Go queues lock waiters on semaphores inside the same word; here the per-direction locks are JDK locks (they
 * park goroutines, not carriers), and "closed while waiting for the lock" is checked once the lock is held.
 *
 * <p>Any thread for every method.
 */
final class FdMutex {
    private static final long CLOSED = 1, REF = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FdMutex.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // via STATE
    private volatile long state;
    private final ReentrantLock rlock = new ReentrantLock();
    private final ReentrantLock wlock = new ReentrantLock();
    /** Go's {@code fd.destroy}: deregisters and closes the descriptor; run by the last {@link #decref}. */
    private final Runnable destroy;

    FdMutex(Runnable destroy) {
        this.destroy = destroy;
    }

    /** Takes a reference; false if the descriptor is closed. */
    boolean incref() {
        for (;;) {
            long s = (long) STATE.getVolatile(this);
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + REF)) { // volatile CAS: orders the ref before the system call
                return true;
            }
        }
    }

    /** Sets CLOSED and takes the closer's reference; false if already closed (by someone else). */
    boolean increfAndClose() {
        for (;;) {
            long s = (long) STATE.getVolatile(this);
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, (s | CLOSED) + REF)) { // volatile CAS: no incref succeeds after it
                return true;
            }
        }
    }

    /** Drops a reference; the last one after close destroys the descriptor. */
    void decref() {
        long s = (long) STATE.getAndAdd(this, -REF) - REF; // volatile RMW: orders the system call before it
        if (s < 0) {
            throw new GoroFatalError("fdMutex.decref: inconsistent fdMutex");
        }
        if (s == CLOSED) {
            destroy.run();
        }
    }

    boolean closed() {
        return ((long) STATE.getVolatile(this) & CLOSED) != 0;
    }

    /**
     * Takes a reference and the read ({@code read}) or write lock; false if the descriptor is or becomes
     * closed (then nothing is held).
     *
     * @throws GoInterruptedException if interrupted while waiting for the lock (nothing held, status kept)
     */
    boolean rwlock(boolean read, String op) {
        if (!incref()) {
            return false;
        }
        ReentrantLock l = read ? rlock : wlock;
        try {
            l.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decref();
            throw new GoInterruptedException(op);
        }
        if (closed()) {
            l.unlock();
            decref(); // may be the last one, if the closer has already dropped its own
            return false;
        }
        return true;
    }

    /** Releases what {@link #rwlock} took. */
    void rwunlock(boolean read) {
        (read ? rlock : wlock).unlock();
        decref();
    }
}
