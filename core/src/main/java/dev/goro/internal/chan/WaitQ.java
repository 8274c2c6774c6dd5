package dev.goro.internal.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's queue of waiting senders or receivers (Go's {@code waitq}): a FIFO doubly linked list of
 * {@link Sudog}s. Every method except {@link #isEmptyAcquire()} holds the owning channel's lock.
 *
 * <p>Not every queued sudog is live: a select that already won on another channel (or was interrupted) leaves
 * its other sudogs here until it takes the locks again to remove them. {@link #dequeue()} skips and drops such
 * stale sudogs. So "the queue is not empty" does not imply "a waiter is ready"; "the queue is empty" does imply
 * that none is.
 */
public final class WaitQ {
    private static final VarHandle FIRST;

    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(WaitQ.class, "first", Sudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sudog first; // written under the lock with release, read without it by isEmptyAcquire
    private Sudog last;

    /** Appends {@code sg}. Holds the channel lock. */
    public void enqueue(Sudog sg) {
        assert !sg.queued : "WaitQ.enqueue: sudog already queued";
        sg.queued = true;
        sg.next = null;
        Sudog l = last;
        sg.prev = l;
        last = sg;
        if (l == null) {
            FIRST.setRelease(this, sg); // release: pairs with isEmptyAcquire (only emptiness is read racily)
        } else {
            l.next = sg;
        }
    }

    /**
     * Removes and returns the first live sudog, claiming its select if it belongs to one; null if none. Stale
     * sudogs of selects claimed elsewhere are dropped on the way. Holds the channel lock.
     */
    public Sudog dequeue() {
        for (;;) {
            Sudog sg = first;
            if (sg == null) {
                return null;
            }
            unlink(sg);
            if (sg.tryClaim()) {
                return sg;
            }
            // Lost to another case of the same select (or to its interrupt): the select removes its other
            // sudogs itself once it holds the locks; this one is simply dropped.
        }
    }

    /**
     * Removes {@code sg} if it is still queued; returns whether it was. A waiter whose operation ends early
     * (interrupt, or a select won elsewhere) calls it. Holds the channel lock.
     */
    public boolean remove(Sudog sg) {
        if (!sg.queued) {
            return false;
        }
        unlink(sg);
        return true;
    }

    /** Whether no sudog is queued. Holds the channel lock. */
    public boolean isEmpty() {
        return first == null;
    }

    /**
     * Racy emptiness for the lock-free fast paths: true means that at the moment of the read no sudog was queued.
     * Any thread.
     */
    public boolean isEmptyAcquire() {
        return FIRST.getAcquire(this) == null; // acquire: pairs with the release stores in enqueue/unlink
    }

    /**
     * The owners of the queued sudogs that could still be woken (not stale select cases): the sudog itself for a
     * plain operation, the {@link SelectWaiter} for a select case, in queue order. Holds the channel lock.
     */
    public List<Object> liveOwners() {
        List<Object> out = new ArrayList<>();
        for (Sudog sg = first; sg != null; sg = sg.next) {
            if (sg.sel == null) {
                out.add(sg);
            } else if (!sg.sel.isClaimed()) {
                out.add(sg.sel);
            }
        }
        return out;
    }

    /** Number of queued sudogs, stale ones included. Holds the channel lock. */
    public int size() {
        int n = 0;
        for (Sudog sg = first; sg != null; sg = sg.next) {
            n++;
        }
        return n;
    }

    private void unlink(Sudog sg) {
        Sudog p = sg.prev;
        Sudog n = sg.next;
        if (p == null) {
            FIRST.setRelease(this, n); // release: pairs with isEmptyAcquire
        } else {
            p.next = n;
        }
        if (n == null) {
            last = p;
        } else {
            n.prev = p;
        }
        sg.next = null;
        sg.prev = null;
        sg.queued = false;
    }
}
