package dev.goro.sync;

import dev.goro.Chan;
import dev.goro.GoInterruptedException;
import dev.goro.RecvChan;
import dev.goro.Select;
import dev.goro.context.Context;
import dev.goro.internal.chan.ChanLock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/*
 * Weighted semaphore: golang.org/x/sync/semaphore (Weighted, with the v0.10 rule that a done context fails
 * Acquire even when permits are free), on goro channels and select.
 *
 * State (under `lock`): `cur` permits held; `waiters`, the acquirers that found too few permits, in arrival order,
 * each with the weight it asks for and a `ready` channel.
 *
 * Invariants:
 *  (S1) 0 <= cur <= size.
 *  (S2) FIFO: a waiter is granted only from the head of the queue. While the head cannot be satisfied nobody
 *       behind it is, even a small request that would fit: otherwise a stream of small acquirers could starve a
 *       large one forever (x/sync's example: a semaphore of N used as a read-write lock, N readers, one writer).
 *       For the same reason a new acquirer never barges past a non-empty queue (tryAcquire neither).
 *  (S3) A granted waiter has left the queue, `granted` is true, and its weight is counted in cur; its ready
 *       channel is closed after the lock is released (never ready a goroutine under the lock).
 *  (S4) A waiter whose context ends, or that is interrupted, leaves with no effect: if it was granted at the same
 *       moment it puts its permits back and wakes whoever they now satisfy; if it was at the head, its leaving
 *       may unblock the ones behind it, which are then granted.
 *
 * A waiter parks in a select on its ctx.done() and its ready channel (for a context that never ends, done() is the
 * nil channel and the select is a plain receive): wait reason "select", as Go's. An acquire of more than the
 * whole size can never succeed and does not queue (it would block everyone behind it): like x/sync it waits for
 * its context to end and then fails.
 */

/**
 * A weighted semaphore (golang.org/x/sync/semaphore's {@code Weighted}): {@code size} permits, acquired and
 * released in any weights; acquirers wait in arrival order, so a large request is not starved by small ones.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(4);                  // sem := semaphore.NewWeighted(4)
 * sem.acquire(ctx, 1);                               // if err := sem.Acquire(ctx, 1); err != nil { ... }
 * try { work(); } finally { sem.release(1); }        // defer sem.Release(1)
 * }</pre>
 *
 * <p><strong>Fairness:</strong> FIFO. While the oldest waiter cannot be satisfied, later ones wait too, even if
 * their smaller weight would fit, and {@link #tryAcquire} fails.
 *
 * <p><strong>Contexts:</strong> {@link #acquire} gives up when its context ends, taking nothing, and throws the
 * context's {@link Context#err() err()}. A context that has already ended fails it even when permits are free.
 *
 * <p><strong>Threading:</strong> any goroutine or thread; permits are not owned, so any caller may release
 * permits another acquired.
 */
public final class Semaphore {
    private static final String ACQUIRE = "semaphore acquire";

    private final long size;
    private final ChanLock lock = new ChanLock();
    private long cur;                                                   // (S1) guarded by lock
    private final LinkedHashSet<Waiter> waiters = new LinkedHashSet<>(); // (S2) guarded by lock

    /** One blocked acquirer. Identity-hashed in the queue. */
    private static final class Waiter {
        final long n;
        final Chan<Void> ready = Chan.make(); // closed once granted (S3)
        boolean granted;                      // guarded by lock

        Waiter(long n) {
            this.n = n;
        }
    }

