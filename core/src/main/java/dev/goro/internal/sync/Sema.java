package dev.goro.internal.sync;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoroFatalError;
import dev.goro.internal.sched.WaitReason;

/**
 * The sleep/wake-up primitive under goro's sync package: Go's runtime semaphore (runtime/sema.go,
 * {@code semacquire1} / {@code semrelease1}), one per primitive, with goro's interruption added.
 *
 * <h2>What it is</h2>
 * Not a semaphore in the user sense: a way to pair every sleep with exactly one wake-up, even when the wake-up
 * comes first. {@link #release} hands a permit to the first queued waiter or, if nobody is queued yet, stores it
 * for the next {@link #acquire}. The owning primitive (Mutex, RWMutex, WaitGroup) keeps its own state word and
 * decides lock-free who must sleep and who must be woken; the sema only carries out those decisions.
 *
 * <h2>Differences from Go, and why</h2>
 * <ul>
 *   <li>One sema per primitive instead of Go's global table of 251 treaps keyed by address: a Java object can
 *       own its queue, so there is no hashing, no collision list, and the queue dies with its primitive.</li>
 *   <li>A released permit is <em>granted</em> to the dequeued waiter. Go increments the count and lets the
 *       woken waiter race for it (only its handoff mode grants); here every wake-up is granted, because a waiter
 *       that leaves on an interrupt must be able to tell, under the lock, whether a wake-up is already its own
 *       ("Ghosts" below). The owners only ever let their own registered waiters acquire, so Go's race at this
 *       level only reordered waiters of the same primitive; FIFO order is kept instead.</li>
 *   <li>{@code handoff} keeps Go's other half: the releasing goroutine yields so the waiter, placed in this
 *       processor's runnext by the wake-up, runs at once and inherits the time slice (Go's goyield, issue 33747).
 *       Mutex uses it in starvation mode only.</li>
 *   <li>The queue lock is a monitor held for a few field writes, never while waking anyone (Go's semaRoot.lock
 *       is a runtime mutex, with the same rule).</li>
 * </ul>
 *
 * <h2>Ghosts</h2>
 * An interrupted waiter must leave with no effect and without stealing a wake-up meant for someone else. Under
 * the lock it is either already granted (the wake-up came first: {@link #acquire} returns normally and the
 * interrupt stays pending), or it asks its owner, through {@link #cancelWait()}, to undo its registration in the
 * owner's state word. Usually that works (a Mutex waiter removes its unit from the waiter count). But the owner
 * may already have committed a wake-up to this waiter that no release has delivered yet: a Mutex unlocker has
 * already taken the waiter's unit out of the count, or the readers a writer waits for are still leaving. Then
 * nothing can be undone; the waiter leaves a <em>ghost</em> in its place, an action supplied by the owner, and
 * throws at once. The release that reaches the ghost runs the action, which passes on what the wake-up carried
 * (a Mutex ghost hands the lock or the wake-up to the next waiter; a reader ghost read-unlocks), so every
 * wake-up still ends with exactly one consumer.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code count > 0} implies the queue is empty: a release with someone queued grants instead of storing
 *       (so a queued waiter is never passed over by a stored permit).</li>
 *   <li>A sudog is in the queue, or granted, or withdrawn: never two of these. Each transition happens under the
 *       lock; a ghost stays in the queue until a release runs it.</li>
 *   <li>Nothing is woken, and no ghost runs, while the lock is held.</li>
 * </ul>
 * Not an invariant: the queue holds only waiters the owner still counts. A ghost's unit may already be gone
 * from the owner's count; the owner's cancelWait is what keeps the two consistent.
 */
public abstract class Sema {

    // Guarded by this (the queue lock).
    private int count;
    private final SudogList queue = new SudogList();

    /**
     * Called with the queue lock held, for a registered waiter that is interrupted before any wake-up reached it
     * (no permit stored, nothing granted to it). The owner undoes the waiter's registration in its state word and
     * returns null; or, when a wake-up is already committed to this waiter and will arrive, returns the action a
     * ghost runs when it does. Must not block, and must not call back into this sema.
     */
    protected abstract Runnable cancelWait();

