package dev.goro.reactor;

import dev.goro.Chan;
import dev.goro.RecvChan;
import dev.goro.internal.chan.Panics;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Channels and goroutines as Fluxes, and Publishers as channels: the bridges between goro's sequential world and
 * Reactor's, each with real backpressure.
 *
 * <table>
 *   <caption>Conversions</caption>
 *   <tr><th>from</th><th>to</th><th>use</th></tr>
 *   <tr><td>a channel</td><td>Flux</td><td>{@link #from(RecvChan)}, {@link #consume(Chan)}</td></tr>
 *   <tr><td>a Publisher</td><td>channel</td><td>{@link #toChan(Publisher, int)}</td></tr>
 *   <tr><td>a producer goroutine</td><td>Flux</td><td>{@link #flux(FluxProducer.Body)}</td></tr>
 *   <tr><td>blocking-style code per element</td><td>Flux operator</td><td>{@link #goMap}, {@link #goMapUnordered}</td></tr>
 * </table>
 *
 * @see GoMono the Mono builder
 * @see Await waiting for a Publisher inside a goroutine
 * @see GoroScheduler running Reactor operators in goroutines
 */
public final class GoFlux {

    private GoFlux() {
    }

    /**
     * A Flux of the values received from {@code ch}: cold, each subscriber is served by its own goroutine that
     * receives only while the subscriber has outstanding demand, so a value nobody requested stays in the channel
     * for its other receivers. Subscribers of the same Flux, like any receivers of one channel, share its values:
     * each value goes to one of them.
     *
     * <ul>
     *   <li>Completes when the channel is closed and drained; a channel
     *       {@linkplain dev.goro.SendChan#close(Throwable) closed with an error} signals that error after its values.</li>
     *   <li>Cancel stops receiving at once: a receive parked in the serving goroutine is interrupted and has taken
     *       nothing. A value that was received at the very moment of the cancel goes to Reactor's discard hook
     *       ({@code doOnDiscard} downstream), never downstream and never lost silently. The channel stays open.</li>
     *   <li>A request of zero or less is answered with onError(IllegalArgumentException) (Reactive Streams §3.9).</li>
     * </ul>
     *
     * <p><strong>Threading:</strong> signals are delivered on the serving goroutine, so downstream operators run
     * there until a {@code publishOn}; the goroutine carries the subscriber's Reactor Context
     * ({@link ReactorContext#current()}).
     *
     * <p><strong>Discard:</strong> a value received but not delivered because of a cancel.
     *
     * @throws NullPointerException if {@code ch} is null
     */
    public static <T> Flux<T> from(RecvChan<T> ch) {
        return ChanToFlux.create(Objects.requireNonNull(ch, "ch"), false);
    }

    /**
     * As {@link #from(RecvChan)}, but the Flux owns the channel (Kotlin's {@code consumeAsFlow}): it accepts a single
     * subscriber (a second one gets onError(IllegalStateException)), and it closes the channel when that subscriber
     * cancels or its onNext fails, so producers blocked in {@code send} get "send on closed channel" and can stop.
     *
     * @throws NullPointerException     if {@code ch} is null
     * @throws IllegalArgumentException if {@code ch} is the nil channel, which cannot be closed
     */
    public static <T> Flux<T> consume(Chan<T> ch) {
        Objects.requireNonNull(ch, "ch");
        if (ch == Chan.nil()) {
            throw new IllegalArgumentException("GoFlux.consume: the nil channel cannot be closed");
        }
        return ChanToFlux.create(ch, true);
    }

    /**
     * Subscribes to {@code publisher} and delivers its values into a new channel of {@code capacity}, for a
     * goroutine to receive (or range over). See {@link ChanSubscription} for the returned handle.
     *
     * <ul>
     *   <li><strong>Backpressure:</strong> requests {@code capacity} values at once, then more in batches as
     *       receivers take values out, never more than the free space, so the publisher's {@code onNext} always
     *       puts its value in the channel without waiting: no Reactor or Netty thread ever blocks on it. With a
     *       synchronous publisher the refill runs on the receiving goroutine itself.</li>
     *   <li><strong>Capacity 0</strong> (a rendezvous) becomes a buffer of one value ({@code cap() == 1}), requested
     *       one at a time: the next value is requested only after the previous one has been received.</li>
     *   <li><strong>Termination:</strong> onComplete closes the channel; onError closes it with the error, so
     *       receivers get every buffered value first, then {@link dev.goro.ChanClosedException} carrying it.</li>
     *   <li><strong>Cancel:</strong> {@link ChanSubscription#cancel()} cancels the publisher, closes the channel
     *       and passes values still buffered to the discard hook.</li>
     *   <li><strong>Broken publishers:</strong> a null value or error (§2.13) or more values than requested (§1.1)
     *       cancel the publisher and close the channel with a {@code NullPointerException} or Reactor's overflow
     *       error after the values already buffered.</li>
     * </ul>
     *
     * <p><strong>Context:</strong> the subscription's Reactor Context is the calling goroutine's
     * ({@link ReactorContext#current()}), so a publisher consumed inside a bridge goroutine sees its subscriber's
     * context; with Micrometer's context-propagation present the caller's ThreadLocal values are captured into it
     * (Reactor's {@code contextCapture()}).
     *
     * <p><strong>Blocking:</strong> never; a publisher that emits synchronously on subscription fills the buffer
     * before this returns.
     *
     * @throws NullPointerException     if {@code publisher} is null
     * @throws IllegalArgumentException "makechan: size out of range" if {@code capacity} is negative
     */
    public static <T> ChanSubscription<T> toChan(Publisher<T> publisher, int capacity) {
        return toChan(publisher, capacity, Context.empty());
    }

    /**
     * As {@link #toChan(Publisher, int)}, adding {@code context} to the subscription's Reactor Context (as
     * {@code Flux.subscribe(..., Context)} does). To receive the values a cancel discards, put a hook there:
     * {@code Operators.enableOnDiscard(Context.empty(), v -> release(v))}.
     */
    public static <T> ChanSubscription<T> toChan(Publisher<T> publisher, int capacity, Context context) {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(context, "context");
        if (capacity < 0) {
            throw new IllegalArgumentException(Panics.MAKECHAN_SIZE + ": " + capacity);
        }
        PublisherToChan<T> s = new PublisherToChan<>(capacity, ReactorContext.subscriptionContext().putAll(context.readOnly()));
        publisher.subscribe(s);
        return s;
    }

    /**
     * A Flux produced by a goroutine (kotlinx-coroutines-reactor's {@code flux { }}): cold, each subscription starts
     * a goroutine that runs {@code body}, whose {@link FluxProducer#send} delivers values and parks while the
     * subscriber has no demand. Returning from the body completes the Flux; an exception fails it.
     *
     * <ul>
     *   <li><strong>Cancel:</strong> {@code send} throws {@link java.util.concurrent.CancellationException} from
     *       then on, so the body unwinds; if the body is not inside {@code send} at that moment its goroutine is
     *       interrupted, so a goro operation parked in it (a channel, select, sleep, {@link Await}) throws
     *       {@code GoInterruptedException}. What the body throws after a cancel is dropped. A body that ignores
     *       both keeps running until it returns: Reactor has moved on.</li>
     *   <li><strong>Context:</strong> {@link ReactorContext#current()} in the body and in goroutines it starts is
     *       the subscriber's context; ThreadLocals captured at subscription are restored when Micrometer's
     *       context-propagation is on the class path.</li>
     *   <li>A request of zero or less is answered with onError(IllegalArgumentException) (Reactive Streams §3.9)
     *       and stops the body as a cancel does.</li>
     * </ul>
     *
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> Flux<T> flux(FluxProducer.Body<T> body) {
        return FluxGo.of(Objects.requireNonNull(body, "body"));
    }

    /**
     * An operator, for {@link Flux#transform}, that maps each element with {@code fn} in its own goroutine, at most
     * {@code concurrency} at a time, and emits the results in the order of their elements (as {@code map} does):
     * {@code fn} may use blocking-style goro code (channels, select, sleeps, {@link Await}, {@code Go.blocking}).
     *
     * <pre>{@code
     * Flux<Page> pages = urls.transform(GoFlux.goMap(8, url -> fetch(url)));   // 8 fetches in flight
     * }</pre>
     *
     * <p>No more than {@code concurrency} elements are requested from upstream ahead of the results. {@code fn}
     * throwing fails the Flux once the results of the elements before the failing one have been emitted, as with
     * {@code map}; the goroutines of later elements are then cancelled (see {@link GoMono#mono}). {@code fn}
     * returning null fails it with a NullPointerException, as {@code map} does.
     *
     * @throws IllegalArgumentException if {@code concurrency} is not positive
     * @throws NullPointerException     if {@code fn} is null
     */
    public static <T, R> Function<Flux<T>, Flux<R>> goMap(int concurrency, Function<? super T, ? extends R> fn) {
        checkConcurrency(concurrency);
        Objects.requireNonNull(fn, "fn");
        // Failures travel as values until their turn, so that, as with map, every result before the failing
        // element is emitted first (flatMapSequential alone would fail at once, dropping earlier results still in
        // flight); the error then cancels the goroutines of later elements.
        return flux -> flux.flatMapSequential(v -> apply(fn, v).map(Outcome::<R>value).onErrorResume(
                        e -> Mono.just(Outcome.failure(e))), concurrency, 1)
                .handle((o, sink) -> {
                    if (o.error() == null) {
                        sink.next(o.value());
                    } else {
                        sink.error(o.error());
                    }
                });
    }

    /** A goMap result or failure, kept in element order. */
    private record Outcome<R>(R value, Throwable error) {
        static <R> Outcome<R> value(R v) {
            return new Outcome<>(v, null);
        }

        static <R> Outcome<R> failure(Throwable e) {
            return new Outcome<>(null, e);
        }
    }

    /**
     * As {@link #goMap}, emitting each result as soon as it is ready, so a slow element does not hold back the
     * others; {@code fn} throwing fails the Flux at once.
     *
     * @throws IllegalArgumentException if {@code concurrency} is not positive
     * @throws NullPointerException     if {@code fn} is null
     */
    public static <T, R> Function<Flux<T>, Flux<R>> goMapUnordered(int concurrency,
                                                                   Function<? super T, ? extends R> fn) {
        checkConcurrency(concurrency);
        Objects.requireNonNull(fn, "fn");
        return flux -> flux.flatMap(v -> apply(fn, v), concurrency, 1);
    }

    private static <T, R> Mono<R> apply(Function<? super T, ? extends R> fn, T v) {
        return GoMono.mono(() -> {
            R r = fn.apply(v);
            if (r == null) {
                throw new NullPointerException("The goMap function returned a null value.");
            }
            return r;
        });
    }

    private static void checkConcurrency(int concurrency) {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency must be positive, was " + concurrency);
        }
    }
}
