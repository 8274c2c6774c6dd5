package dev.goro;

import dev.goro.internal.chan.Sudog;
import dev.goro.internal.time.RuntimeTimer;
import java.time.Instant;

/**
 * The runtime timer of a Timer, Ticker or {@code Time.after}: firing sends the time it was due at on its channel
 * without blocking (Go's {@code sendTime}), and Stop/Reset drain that channel. See RuntimeTimer for the Go 1.23
 * lazy, synchronous design; the channel is made here so that both refer to each other through final fields.
 */
final class ChanTimer extends RuntimeTimer {
    final Chan<Instant> c;

    ChanTimer() {
        super(true);
        this.c = Chan.forTimer(this);
    }

    @Override
    protected Sudog fire(long firedAt) {
        return c.timerSend(Time.instantAt(firedAt));
    }

    @Override
    protected boolean drain() {
        return c.timerDrain();
    }
}
