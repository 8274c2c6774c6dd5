package dev.goro.internal.sync;

/**
 * A doubly linked queue of sudogs threaded through their own {@code prev}/{@code next} fields: the wait queue of a
 * {@link Sema} and of a {@link NotifyList}. Not thread-safe: guarded by its owner's monitor, which every caller
 * holds.
 */
final class SudogList {
    /** First and last queued sudog, null when empty. Owners read {@code head} to walk the queue. */
    Sudog head, tail;

    /** Queues {@code s} at the back (FIFO). */
    void addLast(Sudog s) {
        if (tail == null) {
            head = tail = s;
        } else {
            s.prev = tail;
            tail.next = s;
            tail = s;
        }
    }

    /** Queues {@code s} at the front (LIFO: a waiter that lost a race goes first again, as in Go's sema). */
    void addFirst(Sudog s) {
        if (head == null) {
            head = tail = s;
        } else {
            s.next = head;
            head.prev = s;
            head = s;
        }
    }

    /** Removes {@code s}, which is queued here. */
    void unlink(Sudog s) {
        Sudog p = s.prev, n = s.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        s.next = s.prev = null;
    }

    /** Empties the queue and returns its former head; the sudogs stay linked to each other. */
    Sudog takeAll() {
        Sudog h = head;
        head = tail = null;
        return h;
    }
}
