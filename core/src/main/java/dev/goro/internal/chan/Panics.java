package dev.goro.internal.chan;

/**
 * Go's exact texts for misuse of channels, select and timers, in one place so that code and tests agree with Go
 * word for word (runtime/chan.go, runtime/select.go, time/tick.go).
 */
public final class Panics {
    /** A send (or a select send case) on a closed channel. */
    public static final String SEND_ON_CLOSED = "send on closed channel";
    /** A second close. */
    public static final String CLOSE_OF_CLOSED = "close of closed channel";
    /** Close of the nil channel. */
    public static final String CLOSE_OF_NIL = "close of nil channel";
    /** {@code make(chan T, n)} with a negative n. */
    public static final String MAKECHAN_SIZE = "makechan: size out of range";
    /** {@code time.NewTicker} with d &lt;= 0. */
    public static final String NEW_TICKER_INTERVAL = "non-positive interval for NewTicker";
    /** {@code Ticker.Reset} with d &lt;= 0. */
    public static final String TICKER_RESET_INTERVAL = "non-positive interval for Ticker.Reset";

    private Panics() {
    }
}
