package dev.goro.internal.time;

import dev.goro.internal.chan.Sudog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A runtime timer (Go's {@code runtime.timer}, runtime/time.go, Go 1.23 semantics): fires once at {@code when},
 * or every {@code period} from then on, by calling {@link #fire}. Subclasses say what firing does: send the time
 * on a channel (Timer, Ticker, After) or start a goroutine (AfterFunc).
 *
 * <h2>State (guarded by this timer's monitor)</h2>
 * <ul>
 *   <li>{@code when}: {@link TimerQueue#now()} time of the next firing; 0 when not armed (stopped, or a one-shot that fired).
 *       Also written with opaque stores so that {@link #maybeRunChan()} can skip the lock when the timer is
 *       clearly not due.</li>
 *   <li>{@code period}: 0 for a one-shot timer.</li>
 *   <li>{@code blocked}: channel timers only: how many receivers are parked on the channel.</li>
 * </ul>
 * A timer is filed in the {@link TimerQueue} exactly when {@code when > 0 && (!isChan || blocked > 0)}
 * ({@link #updateHeapLocked()} re-establishes it after every change).
 *
 * <h2>Channel timers: lazy, synchronous (Go 1.23)</h2>
 * The channel has a buffer of one but reports len and cap 0. Nobody parked on it: the timer is not in the heap;
 * a receiver first calls {@link #maybeRunChan()}, which fires the timer inline if it is due. A receiver that
 * parks calls {@link #blockTimerChan()}, which files the timer, and {@link #unblockTimerChan()} after it
 * wakes, which takes it out again when it was the last. So an unreferenced timer is referenced by nothing and is
 * collected, and a goroutine parked on a timer channel is reachable from the heap until it fires.
 *
 * <h2>No stale values ("Stop/Reset guarantee")</h2>
 * Firing holds the monitor while it sends on the channel; {@link #stop()} and {@link #modify} hold it while they
 * disarm and drain the channel's buffer. So a firing either completes before Stop/Reset (its value is drained,
 * or was already received) or starts after and sees the new state: after Stop or Reset returns, no value of
 * the old configuration can be received. (Go needs a second lock and a sequence number because its send cannot
 * run under the timer lock; here the lock order timer monitor, then channel lock, makes that unnecessary:
 * channel code never takes a timer monitor while holding a channel lock.)
 *
 * <h2>Lock order</h2>
 * timer monitor, then channel lock, then the TimerQueue lock. Receivers call {@link #maybeRunChan()} before
 * locking the channel and {@link #blockTimerChan()} / {@link #unblockTimerChan()} after unlocking it.
 */
public abstract class RuntimeTimer extends TimerHeap.Node {
    private static final VarHandle WHEN;

    static {
        try {
            WHEN = MethodHandles.lookup().findVarHandle(RuntimeTimer.class, "when", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean isChan;
    private long when;   // guarded by this; opaque stores for maybeRunChan's unlocked peek
    private long period; // guarded by this
    private int blocked; // guarded by this

    /** {@code isChan}: the timer sends on a channel and is filed only while receivers are blocked on it. */
    protected RuntimeTimer(boolean isChan) {
        this.isChan = isChan;
    }

    /**
     * Arms the timer for {@code when} ({@link TimerQueue#now()} time base, &gt; 0) repeating every {@code period} (0: once), dropping any
     * value of the previous configuration (Go's {@code timer.modify}). Returns whether the timer was armed or
     * had a value nobody had received (Go 1.23 Reset's result). Any thread.
     */
    public final boolean modify(long when, long period) {
        assert when > 0 && period >= 0;
        synchronized (this) {
            boolean pending = this.when > 0;
            setWhen(when);
            this.period = period;
            if (isChan && drain()) {
                pending = true;
            }
            updateHeapLocked();
            return pending;
        }
    }

    /**
     * Disarms the timer and drops any value not yet received (Go's {@code timer.stop}). Returns whether it was
     * armed or had such a value, i.e. whether this call kept a firing from being seen. Any thread.
     */
    public final boolean stop() {
        synchronized (this) {
            boolean pending = when > 0;
            setWhen(0);
            if (isChan && drain()) {
                pending = true;
            }
            updateHeapLocked();
            return pending;
        }
    }

    /**
     * A receiver is about to look at the channel: fires the timer now if it is due and nobody has fired it yet
     * (Go's {@code maybeRunChan}). The caller holds no channel lock. Any thread.
     */
    public final void maybeRunChan() {
        // Opaque peek: a racing modify may make us miss a timer that just became due; that is the same as
        // having looked a moment earlier, and a receiver that then parks files the timer (blockTimerChan).
        long w = (long) WHEN.getOpaque(this);
        if (w == 0) {
            return;
        }
        long now = TimerQueue.now();
        if (w > now) {
            return;
        }
        Sudog wake;
        synchronized (this) {
            if (when == 0 || when > now) {
                return;
            }
            wake = fireLocked(now);
        }
        if (wake != null) {
            wake.ready();
        }
    }

    /** A receiver parked (or is about to park) on the channel: make sure the timer is filed. No channel lock held. */
    public final void blockTimerChan() {
        synchronized (this) {
            blocked++;
            updateHeapLocked();
        }
    }

    /** A receiver that called {@link #blockTimerChan()} is no longer parked. No channel lock held. */
    public final void unblockTimerChan() {
        synchronized (this) {
            blocked--;
            assert blocked >= 0 : "unblockTimerChan: unbalanced";
            updateHeapLocked();
        }
    }

    /** Whether the timer is armed (for tests and toString). */
    public final synchronized boolean isArmed() {
        return when > 0;
    }

    @Override
    final void expire(long now) {
        Sudog wake;
        synchronized (this) {
            if (when == 0 || when > now) {
                // Stopped or moved later after the queue took us out: file again if still needed.
                updateHeapLocked();
                return;
            }
            wake = fireLocked(now);
        }
        if (wake != null) {
            wake.ready();
        }
    }

    /**
     * What firing does, with the monitor held: send {@code firedAt} on the channel (without blocking) or start
     * the function. Returns a receiver to ready once the monitor is released, or null.
     *
     * @param firedAt the {@link TimerQueue#now()} time the timer was due at (Go sends the time it should have fired, not the time
     *                a lazy firing happened)
     */
    protected abstract Sudog fire(long firedAt);

    /**
     * Channel timers: drops the value in the channel's buffer, if any; returns whether there was one. Called with
     * the monitor held. Func timers never call it.
     */
    protected boolean drain() {
        return false;
    }

    private Sudog fireLocked(long now) {
        long firedAt = when;
        if (period > 0) {
            // Skip the periods nobody was there for: ticks are dropped for slow receivers, as in Go.
            long next = firedAt + period * (1 + (now - firedAt) / period);
            setWhen(next < 0 ? Long.MAX_VALUE : next);
        } else {
            setWhen(0);
        }
        updateHeapLocked();
        return fire(firedAt);
    }

    private void setWhen(long w) {
        WHEN.setOpaque(this, w); // opaque: readable by maybeRunChan's peek; the monitor orders everything else
    }

    private void updateHeapLocked() {
        assert Thread.holdsLock(this);
        if (when > 0 && (!isChan || blocked > 0)) {
            TimerQueue.addOrMove(this, when);
        } else {
            TimerQueue.remove(this);
        }
    }
}
