package dev.goro;

import dev.goro.internal.chan.Panics;
import dev.goro.internal.time.FuncTimer;
import dev.goro.internal.time.Sleep;
import dev.goro.internal.time.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's package time, for goroutines: sleeping, timeouts, timers and tickers, with Go 1.23 semantics.
 *
 * <pre>{@code
 * Time.sleep(Duration.ofMillis(10));                        // time.Sleep(10 * time.Millisecond)
 * String r = Select.select(                                 // select {
 *         Select.recv(results, v -> v),                     // case v := <-results: ...
 *         Select.recv(Time.after(Duration.ofSeconds(1)),    // case <-time.After(time.Second): ...
 *                 t -> "timeout"));                         // }
 * }</pre>
 *
 * <p>All of goro's time (these timers, {@link #now()}) reads one internal monotonic clock, so that a future
 * deterministic test mode can substitute virtual time.
 */
public final class Time {
    /** Wall-clock instant and clock reading taken together once, to turn clock readings into instants. */
    private static final Instant WALL_ANCHOR = Instant.now();
    private static final long NANO_ANCHOR = TimerQueue.now();

    private Time() {
    }

    /**
     * Pauses the caller for at least {@code d} (Go's {@code time.Sleep}); returns at once for a zero or negative
     * duration.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason "sleep"), or blocks a plain thread.
     *
     * @throws GoInterruptedException if the caller is interrupted on entry or while asleep
     */
    public static void sleep(Duration d) {
        Sleep.sleep(nanos(Objects.requireNonNull(d, "d")));
    }

    /**
     * A channel that receives the time once {@code d} has passed (Go's {@code time.After}). Composes as a select
     * case for timeouts. Nothing needs to be stopped: an abandoned channel is collected.
     */
    public static RecvChan<Instant> after(Duration d) {
        return newTimer(d).channel();
    }

    /**
     * A timer that sends the time on its channel once {@code d} has passed (Go's {@code time.NewTimer}); a zero or
     * negative {@code d} fires at once.
     */
    public static Timer newTimer(Duration d) {
        long when = TimerQueue.when(nanos(Objects.requireNonNull(d, "d")));
        ChanTimer t = new ChanTimer();
        t.modify(when, 0);
        return new Timer(t, t.c);
    }

    /**
     * Runs {@code f} in its own goroutine once {@code d} has passed (Go's {@code time.AfterFunc}); the returned
     * timer can {@linkplain Timer#stop() stop} or {@linkplain Timer#reset reset} it, and its channel is the nil
     * channel. Pending until it fires or is stopped, even if the timer itself is not referenced.
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        long when = TimerQueue.when(nanos(Objects.requireNonNull(d, "d")));
        FuncTimer t = new FuncTimer(Objects.requireNonNull(f, "f"));
        t.modify(when, 0);
        return new Timer(t, Chan.nil());
    }

    /**
     * A ticker delivering the time every {@code d}, the first tick after {@code d} (Go's {@code time.NewTicker}).
     *
     * @throws IllegalArgumentException "non-positive interval for NewTicker" if {@code d} is not positive
     */
    public static Ticker newTicker(Duration d) {
        long p = nanos(Objects.requireNonNull(d, "d"));
        if (p <= 0) {
            throw new IllegalArgumentException(Panics.NEW_TICKER_INTERVAL);
        }
        ChanTimer t = new ChanTimer();
        t.modify(TimerQueue.when(p), p);
        return new Ticker(t);
    }

    /**
     * The channel of a new ticker that cannot be stopped (Go's {@code time.Tick}); the nil channel if {@code d} is
     * not positive. Since tickers are collected once unreferenced, this does not leak.
     */
    public static RecvChan<Instant> tick(Duration d) {
        if (nanos(Objects.requireNonNull(d, "d")) <= 0) {
            return Chan.nil();
        }
        return newTicker(d).channel();
    }

    /** The current time on goro's clock (monotonic, anchored to the wall clock once at startup). */
    public static Instant now() {
        return instantAt(TimerQueue.now());
    }

    /** The instant of a timer time-base reading. */
    static Instant instantAt(long timerNanos) {
        return WALL_ANCHOR.plusNanos(timerNanos - NANO_ANCHOR);
    }

    /** {@code d} in nanoseconds, saturating instead of overflowing. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