    /**
     * Takes a permit, parking the caller until one is released to it (Go's semacquire1). With {@code lifo} the
     * caller queues at the head: a waiter that was woken and lost the race queues first again, as in Go.
     * Any thread; {@code reason} is recorded while a goroutine waits.
     *
     * @throws GoInterruptedException if the thread is interrupted (before parking or while parked) and no
     *                                permit had been granted to it: its registration was undone or a ghost
     *                                holds its place (see "Ghosts"); the interrupt status stays set
     */
    public final void acquire(WaitReason reason, boolean lifo) {
        Thread self = Thread.currentThread();
        Sudog s;
        synchronized (this) {
            if (count > 0) {
                count--;
                return;
            }
            if (self.isInterrupted()) {
                Runnable ghost = cancelWait();
                if (ghost != null) {
                    Sudog gs = new Sudog(null, null, 0);
                    gs.ghost = ghost;
                    enqueue(gs, lifo);
                }
                throw new GoInterruptedException(reason.toString());
            }
            s = new Sudog(self, G.current(), 0);
            enqueue(s, lifo);
        }
        for (;;) {
            if (s.grantedAcquire()) {
                return;
            }
            if (self.isInterrupted()) {
                synchronized (this) {
                    if (s.grantedAcquire()) {
                        return; // the wake-up came first: it is ours; the interrupt stays pending
                    }
                    Runnable ghost = cancelWait();
                    if (ghost == null) {
                        unlink(s);
                    } else {
                        s.ghost = ghost; // keeps its place: the committed release will find it
                    }
                    s.forgetWaiter();
                }
                throw new GoInterruptedException(reason.toString());
            }
            G.park(reason, this);
        }
    }

    /**
     * Releases one permit (Go's semrelease1): grants it to the first queued waiter and wakes it, runs the ghost
     * found there instead, or stores the permit when nobody is queued. With {@code handoff}, a goroutine caller
     * then yields so the woken waiter runs at once on this processor. Any thread.
     */
    public final void release(boolean handoff) {
        Sudog s;
        Thread thread;
        G g;
        Runnable ghost;
        synchronized (this) {
            s = queue.head;
            if (s == null) {
                if (count == Integer.MAX_VALUE) {
                    throw new GoroFatalError("Sema.release: permit count overflow");
                }
                count++;
                return;
            }
            unlink(s);
            ghost = s.ghost;
            thread = s.thread;
            g = s.g;
            s.forgetWaiter();
            if (ghost == null) {
                s.setGrantedRelease();
            }
        }
        if (ghost != null) {
            ghost.run(); // the departed waiter's share of the wake-up, passed on outside the lock
            return;
        }
        Sudog.ready(thread, g);
        if (handoff && G.current() != null) {
            Thread.yield(); // Go's goyield: the waiter is our runnext; let it run now on our time slice
        }
    }

    /** Holds the lock. */
    private void enqueue(Sudog s, boolean lifo) {
        assert Thread.holdsLock(this);
        if (lifo) {
            queue.addFirst(s);
        } else {
            queue.addLast(s);
        }
    }

    /** Holds the lock; {@code s} is queued. */
    private void unlink(Sudog s) {
        assert Thread.holdsLock(this);
        queue.unlink(s);
    }

    /** Tests and diagnostics: queued sudogs (ghosts included) and stored permits. Any thread. */
    public final synchronized String describe() {
        int queued = 0, ghosts = 0;
        for (Sudog s = queue.head; s != null; s = s.next) {
            queued++;
            if (s.ghost != null) {
                ghosts++;
            }
        }
        return "Sema[count=" + count + ", queued=" + queued + ", ghosts=" + ghosts + "]";
    }

    /** Tests: whether nothing is queued and no permit is stored. Any thread. */
    public final synchronized boolean isIdle() {
        return queue.head == null && count == 0;
    }
}
