package dev.goro.context;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.RecvChan;
import dev.goro.Select;
import dev.goro.Timer;
import dev.goro.internal.chan.ChanLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/*
 * Cancellation: Go's context/context.go (cancelCtx, propagateCancel, parentCancelCtx, removeChild; Go 1.21-1.26).
 *
 * The tree. A CancelCtx keeps the cancelers derived from it (CancelCtx, TimerCtx, AfterFuncCtx) in `children`;
 * cancelling it ends each of them, and a canceler that ends on its own account leaves its parent's set at once, so
 * the set holds exactly the live children and a long-lived parent does not accumulate dead ones. Value and
 * WithoutCancel layers are not cancelers: a child registers with the nearest CancelCtx above them (none above a
 * WithoutCancel or a root: nothing there can end).
 *
 * Invariants (under `lock`):
 *  (C1) err == null exactly while the context is live; it is written once. cause is written with it.
 *  (C2) Live: children holds the cancelers registered with this context that have not ended on their own
 *       account (null when there are none). Ended: children == null, and no canceler is ever added again
 *       (propagateCancel ends a child at once instead).
 *  (C3) done is null until someone asks for it or the context ends; once the context has ended it is closed (the
 *       shared CLOSED channel if nobody had asked).
 *  (C4) TimerCtx: timer != null only while the context is live.
 *
 * Lock order: an ancestor's lock, then a descendant's. Cancel holds its own lock while it ends the whole subtree
 * below it, taking each descendant's lock in turn (iteratively, with an explicit work list, so a chain of any
 * depth costs no stack); propagateCancel holds the parent's lock while it ends a child that arrives too late. No
 * code takes an ancestor's lock while holding a descendant's: leaving the parent (removeChild) happens after the
 * child's own lock is released. Timer monitors come after context locks (stopping a timer under a context lock
 * is fine; a firing timer only starts a goroutine, which cancels with no timer monitor held).
 *
 * Why cancel holds its lock across the subtree: as in Go, where each level holds its mutex while it cancels its
 * children, a concurrent cancel of an ancestor blocks on this context's lock until this subtree is done. So once
 * any cancel of an ancestor returns, every descendant has ended, whoever started the job.
 *
 * err and done. Go's contract is that Err is nil exactly while Done is open. cancel closes done first and then
 * stores err (release), both under the lock, so that err != null implies done is closed. The other direction
 * has a window between the two writes; err() covers it: a reader that finds err null but done closed takes the
 * lock, which the canceller holds until after its store, and reads err again. So err() is lock-free in the
 * common cases (live context, or ended and published) and only waits inside that window.
 *
 * Rejected: a read-write lock or a lock-free children set. Contexts are created and cancelled far more often
 * than they are contended, and one short mutex per context is what Go uses; ChanLock parks a goroutine rather
 * than its carrier, and hands the lock to the next waiter's goroutine on the same processor.
 */

/** A context with a cancel of its own: what {@link Context#withCancel} returns (Go's {@code cancelCtx}). */
class CancelCtx implements CancelableContext, Canceler {
    /** The key under which a CancelCtx answers {@code value()} with itself (Go's {@code cancelCtxKey}). */
    static final Context.Key<CancelCtx> KEY = new Context.Key<>("cancelCtxKey");

    /** The done channel of contexts that ended before anyone asked for it (Go's {@code closedchan}). */
    static final Chan<Void> CLOSED = Chan.make();

    private static final VarHandle DONE;
    private static final VarHandle ERR;

