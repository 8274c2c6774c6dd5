package dev.goro.sync;

import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.WaitReason;
import dev.goro.internal.sync.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Waits for a collection of tasks to finish (Go's {@code sync.WaitGroup}, as of Go 1.25).
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *     wg.go(() -> fetch(url));
 * }
 * wg.await();
 * }</pre>
 *
 * <p>{@link #go(Runnable)} starts a goroutine and counts it; or count by hand: {@link #add(int)} before starting
 * the work, {@link #done()} when it ends. Calls to {@code add} with a positive delta that start from zero must
 * happen before {@code await}. A WaitGroup may be reused once every {@code await} of the previous round has
 * returned.
 *
 * <p><strong>Blocking:</strong> {@link #await()} parks the calling goroutine (wait reason
 * {@code sync.WaitGroup.Wait}), or blocks the calling platform thread, until the counter is zero. The other
 * methods never block.
 *
 * <p><strong>Interruption:</strong> {@code await()} throws {@link GoInterruptedException} if the thread is
 * interrupted on entry or while waiting, unless the counter reached zero before the interrupt was seen. It
 * leaves the counter as it was, and the other waiters are released as usual.
 */
public final class WaitGroup {

    /*
     * Implementation notes (Go's src/sync/waitgroup.go is the specification).
     *
     * state: the counter in the high 32 bits, the number of waiters in the low 32 bits, so that one CAS sees
     * both. (Go 1.25 also keeps a synctest bit there; goro's test mode lives elsewhere.)
     *
     * Add: the counter changes with a CAS that refuses a negative result and an Add from zero while waiters are
     * registered, so misuse changes nothing (Go adds first and panics after). The add that takes the counter to
     * zero with waiters registered resets the whole word to 0 and releases one permit per waiter. From that
     * reset on, a correct program does not touch the word until every waiter has returned; a waiter that finds
     * it non-zero after its wake-up reports the reuse, as Go does.
     *
     * Wait: if the counter is zero, return; else CAS one more waiter in and sleep on the sema.
     *
     * Interruption (not in Go), under the sema's lock for a waiter no permit has reached:
     *   - counter > 0 and waiters > 0: the zeroing add has not happened; remove our waiter unit and leave.
     *   - otherwise the zeroing add has reset the word and is releasing our permit: leave a ghost that
     *     discards it.
     */

    private static final VarHandle STATE, SEMA;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(WaitGroup.class, "state", long.class);
            SEMA = l.findVarHandle(WaitGroup.class, "sema", Sema.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A ghost's action when the permit it receives needs no passing on: the group simply reached zero. */
    private static final Runnable DISCARD = () -> { };

    @SuppressWarnings("unused") // through STATE
    private volatile long state;
    /** Created by the first waiter, so a WaitGroup nobody waits on costs one small object. */
    @SuppressWarnings("unused") // through SEMA
    private volatile Sema sema;

    /** Creates a WaitGroup with a zero counter. */
    public WaitGroup() {
    }

    private static int counter(long s) {
        return (int) (s >> 32);
    }

    private static int waiters(long s) {
        return (int) s;
    }

    /**
     * Adds {@code delta}, which may be negative, to the counter. When the counter reaches zero, every goroutine
     * blocked in {@link #await()} is released.
     *
     * @throws IllegalStateException "sync: negative WaitGroup counter" if the counter would go below zero, or
     *                               "sync: WaitGroup misuse: Add called concurrently with Wait" if it would rise
     *                               from zero while a Wait is still being released; the counter is unchanged
     * @throws IllegalArgumentException if the counter would exceed {@link Integer#MAX_VALUE}; unchanged
     */
    public void add(int delta) {
        for (;;) {
            long old = state;
            int v = counter(old);
            int w = waiters(old);
            long sum = (long) v + delta;
            if (sum < 0) {
                throw new IllegalStateException(Messages.NEGATIVE_WAITGROUP_COUNTER);
            }
            if (sum > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sync: WaitGroup counter overflow: " + v + " + " + delta);
            }
            if (w != 0 && delta > 0 && v == 0) {
                throw new IllegalStateException(Messages.WAITGROUP_ADD_CONCURRENT_WITH_WAIT);
            }
            long next = (sum << 32) | (old & 0xFFFF_FFFFL);
            if (!STATE.compareAndSet(this, old, next)) { // volatile CAS: publishes the work before a done()
                continue;
            }
            if (sum > 0 || w == 0) {
                return;
            }
            // We took the counter to zero with waiters registered. Nobody may touch the word now: adds must not
            // race with waits, and waits register only while the counter is positive. Check cheaply anyway.
            if (state != next) {
                throw new IllegalStateException(Messages.WAITGROUP_ADD_CONCURRENT_WITH_WAIT);
            }
            state = 0; // volatile: the reset a woken waiter checks
            Sema s = sema();
            for (int i = 0; i < w; i++) {
                s.release(false);
            }
            return;
        }
    }

    /** Decrements the counter by one: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /**
     * Waits until the counter is zero (Go's Wait; {@code wait} is taken by {@link Object}).
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason {@code sync.WaitGroup.Wait}) or
     * blocks the calling platform thread while the counter is positive.
     *
     * @throws GoInterruptedException if the thread is interrupted on entry or while waiting
     * @throws IllegalStateException  "sync: WaitGroup is reused before previous Wait has returned" if the
     *                                WaitGroup was used again before this wait returned
     */
    public void await() {
        GoInterruptedException.throwIfInterrupted(WaitReason.SYNC_WAITGROUP_WAIT.toString());
        for (;;) {
            long old = state; // volatile read: acquires the work of every done() that led to zero
            if (counter(old) == 0) {
                return;
            }
            if (STATE.compareAndSet(this, old, old + 1)) {
                sema().acquire(WaitReason.SYNC_WAITGROUP_WAIT, false);
                if (state != 0) {
                    throw new IllegalStateException(Messages.WAITGROUP_REUSED);
                }
                return;
            }
        }
    }

    /**
     * Starts {@code task} in a new goroutine and counts it: {@code add(1)} now, {@code done()} when it returns
     * or throws (Go 1.25's WaitGroup.Go). An exception escaping {@code task} still goes to the goroutine
     * exception handler ({@link Go#setUncaughtExceptionHandler}).
     *
     * @throws NullPointerException if {@code task} is null
     */
    public void go(Runnable task) {
        Objects.requireNonNull(task, "task");
        add(1);
        Go.go(() -> {
            try {
                task.run();
            } finally {
                done();
            }
        });
    }

    /** Called by the sema under its lock: see "Interruption" in the implementation notes. */
    private Runnable cancelWait() {
        for (;;) {
            long old = state;
            if (counter(old) == 0 || waiters(old) == 0) {
                return DISCARD; // reset by the zeroing add: our permit is being released
            }
            if (STATE.compareAndSet(this, old, old - 1)) {
                return null;
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

    /** Tests: whether the counter is zero, nobody waits and no permit is left over. */
    boolean isIdle() {
        Sema s = (Sema) SEMA.getAcquire(this);
        return state == 0 && (s == null || s.isIdle());
    }

    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[counter=" + counter(s) + ", waiters=" + waiters(s) + "]";
    }

    private final class WaitQueue extends Sema {
        @Override
        protected Runnable cancelWait() {
            assert Thread.holdsLock(this) : "cancelWait: queue lock not held";
            return WaitGroup.this.cancelWait();
        }
    }
}
