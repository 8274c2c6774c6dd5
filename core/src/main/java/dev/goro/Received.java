package dev.goro;

/**
 * The outcome of a receive that reports whether it got a value (Go's {@code v, ok := <-ch}).
 *
 * @param value the value received, or null when {@code ok} is false
 * @param ok    true if the value was sent by a send; false if the channel is closed and drained
 * @param <T>   element type
 */
public record Received<T>(T value, boolean ok) {
    private static final Received<?> CLOSED = new Received<>(null, false);

    /** The result of receiving from a closed, drained channel: {@code (null, false)}. */
    @SuppressWarnings("unchecked")
    public static <T> Received<T> closed() {
        return (Received<T>) CLOSED;
    }
}