    /**
     * A semaphore of {@code size} permits, all free (Go's {@code NewWeighted}).
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Semaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore: negative size: " + size);
        }
        this.size = size;
    }

    /**
     * Acquires {@code n} permits, waiting until they are free or {@code ctx} ends (Go's {@code Acquire}). Takes
     * them at once if they are free and nobody waits; else waits in line behind earlier acquirers. If {@code ctx}
     * ends first, takes nothing and throws its error, even if the permits became free at the same moment. A
     * context that has already ended fails at once. {@code n} larger than the size can never succeed: as in
     * x/sync, the call waits for {@code ctx} to end (forever, for a context that never ends) and throws its error,
     * without holding up other acquirers.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason "select"; "chan receive" when
     * {@code ctx} can never end), or blocks a plain thread, while the permits are not free.
     *
     * @throws dev.goro.context.ContextException {@code ctx.err()} if {@code ctx} ended first; nothing was taken
     * @throws GoInterruptedException if the caller is interrupted on entry or while it waits; nothing was taken
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws NullPointerException if {@code ctx} is null
     */
    public void acquire(Context ctx, long n) {
        Objects.requireNonNull(ctx, "ctx");
        checkWeight(n);
        GoInterruptedException.throwIfInterrupted(ACQUIRE);
        RecvChan<Void> done = ctx.done();
        lock.lock();
        if (done.isClosed()) {
            // The end of ctx happened before this acquire took the lock: prefer failing, as x/sync does.
            lock.unlock();
            throw ctx.err();
        }
        if (size - cur >= n && waiters.isEmpty()) {
            cur += n;
            lock.unlock();
            return;
        }
        if (n > size) {
            lock.unlock();
            done.recv(); // doomed: do not queue, so as not to block the others behind an impossible request
            throw ctx.err();
        }
        Waiter w = new Waiter(n);
        waiters.add(w);
        lock.unlock();
        boolean granted;
        try {
            granted = Select.select(Select.recv(done, x -> false), Select.recv(w.ready, x -> true));
        } catch (GoInterruptedException e) {
            abandon(w); // (S4): no effect
            throw e;
        }
        if (!granted) {
            abandon(w);
            throw ctx.err();
        }
        if (done.isClosed()) {
            // Granted, but ctx ended too: report the end rather than a success the caller would not expect.
            release(n);
            throw ctx.err();
        }
    }

    /**
     * Acquires {@code n} permits only if they are free now and nobody is waiting (Go's {@code TryAcquire}). Never
     * blocks, and ignores the interrupt status.
     *
     * @return whether the permits were taken
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        lock.lock();
        try {
            boolean ok = size - cur >= n && waiters.isEmpty();
            if (ok) {
                cur += n;
            }
            return ok;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases {@code n} permits (Go's {@code Release}) and grants waiting acquirers in order, as far as the free
     * permits go. Never blocks.
     *
     * @throws IllegalStateException "semaphore: released more than held" if fewer than {@code n} are held; unlike
     *                               Go, which has already subtracted when it panics, nothing changes
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void release(long n) {
        checkWeight(n);
        List<Waiter> granted;
        lock.lock();
        try {
            if (n > cur) {
                throw new IllegalStateException("semaphore: released more than held");
            }
            cur -= n;
            granted = grantLocked();
        } finally {
            lock.unlock();
        }
        wake(granted);
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Semaphore[size=" + size + ", held=" + cur + ", waiters=" + waiters.size() + "]";
        } finally {
            lock.unlock();
        }
    }

    /** (S4): a waiter leaves with no effect. Any thread; takes the lock. */
    private void abandon(Waiter w) {
        List<Waiter> granted = null;
        lock.lock();
        try {
            if (w.granted) {
                cur -= w.n; // granted at the same moment: put the permits back
                granted = grantLocked();
            } else {
                boolean head = waiters.getFirst() == w;
                waiters.remove(w);
                if (head && size > cur) {
                    granted = grantLocked(); // the head leaving may unblock those behind it
                }
            }
        } finally {
            lock.unlock();
        }
        wake(granted);
    }

    /** Grants waiters from the head while the free permits suffice (S2, S3). Holds the lock. */
    private List<Waiter> grantLocked() {
        assert lock.isHeldByCurrentThread();
        List<Waiter> granted = null;
        while (!waiters.isEmpty()) {
            Waiter w = waiters.getFirst();
            if (size - cur < w.n) {
                break; // the head does not fit: everyone behind it waits too (S2)
            }
            cur += w.n;
            waiters.removeFirst();
            w.granted = true;
            if (granted == null) {
                granted = new ArrayList<>();
            }
            granted.add(w);
        }
        return granted;
    }

    /** Wakes granted waiters. Holds no lock. */
    private static void wake(List<Waiter> granted) {
        if (granted != null) {
            for (Waiter w : granted) {
                w.ready.close();
            }
        }
    }

    private static void checkWeight(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight: " + n);
        }
    }
}
