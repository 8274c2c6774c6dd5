package dev.goro;

import dev.goro.internal.time.RuntimeTimer;
import dev.goro.internal.time.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A single event in the future (Go's {@code time.Timer}, with Go 1.23 semantics). Made by
 * {@link Time#newTimer(Duration)}, whose timer sends the current time on {@link #channel()} when it fires, or by
 * {@link Time#afterFunc(Duration, Runnable)}, whose timer starts a function in its own goroutine.
 *
 * <p><strong>Stop/Reset guarantee:</strong> once {@link #stop()} or {@link #reset(Duration)} has returned, no value
 * from before the call can be received from the channel: there is no need to drain it first, as there was before
 * Go 1.23. The channel is synchronous: {@code len} and {@code cap} are 0.
 *
 * <p><strong>Garbage:</strong> a timer (or its channel) that nobody references any more is collected even if it
 * was never stopped; only a goroutine waiting on its channel, or an armed {@code afterFunc}, keeps it alive.
 *
 * <p>Timers are cheap: millions may be pending at once (one heap node each, O(log n) to add or remove).
 */
public final class Timer {
    private final RuntimeTimer t;
    private final RecvChan<Instant> c;

    Timer(RuntimeTimer t, RecvChan<Instant> c) {
        this.t = t;
        this.c = c;
    }

    /**
     * The channel on which the fire time is delivered (Go's {@code t.C}); the nil channel for a timer made by
     * {@link Time#afterFunc}, as in Go.
     */
    public RecvChan<Instant> channel() {
        return c;
    }

    /**
     * Prevents the timer from firing (Go's {@code Timer.Stop}). Returns true if this call stopped it: it was armed,
     * or it had fired but its value had not been received yet (that value is discarded). Returns false if it had
     * already fired and been received, or been stopped. For an {@code afterFunc} timer, true means the function
     * will not run; false means it has been started already (Stop does not wait for it). Never blocks.
     */
    public boolean stop() {
        return t.stop();
    }

    /**
     * Re-arms the timer to fire after {@code d} (Go's {@code Timer.Reset}); a zero or negative {@code d} fires it
     * at once. Any value from before the call is discarded. Returns what {@link #stop()} would have returned.
     * Never blocks.
     */
    public boolean reset(Duration d) {
        Objects.requireNonNull(d, "d");
        return t.modify(TimerQueue.when(Time.nanos(d)), 0);
    }

    @Override
    public String toString() {
        return "Timer[" + (t.isArmed() ? "armed" : "stopped") + "]";
    }
}
