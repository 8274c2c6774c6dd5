package dev.goro.internal.netpoll;

import dev.goro.internal.sched.Clock;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoroFatalError;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One descriptor's readiness and waiters, after Go's {@code pollDesc} (src/runtime/netpoll.go, Go 1.22+): the
 * meeting point of a goroutine that got EAGAIN and the event loop that later learns the descriptor is ready.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>{@link #prepare}, {@link #waitIo}: the one goroutine (or plain thread) that holds the descriptor's read
 *       (mode {@link #READ}) or write ({@link #WRITE}) lock; at most one waiter per mode, as in Go.</li>
 *   <li>{@link #ready}: the event-loop thread, from {@code IoHandle.handle}.</li>
 *   <li>{@link #evict}, {@link #fail}, {@link #setDeadline}, {@link #checkErr}: any thread.</li>
 * </ul>
 *
 * <h2>Waiter states</h2>
 * {@code rg} (read) and {@code wg} (write) each hold one of:
 * <pre>
 *   null    pdNil    no readiness noted, nobody waits
 *   READY   pdReady  an edge arrived since the last prepare(); the next waitIo returns at once and consumes it
 *   Thread  the waiter, published before it parks (Go's pdWait and the G pointer in one step: a Java
 *           unpark before the park is remembered as a permit, so Go's separate pdWait/commit step is not needed)
 * </pre>
 * Transitions: the waiter moves null to Thread and, when it stops waiting, anything back to null (a READY it
 * finds then is consumed: it retries its system call). The loop moves null or Thread to READY. Close and
 * deadline changes move Thread to null (Go's {@code netpollunblock(pd, mode, false)}) or just unpark it. Any
 * other transition is a fatal error, like Go's "netpollblock: double wait".
 *
 * <h2>Edge-triggered readiness</h2>
 * The loop reports an edge once. An edge that lands between the waiter's EAGAIN and its park is not lost: it
 * leaves READY (or unparks the published Thread), and the waiter's loop checks the state before parking. An
 * edge may also be spurious or repeated; callers always retry the system call until EAGAIN, then wait again.
 *
 * <h2>"Publish, then check" (the Dekker pair on both sides)</h2>
 * A waiter stores itself into rg/wg (volatile CAS) and then reads {@code closing}, {@code error} and the
 * deadline (volatile loads). {@link #evict}, {@link #fail} and {@link #setDeadline} store those (volatile) and
 * then read rg/wg (volatile). Volatile accesses are sequentially consistent, so at least one side sees the
 * other: either the waiter sees the close/deadline and does not park, or the closer sees the waiter and
 * unparks it. Comments marked "Dekker" on both sides name the two halves.
 *
 * <h2>Deadlines</h2>
 * Absolute {@link Clock#nanoTime()} values; 0 means none. A waiter parks at most until its deadline and checks
 * it again on each wake-up, so no timer lives on the event loop (Go arms runtime timers that unblock the
 * waiter; a timed park is the JVM's equivalent). Moving a deadline unparks the waiter so it re-reads it.
 *
 * <h2>Not assumed</h2>
 * READY does not mean data is there (edges can be spurious, and a prior reader may have drained it); a
 * cleared state does not mean no edge is pending in the loop's current batch.
 */
public final class PollDesc {

    /** Modes, Go's 'r' and 'w'. */
    public static final int READ = 1, WRITE = 2;

    /** {@link #checkErr} results, Go's pollNoError, pollErrClosing, pollErrTimeout, plus the poller's own failure. */
    public static final int OK = 0, ERR_CLOSING = 1, ERR_TIMEOUT = 2, ERR_POLLER = 3;

    private static final Object READY = new Object() {
        @Override
        public String toString() {
            return "pdReady";
        }
    };

    private static final VarHandle RG, WG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RG = l.findVarHandle(PollDesc.class, "rg", Object.class);
            WG = l.findVarHandle(PollDesc.class, "wg", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // via RG
    private volatile Object rg;
    @SuppressWarnings("unused") // via WG
    private volatile Object wg;
    /** Set once by {@link #evict}: the descriptor is closing. Volatile: see "Publish, then check". */
    private volatile boolean closing;
    /** Set once by {@link #fail}: the poller can no longer report readiness (loop shut down, register failed). */
    private volatile Throwable error;
    /** Read and write deadlines, {@link Clock#nanoTime()} or 0 for none. Volatile: see "Publish, then check". */
    private volatile long rd, wd;

    private static VarHandle handle(int mode) {
        return mode == READ ? RG : WG;
    }

    /**
     * Why an operation in {@code mode} cannot proceed now (Go's {@code netpollcheckerr}): closing first, then
     * a poller failure, then an expired deadline. Any thread.
     */
    public int checkErr(int mode) {
        if (closing) {
            return ERR_CLOSING;
        }
        if (error != null) {
            return ERR_POLLER;
        }
        long d = mode == READ ? rd : wd;
        return d != 0 && Clock.nanoTime() - d >= 0 ? ERR_TIMEOUT : OK;
    }

    /** The poller failure behind {@link #ERR_POLLER}, or null. */
    public Throwable error() {
        return error;
    }

    /**
     * Before a system call in {@code mode} (Go's {@code poll_runtime_pollReset}): reports an error, else clears
     * a stale READY, since the coming system call observes whatever that edge announced. Holder of the mode's
     * lock only.
     */
    public int prepare(int mode) {
        int err = checkErr(mode);
        if (err != OK) {
            return err;
        }
        // Only READY can be here: no one else waits in this mode (we hold its lock). Plain release store: the
        // loop CASes against it, so an edge after this store is kept.
        handle(mode).setRelease(this, null);
        return OK;
    }

    /**
     * After EAGAIN in {@code mode}, waits until the loop reports readiness, the deadline passes, the descriptor
     * closes, the poller fails or the thread is interrupted (Go's {@code poll_runtime_pollWait}). Returns
     * {@link #OK} when the caller should retry its system call, otherwise the error; on interrupt returns OK
     * with the interrupt status set (the caller checks it before it would wait again, so it throws without
     * losing a READY). Holder of the mode's lock only.
     */
    public int waitIo(int mode) {
        int err = checkErr(mode);
        if (err != OK) {
            return err;
        }
        while (!block(mode)) {
            err = checkErr(mode);
            if (err != OK) {
                return err;
            }
            if (Thread.currentThread().isInterrupted()) {
                return OK;
            }
        }
        return OK;
    }

    /** Go's {@code netpollblock}: true if readiness was reported, false for any other wake-up. */
    private boolean block(int mode) {
        VarHandle gpp = handle(mode);
        Thread me = Thread.currentThread();
        for (;;) {
            Object v = gpp.getVolatile(this);
            if (v == READY) {
                if (gpp.compareAndSet(this, READY, null)) { // volatile CAS: consume the edge; pairs with ready()
                    return true;
                }
            } else if (v == null) {
                if (gpp.compareAndSet(this, null, me)) { // volatile CAS: Dekker, waiter side: publish, then check
                    break;
                }
            } else {
                throw new GoroFatalError("netpollblock: double wait");
            }
        }
        // Dekker, waiter side: after publishing `me`, read closing/error/deadline. evict/fail/setDeadline store
        // those and then read rg/wg, so either we see their store here, or they see `me` and unpark us.
        while (gpp.getVolatile(this) == me) { // volatile: a waker's CAS (me -> READY or null) ends the wait
            if (closing || error != null || me.isInterrupted()) {
                break;
            }
            long d = mode == READ ? rd : wd;
            if (d == 0) {
                G.park(WaitReason.IO_WAIT, this);
            } else {
                long left = d - Clock.nanoTime();
                if (left <= 0) {
                    break;
                }
                G.parkNanos(WaitReason.IO_WAIT, this, left);
            }
        }
        // Take ourselves out, and do not lose an edge that arrived meanwhile: if it did, report it, so the
        // caller retries the system call (which consumes it) before it looks at errors again.
        Object old = gpp.getAndSet(this, null); // volatile swap; pairs with the loop's CAS in unblock()
        if (old != me && old != READY && old != null) {
            throw new GoroFatalError("netpollblock: corrupted state");
        }
        return old == READY;
    }

    /**
     * Go's {@code netpollunblock}: moves {@code mode}'s state to READY ({@code ioready}) or out of a waiter, and
     * returns the thread to unpark, if one was waiting. Any thread.
     */
    private Thread unblock(int mode, boolean ioready) {
        VarHandle gpp = handle(mode);
        for (;;) {
            Object old = gpp.getVolatile(this);
            if (old == READY) {
                return null; // already noted; the waiter will consume it
            }
            if (old == null && !ioready) {
                return null; // nobody waits; only readiness is worth remembering
            }
            // volatile CAS; pairs with the waiter's CAS (null -> me) and its final swap in block()
            if (gpp.compareAndSet(this, old, ioready ? READY : null)) {
                return old instanceof Thread t ? t : null;
            }
        }
    }

    /**
     * The event loop saw readiness: {@code modes} is a mask of READ and WRITE (Go's {@code netpollready}).
     * Event-loop thread only; never blocks, never throws.
     */
    public void ready(int modes) {
        Thread r = (modes & READ) != 0 ? unblock(READ, true) : null;
        Thread w = (modes & WRITE) != 0 ? unblock(WRITE, true) : null;
        // From the loop thread the scheduler queues the woken goroutines globally (a foreign waker).
        if (r != null) {
            LockSupport.unpark(r);
        }
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * The descriptor is closing (Go's {@code poll_runtime_pollUnblock}): every current and later wait fails
     * with {@link #ERR_CLOSING}. Any thread, once or more.
     */
    public void evict() {
        closing = true; // volatile store; Dekker, closer side: store, then read rg/wg below
        wakeAll();
    }

    /** The poller can no longer serve this descriptor: waits fail with {@link #ERR_POLLER}. Any thread. */
    public void fail(Throwable cause) {
        if (error == null) {
            error = cause; // volatile store (benign race between two failures: either cause is fine); Dekker
        }
        wakeAll();
    }

    private void wakeAll() {
        Thread r = unblock(READ, false);
        Thread w = unblock(WRITE, false);
        if (r != null) {
            LockSupport.unpark(r);
        }
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * Sets the deadline of the modes in {@code modes} to {@code deadline} ({@link Clock#nanoTime()}, 0 for
     * none) and wakes their waiters so they re-read it (Go's {@code poll_runtime_pollSetDeadline}): a waiter
     * whose deadline moved into the past fails with a timeout, one whose deadline moved later parks again.
     * Any thread.
     */
    public void setDeadline(int modes, long deadline) {
        if ((modes & READ) != 0) {
            rd = deadline; // volatile store; Dekker, setter side: store, then read rg below
        }
        if ((modes & WRITE) != 0) {
            wd = deadline;
        }
        // Unpark without changing the state: the waiter stays published and its loop re-reads the deadline.
        if ((modes & READ) != 0 && RG.getVolatile(this) instanceof Thread t) {
            LockSupport.unpark(t);
        }
        if ((modes & WRITE) != 0 && WG.getVolatile(this) instanceof Thread t) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public String toString() {
        return "PollDesc[rg=" + RG.getVolatile(this) + ", wg=" + WG.getVolatile(this) + ", closing=" + closing
                + "]";
    }
}
