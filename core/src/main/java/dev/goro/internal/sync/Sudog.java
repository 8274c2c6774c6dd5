package dev.goro.internal.sync;

import dev.goro.internal.sched.G;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A waiter in a {@link Sema} queue or a {@link NotifyList} (Go's {@code sudog}, the part sema.go uses).
 *
 * <p><b>Reachability.</b> {@code thread} is held strongly: a G refers to its thread only weakly, so the queue
 * is what keeps a parked waiter alive (see {@link G}). It is cleared when the waiter leaves the queue on an
 * interrupt, so that a ghost or tombstone left behind does not pin the departed thread.
 *
 * <p><b>Ownership.</b> {@code next}, {@code prev}, {@code thread}, {@code g}, {@code ghost} and
 * {@code withdrawn} are guarded by the lock of the queue the sudog is in. {@code granted} is written under that
 * lock by the waker and read without it by the waiter, so it is the one field with an ordering:
 *
 * <pre>
 *   waker (holds the queue lock)             waiter (parked, lock-free loop)
 *   unlink s; setGrantedRelease()  -----&gt;    grantedAcquire() sees true: the wake-up is its own
 *   unlock; ready(thread)
 * </pre>
 */
final class Sudog {
    private static final VarHandle GRANTED;

    static {
        try {
            GRANTED = MethodHandles.lookup().findVarHandle(Sudog.class, "granted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiting thread; null for a ghost or tombstone. Guarded by the queue lock. */
    Thread thread;
    /** The waiting goroutine's record, or null for a platform thread. Guarded by the queue lock. */
    G g;
    /** {@link NotifyList} only: the waiter's ticket. */
    final int ticket;
    /** Queue links; guarded by the queue lock. */
    Sudog next, prev;
    /**
     * {@link Sema} only: non-null once the waiter has left on an interrupt while a wake-up was already committed
     * to it; the releaser that dequeues this sudog runs it instead of waking anyone. Guarded by the queue lock.
     */
    Runnable ghost;
    /** {@link NotifyList} only: the waiter left on an interrupt; a signal skips this ticket. Guarded by the lock. */
    boolean withdrawn;

    @SuppressWarnings("unused") // through GRANTED
    private boolean granted;

    Sudog(Thread thread, G g, int ticket) {
        this.thread = thread;
        this.g = g;
        this.ticket = ticket;
    }

    /** Waker, holding the queue lock, after unlinking: the wake-up (permit or signal) now belongs to the waiter. */
    void setGrantedRelease() {
        GRANTED.setRelease(this, true); // release: pairs with grantedAcquire in the waiter's park loop
    }

    /** Waiter, lock-free: whether a waker has dequeued it. */
    boolean grantedAcquire() {
        return (boolean) GRANTED.getAcquire(this); // acquire: pairs with setGrantedRelease
    }

    /** Under the queue lock: the waiter has left; drop the thread so the ghost or tombstone does not pin it. */
    void forgetWaiter() {
        thread = null;
        g = null;
    }

    /**
     * Makes the waiter runnable (Go's goready). Called after the queue lock is released with the values read
     * under it: never ready a goroutine while holding a queue lock.
     */
    static void ready(Thread thread, G g) {
        if (g != null) {
            g.ready();
        } else {
            G.ready(thread);
        }
    }
}
