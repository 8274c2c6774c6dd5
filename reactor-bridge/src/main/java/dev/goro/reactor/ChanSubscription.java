package dev.goro.reactor;

import dev.goro.RecvChan;
import reactor.core.Disposable;

/**
 * A Publisher's values arriving in a channel ({@link GoFlux#toChan}): the receive-only {@link #channel()} to range
 * over, and {@link #cancel()} to stop the publisher early. Also a Reactor {@link Disposable}, so it can join a
 * {@code Disposable.Composite}.
 *
 * <pre>{@code
 * ChanSubscription<Order> orders = GoFlux.toChan(orderFlux, 256);
 * for (Order o : orders.channel()) {      // parks while the buffer is empty
 *     if (o.isLast()) { orders.cancel(); break; }
 *     handle(o);
 * }
 * }</pre>
 *
 * @param <T> element type
 */
public sealed interface ChanSubscription<T> extends Disposable permits PublisherToChan {

    /**
     * The channel the publisher's values arrive in, in order. Closed when the publisher completes; closed with its
     * error ({@link dev.goro.SendChan#close(Throwable)}) when it fails, so receivers get every value first and then
     * a {@link dev.goro.ChanClosedException} carrying the error; closed by {@link #cancel()}.
     */
    RecvChan<T> channel();

    /**
     * Cancels the subscription: the publisher is told to stop, the channel is closed (receivers, parked ones
     * included, see the end of the stream), and values still buffered or arriving afterwards go to Reactor's discard
     * hook ({@code Flux.doOnDiscard} upstream). Idempotent; never blocks; any thread.
     */
    void cancel();

    /** {@link #cancel()}. */
    @Override
    default void dispose() {
        cancel();
    }

    /** Whether {@link #cancel()} was called. */
    @Override
    boolean isDisposed();
}
