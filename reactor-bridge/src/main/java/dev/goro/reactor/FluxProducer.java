package dev.goro.reactor;

import java.util.concurrent.CancellationException;

/**
 * The sending end of a Flux made by {@link GoFlux#flux}: the producer goroutine {@linkplain #send sends} values, and
 * each send waits until the subscriber has requested it (kotlinx-coroutines-reactor's {@code flux { send(x) }}).
 *
 * <pre>{@code
 * Flux<String> lines = GoFlux.flux(out -> {
 *     try (var reader = open(path)) {
 *         String line;
 *         while ((line = Go.blocking(reader::readLine)) != null) {
 *             out.send(line);                    // parks while the subscriber has no demand
 *         }
 *     }
 * });                                            // returning completes the Flux; throwing fails it
 * }</pre>
 *
 * <p><strong>Threading:</strong> call {@link #send} from the producer goroutine only (the one running the body), as
 * Reactor's {@code SynchronousSink}: signals to a subscriber must be serial. To produce from several goroutines,
 * give them a channel and forward it: {@code for (T v : results) out.send(v);}.
 *
 * @param <T> element type
 */
public sealed interface FluxProducer<T> permits FluxGo.Emitter {

    /**
     * Delivers {@code value} to the subscriber ({@code onNext}), first waiting until it has requested one more.
     *
     * <p><strong>Blocking:</strong> parks the producer goroutine (wait reason "reactor demand") while the subscriber
     * has no outstanding demand; never otherwise.
     *
     * @throws NullPointerException  if {@code value} is null (Reactive Streams forbids null elements)
     * @throws CancellationException if the subscriber has cancelled (or broke the protocol with a bad request), so
     *                               that the body unwinds; the value was not delivered
     * @throws IllegalStateException if called from another thread than the producer goroutine
     */
    void send(T value);

    /** Whether the subscriber has cancelled: the next {@link #send} will throw. A snapshot. */
    boolean isCancelled();

    /**
     * The body of a Flux's producer goroutine. Returning completes the Flux; throwing fails it with what was thrown
     * (unless the subscriber cancelled first, then nothing is signalled).
     *
     * @param <T> element type
     */
    @FunctionalInterface
    interface Body<T> {
        /** Produces the values by calling {@code out.send(v)}; runs in its own goroutine, once per subscription. */
        void produce(FluxProducer<T> out) throws Exception;
    }
}
