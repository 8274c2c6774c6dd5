package dev.goro.internal.sync;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ticket-based wait list under {@code sync.Cond} (Go's {@code notifyList}, runtime/sema.go).
 *
 * <h2>Tickets</h2>
 * A waiter takes a ticket ({@link #add}) while it still holds the condition's lock, then releases the lock and
 * waits for that ticket ({@link #await}). {@code wait} is the next ticket to hand out, {@code notify} the next
 * ticket to wake: tickets below {@code notify} have been woken. A signal wakes exactly ticket {@code notify}, so
 * it wakes the longest-waiting waiter and never one that took its ticket after the signal; a broadcast moves
 * {@code notify} up to {@code wait}. A signal may reach a ticket whose owner has not queued yet (it released the
 * lock but has not reached {@code await}): its {@code await} then sees the ticket below {@code notify} and
 * returns without parking, so the signal is not lost.
 *
 * <h2>Interruption: tombstones</h2>
 * A waiter interrupted before its ticket was woken leaves a <em>tombstone</em>, a withdrawn sudog with its
 * ticket. A signal that reaches a tombstone drops it and moves on to the next ticket, so the interrupted waiter
 * absorbs no signal meant for the others. Without it, Go's rule (a missing ticket means "not queued yet, will
 * see it") would spend the signal on a waiter that is gone.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every queued sudog, tombstones included, has a ticket in [notify, wait) (in wrap-around order).</li>
 *   <li>{@code notify} only moves up, and only under the lock.</li>
 *   <li>Nobody is woken while the lock is held.</li>
 * </ul>
 * Both counters wrap around; comparisons use the difference, which stays below 2^31 as long as fewer than 2^31
 * waiters are pending at once.
 */
public final class NotifyList {
    private static final VarHandle WAIT, NOTIFY;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAIT = l.findVarHandle(NotifyList.class, "wait", int.class);
            NOTIFY = l.findVarHandle(NotifyList.class, "notify", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Next ticket to hand out; incremented atomically without the lock (Cond.Wait under a read lock races). */
    @SuppressWarnings("unused") // through WAIT
    private int wait;
    /** Next ticket to wake; written under the lock, read without it on the fast paths. */
    @SuppressWarnings("unused") // through NOTIFY
    private int notify;
    // Guarded by this.
    private final SudogList queue = new SudogList();

    /** Whether ticket a comes before ticket b, allowing for wrap-around. */
    private static boolean less(int a, int b) {
        return a - b < 0;
    }

    /** Takes the next ticket (Go's notifyListAdd). Any thread, typically holding the condition's lock. */
    public int add() {
        return (int) WAIT.getAndAdd(this, 1); // full fence: orders the ticket before the caller's unlock
    }

    /**
     * Waits until ticket {@code t} is woken (Go's notifyListWait). Returns at once if it already was. Any thread.
     *
     * @throws GoInterruptedException if the thread is interrupted before or while it waits and the ticket has
     *                                not been woken: a tombstone takes its place and no signal is consumed. If
     *                                the signal came first, this returns normally and the interrupt stays set.
     */
    public void await(int t) {
        Thread self = Thread.currentThread();
        Sudog s;
        synchronized (this) {
            if (less(t, (int) NOTIFY.getOpaque(this))) { // writes to notify happen under this lock
                return;
            }
            s = new Sudog(self, G.current(), t);
            append(s);
            if (self.isInterrupted()) {
                s.withdrawn = true;
                s.forgetWaiter();
                throw new GoInterruptedException(WaitReason.SYNC_COND_WAIT.toString());
            }
        }
        for (;;) {
            if (s.grantedAcquire()) {
                return;
            }
            if (self.isInterrupted()) {
                synchronized (this) {
                    if (s.grantedAcquire()) {
                        return;
                    }
                    s.withdrawn = true; // stays queued as a tombstone: a signal for this ticket moves on
                    s.forgetWaiter();
                }
                throw new GoInterruptedException(WaitReason.SYNC_COND_WAIT.toString());
            }
            G.park(WaitReason.SYNC_COND_WAIT, this);
        }
    }

    /**
     * Gives up ticket {@code t} without waiting (its owner failed before it could wait): a tombstone takes its
     * place so that signals skip it. A signal that already reached it is not recovered. Any thread.
     */
    public void withdraw(int t) {
        synchronized (this) {
            if (!less(t, (int) NOTIFY.getOpaque(this))) {
                Sudog s = new Sudog(null, null, t);
                s.withdrawn = true;
                append(s);
            }
        }
    }

    /** Wakes the oldest ticket that has not been woken, if any (Go's notifyListNotifyOne). Any thread. */
    public void notifyOne() {
        // Fast path: no waiter since the last notification. Two volatile reads; a waiter racing with us took
        // its ticket after this signal, which it need not see.
        if ((int) WAIT.getVolatile(this) == (int) NOTIFY.getVolatile(this)) {
            return;
        }
        Thread thread = null;
        G g = null;
        synchronized (this) {
            for (;;) {
                int t = (int) NOTIFY.getOpaque(this); // we hold the lock: no concurrent writer
                if (t == (int) WAIT.getVolatile(this)) {
                    return; // nobody left to notify (every ticket was woken or withdrawn)
                }
                NOTIFY.setVolatile(this, t + 1); // volatile: seen by await's fast check and other notifiers
                Sudog s = find(t);
                if (s == null) {
                    return; // its owner has not queued yet; it will see t < notify and not park
                }
                unlink(s);
                if (s.withdrawn) {
                    continue; // a tombstone: the signal goes to the next ticket
                }
                thread = s.thread;
                g = s.g;
                s.forgetWaiter();
                s.setGrantedRelease();
                break;
            }
        }
        Sudog.ready(thread, g);
    }

    /** Wakes every waiting ticket (Go's notifyListNotifyAll; notifyAll is Object's). Any thread. */
    public void notifyEvery() {
        if ((int) WAIT.getVolatile(this) == (int) NOTIFY.getVolatile(this)) {
            return;
        }
        Sudog s;
        synchronized (this) {
            s = queue.takeAll();
            NOTIFY.setVolatile(this, (int) WAIT.getVolatile(this)); // every ticket handed out is now woken
            for (Sudog x = s; x != null; x = x.next) {
                if (!x.withdrawn) {
                    x.setGrantedRelease();
                }
            }
        }
        // The chain is ours now: nobody else reaches these sudogs. Wake outside the lock.
        while (s != null) {
            Sudog n = s.next;
            s.next = s.prev = null;
            if (!s.withdrawn) {
                Sudog.ready(s.thread, s.g);
            }
            s = n;
        }
    }

    /** Holds the lock. Go scans too: tickets are nearly in order, and the woken one is almost always first. */
    private Sudog find(int t) {
        assert Thread.holdsLock(this);
        for (Sudog s = queue.head; s != null; s = s.next) {
            if (s.ticket == t) {
                return s;
            }
        }
        return null;
    }

    /** Holds the lock. */
    private void append(Sudog s) {
        assert Thread.holdsLock(this);
        queue.addLast(s);
    }

    /** Holds the lock; {@code s} is queued. */
    private void unlink(Sudog s) {
        assert Thread.holdsLock(this);
        queue.unlink(s);
    }
}
