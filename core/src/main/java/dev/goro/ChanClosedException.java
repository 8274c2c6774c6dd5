package dev.goro;

/**
 * A receive from a channel that was {@linkplain SendChan#close(Throwable) closed with an error}, after its
 * buffered values were drained. {@link #getCause()} is the error given to {@code close}.
 *
 * <p>Go has no such channel state (a Go producer reports a failure on a second channel or in a struct it
 * sends); goro adds it so that a stream that ends in an error, such as a Reactive Streams publisher feeding a
 * channel, hands that error to its receivers in order, after every value sent before it, instead of losing it.
 *
 * <p>Unchecked, like every goro channel error. Each receive on the drained channel throws a new instance with
 * the same cause.
 */
public class ChanClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A receive that found the channel closed with {@code cause} and drained. */
    public ChanClosedException(Throwable cause) {
        super("receive from channel closed with an error: " + cause, cause);
    }
}
