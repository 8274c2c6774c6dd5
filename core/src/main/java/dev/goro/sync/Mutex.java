package dev.goro.sync;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.Clock;
import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.sched.GoroFatalError;
import dev.goro.internal.sched.WaitReason;
import dev.goro.internal.sync.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A mutual exclusion lock (Go's {@code sync.Mutex}). A new Mutex is unlocked. It is not reentrant: a goroutine
 * that locks it twice without unlocking waits forever. It belongs to no goroutine: one goroutine may lock it
 * and another unlock it, as in Go. Goroutines and platform threads may share one.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * mu.lock();
 * try {
 *     balance += amount;
 * } finally {
 *     mu.unlock();
 * }
 * }</pre>
 *
 * <p><strong>Blocking:</strong> {@link #lock()} parks the calling goroutine (never its carrier thread) while the
 * mutex is held, with the wait reason {@code sync.Mutex.Lock}; on a platform thread it blocks that thread.
 * {@link #tryLock()} and {@link #unlock()} never block.
 *
 * <p><strong>Interruption:</strong> {@link #lock()} throws {@link GoInterruptedException} if the thread is
 * interrupted on entry or while it waits; the lock is then not taken and the interrupted waiter takes no other
 * waiter's turn. If the lock was handed to it before the interrupt was seen, {@code lock()} returns normally with
 * the interrupt status still set.
 *
 * <p><strong>Fairness:</strong> Go's two modes. In normal mode a woken waiter competes with goroutines that are
 * just arriving (and are already running, so usually win); this keeps throughput high. A waiter that has waited
 * more than 1 ms switches the mutex to starvation mode, where each unlock hands the lock straight to the
 * waiter at the head of the queue and newcomers queue behind it; the mutex returns to normal mode when a waiter
 * that gets it has waited less than 1 ms or is the last one. So no waiter waits for long behind newcomers.
 */
public final class Mutex implements Locker {

    /*
     * Implementation notes (Go's src/internal/sync/mutex.go, Go 1.24, is the specification).
     *
     * The state word:
     *
     *   bit 0        LOCKED    held by someone
     *   bit 1        WOKEN     a waiter has been woken (or a spinner announced itself) and will try to take the
     *                          lock: unlockers need not wake another
     *   bit 2        STARVING  starvation mode: unlock hands the lock to the first queued waiter
     *   bits 3..31   waiters   goroutines registered to sleep on the sema and not yet woken for it
     *
     * Who changes what:
     *   - lock's fast path CASes 0 -> LOCKED; lockSlow CASes a waiter in (+1 waiter, maybe STARVING) or takes
     *     the lock; a woken waiter clears WOKEN in that same CAS.
     *   - unlock clears LOCKED. In normal mode unlockSlow then picks a waiter to wake: it removes one unit from
     *     the count and sets WOKEN in one CAS, then releases one permit. In starvation mode it releases a
     *     handoff permit and leaves the count alone: the recipient removes its own unit when it takes the lock.
     *   - an interrupted waiter removes its own unit (cancelWait), or leaves a ghost (see below).
     *
     * Invariants (all state changes are CASes or adds of the whole word, so each holds between them):
     *   - STARVING implies waiters >= 1 (the mode ends when its last waiter takes the lock or leaves).
     *   - STARVING and not LOCKED means a handoff permit is on its way to a registered waiter; nobody else can
     *     take the lock meanwhile (the fast path needs state 0, tryLock and lockSlow refuse STARVING).
     *   - In normal mode, WOKEN is set from the unlock that chooses a waiter until that waiter clears it; there
     *     is one woken waiter at a time, and only a woken waiter can turn starvation mode on.
     *   - Accounting: waiters + permits chosen but not yet consumed = goroutines registered and not yet woken.
     *
     * Interruption (not in Go, whose Lock cannot be cancelled). The sema calls cancelWait, under its queue
     * lock, for a registered waiter that no permit has reached yet. Two cases cannot simply remove the unit:
     *   (a) normal mode, waiters == 0: an unlocker has already taken this waiter's unit and set WOKEN, and its
     *       permit is about to be released (the sema would have granted it otherwise). The wake-up is ours.
     *   (b) STARVING, not LOCKED, waiters == 1: a handoff is on its way and we are its only possible recipient.
     * In both the waiter leaves a ghost running passOn: given the permit, it does what the waiter would have
     * done and then gives it back (hands the lock on in starvation mode, or gives up WOKEN and wakes the next
     * waiter in normal mode). Otherwise the unit is removed, and if that empties a locked starving mutex,
     * starvation mode ends with it.
     */

    private static final int LOCKED = 1;
    private static final int WOKEN = 2;
    private static final int STARVING = 4;
    private static final int WAITER_SHIFT = 3;
    private static final int WAITER = 1 << WAITER_SHIFT;

    /** A waiter that has waited longer than this turns starvation mode on: Go's starvationThresholdNs, 1 ms. */
    private static final long STARVATION_THRESHOLD_NANOS = 1_000_000L;
    /** Pause instructions per spin round: Go's active_spin_cnt (30), a few hundred nanoseconds. */
    private static final int SPIN_PAUSES = 30;

    private static final VarHandle STATE, SEMA;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Mutex.class, "state", int.class);
            SEMA = l.findVarHandle(Mutex.class, "sema", Sema.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    /** Created at the first contention, so an uncontended Mutex is one small object (24 bytes, compressed oops). */
    @SuppressWarnings("unused") // through SEMA
    private volatile Sema sema;

    /** Creates an unlocked mutex. */
    public Mutex() {
    }

    /**
     * Locks the mutex, waiting until it is available.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason {@code sync.Mutex.Lock}) or blocks
     * the calling platform thread while another holds the mutex; first it may spin for a few hundred nanoseconds
     * if the holder is running on another processor.
     *
     * @throws GoInterruptedException if the thread is interrupted on entry or while waiting; the lock is not taken
     */
    @Override
    public void lock() {
        GoInterruptedException.throwIfInterrupted(WaitReason.SYNC_MUTEX_LOCK.toString());
        if (STATE.compareAndSet(this, 0, LOCKED)) { // volatile CAS: acquires what the last unlock published
            return;
        }
        lockSlow();
    }

    /**
     * Locks the mutex if it is free and no starving waiter is owed it, without waiting (Go's TryLock).
     * As in Go, it can fail while the mutex is briefly free, and correct uses of it are rare.
     *
     * @return whether the lock was taken
     */
    public boolean tryLock() {
        int old = state;
        if ((old & (LOCKED | STARVING)) != 0) {
            return false;
        }
        // One attempt, as Go: a failure under contention means someone else is taking the lock right now.
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    /**
     * Unlocks the mutex. Any goroutine or thread may unlock it, not only the one that locked it.
     *
     * @throws IllegalStateException "sync: unlock of unlocked mutex" if it is not locked; the mutex is unchanged
     */
    @Override
    public void unlock() {
        for (;;) {
            int old = state;
            if ((old & LOCKED) == 0) {
                throw new IllegalStateException(Messages.UNLOCK_OF_UNLOCKED_MUTEX);
            }
            int next = old - LOCKED;
            if (STATE.compareAndSet(this, old, next)) { // volatile CAS: publishes the critical section
                if (next != 0) {
                    unlockSlow(next);
                }
                return;
            }
        }
    }

    private void lockSlow() {
        long waitStart = 0;
        boolean starving = false;
        boolean awoke = false; // we hold WOKEN: we were woken, or announced ourselves while spinning
        int iter = 0;
        int old = state;
        for (;;) {
            // Spin only in normal mode while the lock is held: in starvation mode the lock goes to the queue.
            if ((old & (LOCKED | STARVING)) == LOCKED && GoRuntime.canSpin(iter)) {
                // Set WOKEN so the unlocker does not wake a sleeper that would only lose to us.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < SPIN_PAUSES; i++) {
                    Thread.onSpinWait();
                }
                iter++;
                old = state;
                continue;
            }
            int next = old;
            if ((old & STARVING) == 0) {
                next |= LOCKED; // newcomers never take a starving mutex: it belongs to the queue
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                next += WAITER;
            }
            if (starving && (old & LOCKED) != 0) {
                next |= STARVING; // we waited too long and it is still held: switch modes
            }
            if (awoke) {
                if ((next & WOKEN) == 0) {
                    throw new GoroFatalError("Mutex.lockSlow: inconsistent mutex state");
                }
                next &= ~WOKEN; // either we take the lock or we go back to sleep: WOKEN is no longer ours
            }
            if (!STATE.compareAndSet(this, old, next)) { // volatile CAS; on success may acquire the lock
                old = state;
                continue;
            }
            if ((old & (LOCKED | STARVING)) == 0) {
                return; // took it with the CAS
            }
            // Registered as a waiter. A waiter that has waited before goes back to the head of the queue.
            boolean lifo = waitStart != 0;
            if (waitStart == 0) {
                waitStart = Clock.nanoTime();
            }
            sema().acquire(WaitReason.SYNC_MUTEX_LOCK, lifo); // throws if interrupted: see cancelWait
            starving = starving || Clock.nanoTime() - waitStart > STARVATION_THRESHOLD_NANOS;
            old = state;
            if ((old & STARVING) != 0) {
                takeHandoff(!starving);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }

    /**
     * The lock was handed to us in starvation mode (it is not LOCKED, and our unit is still counted): take it,
     * remove our unit, and end starvation mode if we did not starve or are the last waiter.
     */
    private void takeHandoff(boolean endStarvation) {
        for (;;) {
            int old = state;
            if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                throw new GoroFatalError("Mutex.takeHandoff: inconsistent mutex state");
            }
            int next = old + LOCKED - WAITER;
            if (endStarvation || (old >>> WAITER_SHIFT) == 1) {
                next &= ~STARVING;
            }
            // A CAS rather than Go's add: an interrupted waiter may remove its unit concurrently, and the
            // decision to end starvation must use the count it leaves.
            if (STATE.compareAndSet(this, old, next)) { // volatile CAS: acquires the lock
                return;
            }
        }
    }

    private void unlockSlow(int next) {
        if ((next & STARVING) != 0) {
            // Hand the lock to the first waiter; it keeps STARVING and takes LOCKED itself, so no newcomer can
            // slip in between.
            sema().release(true);
            return;
        }
        int old = next;
        for (;;) {
            // Nobody to wake, or someone already took the lock, or a woken waiter is on its way, or starvation
            // mode began: then this unlock has nothing more to do.
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                return;
            }
            int woken = (old - WAITER) | WOKEN;
            if (STATE.compareAndSet(this, old, woken)) {
                sema().release(false);
                return;
            }
            old = state;
        }
    }

    /** Called by the sema under its queue lock: see "Interruption" in the implementation notes. */
    private Runnable cancelWait() {
        for (;;) {
            int old = state;
            int waiters = old >>> WAITER_SHIFT;
            int next;
            if ((old & STARVING) != 0) {
                if ((old & LOCKED) == 0 && waiters == 1) {
                    return this::passOn; // case (b): the handoff in flight is ours alone
                }
                next = old - WAITER;
                if (waiters == 1) {
                    next &= ~STARVING; // the last waiter leaves a held starving mutex: back to normal mode
                }
            } else {
                if (waiters == 0) {
                    return this::passOn; // case (a): our unit is gone and our wake-up is being released
                }
                next = old - WAITER;
            }
            if (STATE.compareAndSet(this, old, next)) {
                return null;
            }
        }
    }

    /**
     * A ghost's action: a permit reached a waiter that had already left. In starvation mode the lock was handed
     * to it: take it as the waiter would have (keeping starvation mode for the waiters behind it) and unlock it,
     * which hands it on. In normal mode the waiter was woken: give up WOKEN and, if the lock is free, wake the
     * next waiter in its place, as the unlock would have done had WOKEN not been set.
     */
    private void passOn() {
        if ((state & STARVING) != 0) {
            takeHandoff(false);
            unlock();
            return;
        }
        for (;;) {
            int old = state;
            if ((old & WOKEN) == 0) {
                throw new GoroFatalError("Mutex.passOn: inconsistent mutex state");
            }
            int next = old & ~WOKEN;
            boolean wake = (old >>> WAITER_SHIFT) != 0 && (old & (LOCKED | STARVING)) == 0;
            if (wake) {
                next = (next - WAITER) | WOKEN;
            }
            if (STATE.compareAndSet(this, old, next)) {
                if (wake) {
                    sema().release(false);
                }
                return;
            }
        }
    }

    private Sema sema() {
        Sema s = (Sema) SEMA.getAcquire(this); // acquire: pairs with the CAS that published it
        if (s != null) {
            return s;
        }
        Sema fresh = new WaitQueue();
        Sema witness = (Sema) SEMA.compareAndExchange(this, null, fresh); // volatile: publishes fresh
        return witness != null ? witness : fresh;
    }

    /** Tests: the state word and the queue, for invariant checks between steps. */
    String describe() {
        int s = state;
        Sema q = (Sema) SEMA.getAcquire(this);
        return "Mutex[locked=" + ((s & LOCKED) != 0) + ", woken=" + ((s & WOKEN) != 0) + ", starving="
                + ((s & STARVING) != 0) + ", waiters=" + (s >>> WAITER_SHIFT) + ", "
                + (q != null ? q.describe() : "no sema") + "]";
    }

    /** Tests: whether the mutex is unlocked with nobody waiting, in normal mode, with no permit left over. */
    boolean isIdle() {
        Sema q = (Sema) SEMA.getAcquire(this);
        return state == 0 && (q == null || q.isIdle());
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked") + ((s & STARVING) != 0 ? ", starving" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + "]";
    }

    /** The mutex's wait queue; an interrupted waiter's withdrawal is the mutex's decision. */
    private final class WaitQueue extends Sema {
        @Override
        protected Runnable cancelWait() {
            assert Thread.holdsLock(this) : "cancelWait: queue lock not held";
            return Mutex.this.cancelWait();
        }
    }
}