    static {
        CLOSED.close();
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DONE = l.findVarHandle(CancelCtx.class, "done", Chan.class);
            ERR = l.findVarHandle(CancelCtx.class, "err", ContextException.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Context parent;
    final ChanLock lock = new ChanLock();
    private final Optional<Instant> deadline;

    /**
     * The context whose children this one joined, which it leaves when it ends on its own; null if it joined none.
     * Written once, by the creating thread, before the context is handed out; read by threads that got the context
     * from it, or by the timer goroutine started after the write.
     */
    private CancelCtx registeredWith;

    private Chan<Void> done;              // (C3); written under the lock with release, read lock-free with acquire
    private Set<Canceler> children;       // (C2); guarded by lock
    private ContextException err;         // (C1); written under the lock with release, read lock-free with acquire
    private Throwable cause;              // (C1); guarded by lock

    CancelCtx(Context parent, Optional<Instant> deadline) {
        this.parent = parent;
        this.deadline = deadline;
    }

    /** Go's {@code withCancel}. Any thread. */
    static CancelCtx withCancel(Context parent) {
        CancelCtx c = new CancelCtx(parent, parent.deadline());
        c.register();
        return c;
    }

    /** Joins the parent's tree (see {@link #propagateCancel}). The creating thread, before handing the context out. */
    final void register() {
        registeredWith = propagateCancel(parent, this);
    }

    // ---------------------------------------------------------------------------------------------------
    // Context

    @Override
    public final Optional<Instant> deadline() {
        return deadline;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final RecvChan<Void> done() {
        Chan<Void> d = (Chan<Void>) DONE.getAcquire(this); // acquire: pairs with the release stores below
        if (d != null) {
            return d;
        }
        lock.lock();
        try {
            d = done;
            if (d == null) {
                d = Chan.make();
                DONE.setRelease(this, d); // release: the new channel, for lock-free readers
            }
            return d;
        } finally {
            lock.unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public final ContextException err() {
        ContextException e = (ContextException) ERR.getAcquire(this); // acquire: pairs with the release in markEnded
        if (e != null) {
            return e;
        }
        Chan<Void> d = (Chan<Void>) DONE.getAcquire(this); // acquire: pairs with the releases in done()/markEnded
        if (d == null || !d.isClosed()) {
            return null; // live: done is not closed either (see "err and done")
        }
        // Closed but err not visible yet: a cancel is between its two writes and holds the lock until both are done.
        lock.lock();
        try {
            return err;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final <T> T value(Context.Key<T> key) {
        return Contexts.value(this, key);
    }

    /** The cause recorded when this context ended; null while it is live. Any thread. */
    final Throwable cause() {
        lock.lock();
        try {
            return cause;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // CancelableContext

    @Override
    public final void cancel() {
        cancel(true, Context.CANCELED, null);
    }

    @Override
    public final void cancel(Throwable cause) {
        cancel(true, Context.CANCELED, cause);
    }

    @Override
    public final void close() {
        cancel(true, Context.CANCELED, null);
    }

    // ---------------------------------------------------------------------------------------------------
    // Canceler

    @Override
    public final void cancel(boolean removeFromParent, ContextException err, Throwable cause) {
        assert err != null : "cancel: missing cancel error";
        Throwable c = cause != null ? cause : err;
        Timer t;
        lock.lock();
        try {
            if (this.err != null) {
                return; // already ended
            }
            Set<Canceler> kids = markEnded(err, c);
            t = detachTimer();
            if (kids != null) {
                // End the subtree while holding our lock (see "Why cancel holds its lock across the subtree").
                Deque<Canceler> work = new ArrayDeque<>(kids);
                Canceler k;
                while ((k = work.pollLast()) != null) {
                    k.cancelFromParent(err, c, work);
                }
            }
        } finally {
            lock.unlock();
        }
        if (t != null) {
            t.stop();
        }
        CancelCtx p = registeredWith;
        if (removeFromParent && p != null) {
            p.removeChild(this); // after our lock is released: lock order is ancestor first
        }
    }

    @Override
    public final void cancelFromParent(ContextException err, Throwable cause, Deque<Canceler> work) {
        Timer t;
        lock.lock();
        try {
            if (this.err != null) {
                return; // ended on its own meanwhile; its own cancel ended its subtree
            }
            Set<Canceler> kids = markEnded(err, cause);
            if (kids != null) {
                work.addAll(kids);
            }
            t = detachTimer();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            t.stop(); // under the walking ancestor's lock: allowed, timer monitors come after context locks
        }
    }

    /**
     * Records the end (C1), closes done (C3) and takes the children (C2), in the order "err and done" needs.
     * Holds the lock.
     */
    private Set<Canceler> markEnded(ContextException e, Throwable c) {
        assert lock.isHeldByCurrentThread();
        cause = c;
        Chan<Void> d = done;
        if (d == null) {
            DONE.setRelease(this, CLOSED); // release: lock-free done()/err() readers see a closed channel
        } else {
            d.close(); // readies the goroutines receiving from it once the channel lock is dropped
        }
        ERR.setRelease(this, e); // release, after the close: err != null implies done is closed
        Set<Canceler> kids = children;
        children = null;
        return kids;
    }

    /** TimerCtx: takes the timer to stop (C4). Holds the lock. */
    Timer detachTimer() {
        return null;
    }

    /** Leaves this context's children (Go's {@code removeChild}). Any thread; holds no context lock. */
    final void removeChild(Canceler child) {
        lock.lock();
        try {
            if (children != null) {
                children.remove(child);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether this context has ended. Holds the lock. */
    final boolean endedLocked() {
        assert lock.isHeldByCurrentThread();
        return err != null;
    }

    /** Number of registered live children; for tests. */
    final int childCount() {
        lock.lock();
        try {
            return children == null ? 0 : children.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return Contexts.name(this);
    }

    // ---------------------------------------------------------------------------------------------------
    // Registration (Go's propagateCancel and parentCancelCtx)

    /**
     * Arranges for {@code child} to end when {@code parent} ends: registers it among the children of the nearest
     * CancelCtx above, ends it at once if the parent has already ended, or, for a foreign parent that can end,
     * starts a goroutine that waits for either to end. Returns the CancelCtx it registered with, or null. The child
     * is not yet visible to other threads. Any thread.
     */
    static CancelCtx propagateCancel(Context parent, Canceler child) {
        Context src = parent instanceof ValueCtx v ? v.source : parent;
        if (src instanceof EmptyCtx || src instanceof WithoutCancelCtx) {
            return null; // the parent can never end
        }
        CancelCtx p = src instanceof CancelCtx cc ? cc : foreignCancelCtx(src);
        if (p != null) {
            p.lock.lock();
            try {
                if (p.err != null) {
                    // Too late to register: end the child now, with the parent's reason (holding its lock, as Go).
                    child.cancel(false, p.err, p.cause);
                    return null;
                }
                if (p.children == null) {
                    p.children = new HashSet<>();
                }
                p.children.add(child);
                return p;
            } finally {
                p.lock.unlock();
            }
        }
        RecvChan<Void> pdone = src.done();
        if (pdone == null || pdone == Chan.<Void>nil()) {
            return null;
        }
        if (pdone.isClosed()) {
            child.cancel(false, errOf(src), Context.cause(src));
            return null;
        }
        // A foreign context: watch it from a goroutine, which ends when either side does (Go's fallback).
        RecvChan<Void> cdone = child.done();
        Go.go(() -> Select.select(
                Select.recv(pdone, x -> {
                    child.cancel(false, errOf(src), Context.cause(src));
                    return null;
                }),
                Select.recv(cdone)));
        return null;
    }

    /**
     * A foreign context's error once its done channel is closed; {@link Context#CANCELED} if it does not say yet
     * (an implementation that closes done before it sets err, breaking the contract for a moment).
     */
    private static ContextException errOf(Context foreign) {
        ContextException e = foreign.err();
        return e != null ? e : Context.CANCELED;
    }

    /**
     * Go's {@code parentCancelCtx} for a foreign context: the CancelCtx it wraps, if its {@code value()} leads to
     * one whose done channel is the foreign context's own (else it replaced the signal, and must be watched).
     */
    private static CancelCtx foreignCancelCtx(Context parent) {
        CancelCtx p = parent.value(KEY);
        if (p == null) {
            return null;
        }
        RecvChan<Void> pdone = parent.done();
        return pdone == p.done() ? p : null;
    }
}
