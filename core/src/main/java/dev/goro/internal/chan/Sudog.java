package dev.goro.internal.chan;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One goroutine (or thread) waiting in one channel's send or receive queue (Go's {@code sudog}, runtime2.go).
 * A plain send or receive makes one; a select makes one per case, all sharing one {@link SelectWaiter}.
 *
 * <h2>Reachability</h2>
 * A {@link G} holds its thread only weakly, so that a goroutine parked forever on a channel nobody can reach is
 * collected. A sudog therefore holds the waiting {@link #thread} strongly: as long as the channel is reachable,
 * so are the goroutines queued on it, and a send can always wake its receiver.
 *
 * <h2>Ownership</h2>
 * <ul>
 *   <li>{@code elem}, {@code success}, {@code next}, {@code prev}, {@code queued}: guarded by the lock of the
 *       channel whose queue holds (or held) the sudog. The waiter reads {@code elem}/{@code success} after it has
 *       observed completion, which the waker publishes with a release store after writing them.</li>
 *   <li>{@code done}: written once by the waker (release), read by the waiter (acquire). Plain operations only;
 *       a select's sudogs complete through {@link SelectWaiter#winnerAcquire()}.</li>
 * </ul>
 *
 * <h2>Completion protocol</h2>
 * The waker, holding the channel lock: dequeues the sudog (claiming its select, if any), writes
 * {@code elem}/{@code success}, calls {@link #complete()}; then unlocks, then {@link #ready()}. The waiter loops
 * in {@link #await} until it observes completion (park may return spuriously) or until it is interrupted; an
 * interrupted waiter takes the channel lock and {@linkplain WaitQ#remove removes} its sudog: if that succeeds
 * nobody completed it and the operation has had no effect; if it fails the waker got there first, completed it
 * under the same lock, and the operation counts as done.
 */
public final class Sudog {
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Sudog.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiting thread, held strongly (see "Reachability"). */
    public final Thread thread;
    /** The waiting goroutine's record, or null for a platform thread. */
    public final G g;
    /** The select this case belongs to, or null for a plain send or receive. */
    public final SelectWaiter sel;
    /** Index of the select case this sudog stands for; 0 for plain operations. */
    public final int caseIndex;

    /** Send: the value offered. Receive: the value handed over (null on close). Guarded by the channel lock. */
    public Object elem;
    /** True if woken by a value transfer, false if woken by close. Guarded by the channel lock. */
    public boolean success;

    Sudog next;      // guarded by the channel lock
    Sudog prev;      // guarded by the channel lock
    boolean queued;  // guarded by the channel lock: true exactly while in a WaitQ

    private volatile boolean done;

    /** A waiter for the calling thread. {@code sel} null for a plain operation. */
    public Sudog(Object elem, SelectWaiter sel, int caseIndex) {
        this.thread = Thread.currentThread();
        this.g = G.current();
        this.elem = elem;
        this.sel = sel;
        this.caseIndex = caseIndex;
    }

    /** Whether this sudog is in a wait queue. Holds the channel lock. */
    public boolean isQueued() {
        return queued;
    }

    /**
     * Waker side: claims the waiter. A plain operation is always claimable (the dequeue under the channel lock is
     * exclusive); a select is claimed by the first of its cases to fire (or by its own interrupt). Holds the
     * channel lock.
     */
    boolean tryClaim() {
        return sel == null || sel.casClaim();
    }

    /**
     * Waker side: publishes {@code elem} and {@code success} to the waiter. Holds the channel lock; wakes nobody:
     * call {@link #ready()} after unlocking (never ready a goroutine while holding a channel lock).
     */
    public void complete() {
        if (sel == null) {
            DONE.setRelease(this, true); // release: elem/success visible to the waiter's acquire in await
        } else {
            sel.setWinnerRelease(this);
        }
    }

    /** Waker side, after unlocking: makes the waiter runnable (Go's goready). Any thread. */
    public void ready() {
        G gg = g;
        if (gg != null) {
            gg.ready();
        } else {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Waiter side of a plain operation: parks until completed or interrupted. Returns true when completed
     * ({@code elem}/{@code success} are then visible), false when the thread was interrupted first: the caller must
     * then take the channel lock and try to {@linkplain WaitQ#remove remove} this sudog. Own thread only.
     */
    public boolean await(WaitReason reason, Object blocker) {
        assert sel == null && thread == Thread.currentThread();
        while (!(boolean) DONE.getAcquire(this)) { // acquire: pairs with the release in complete()
            if (thread.isInterrupted()) {
                return false;
            }
            G.park(reason, blocker);
        }
        return true;
    }

    /**
     * Blocks the caller forever (Go's {@code gopark(nil, nil, ...)}): a nil channel, an empty select. Only an
     * interrupt ends it, with {@link GoInterruptedException}. Own thread only.
     */
    public static void blockForever(WaitReason reason, String operation) {
        for (;;) {
            GoInterruptedException.throwIfInterrupted(operation);
            G.park(reason, null);
        }
    }
}
