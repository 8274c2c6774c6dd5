package dev.goro;

import dev.goro.internal.chan.Panics;
import dev.goro.internal.time.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Delivers the time on {@link #channel()} at regular intervals (Go's {@code time.Ticker}, Go 1.23 semantics). A
 * receiver that falls behind does not get a backlog: ticks nobody was there to take are dropped, and the next
 * tick comes at the next multiple of the period.
 *
 * <p>After {@link #stop()} or {@link #reset(Duration)} returns, no tick from before the call can be received. An
 * unreferenced ticker is collected even if it was never stopped (as in Go 1.23), though stopping it when done is
 * still good manners.
 */
public final class Ticker {
    private final ChanTimer t;

    Ticker(ChanTimer t) {
        this.t = t;
    }

    /** The channel on which ticks are delivered (Go's {@code t.C}); {@code len} and {@code cap} are 0. */
    public RecvChan<Instant> channel() {
        return t.c;
    }

    /** Turns the ticker off (Go's {@code Ticker.Stop}); no tick from before the call is received. Never blocks. */
    public void stop() {
        t.stop();
    }

    /**
     * Stops the ticker and restarts it with period {@code d}, the next tick after {@code d} (Go's
     * {@code Ticker.Reset}). Never blocks.
     *
     * @throws IllegalArgumentException "non-positive interval for Ticker.Reset" if {@code d} is not positive
     */
    public void reset(Duration d) {
        long p = Time.nanos(Objects.requireNonNull(d, "d"));
        if (p <= 0) {
            throw new IllegalArgumentException(Panics.TICKER_RESET_INTERVAL);
        }
        t.modify(TimerQueue.when(p), p);
    }

    @Override
    public String toString() {
        return "Ticker[" + (t.isArmed() ? "running" : "stopped") + "]";
    }
}
