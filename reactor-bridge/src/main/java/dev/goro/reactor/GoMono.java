package dev.goro.reactor;

import java.util.Objects;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;

/**
 * Goroutines as Monos (kotlinx-coroutines-reactor's {@code mono { }}): sequential, blocking-style code whose result
 * a Reactor pipeline consumes.
 *
 * <pre>{@code
 * Mono<Quote> best = GoMono.mono(() -> {
 *     Chan<Quote> quotes = Chan.make(3);
 *     for (Supplier s : suppliers) Go.go(() -> quotes.send(s.quote()));
 *     return Select.select(                                   // first answer, or give up after 100 ms
 *             Select.recv(quotes, q -> q),
 *             Select.recv(Time.after(Duration.ofMillis(100)), t -> null));
 * });
 * }</pre>
 *
 * @see Await the other direction: waiting for a Mono inside a goroutine
 */
public final class GoMono {

    private GoMono() {
    }

    /**
     * A cold Mono that, for each subscription, calls {@code callable} in a new goroutine: a value becomes onNext then
     * onComplete (once requested), null an empty completion, an exception onError.
     *
     * <p><strong>Cancel:</strong> cancelling the subscription interrupts the goroutine while {@code callable} runs,
     * so a goro operation parked in it (a channel, select, sleep, lock, {@link Await}) throws
     * {@code GoInterruptedException} and the callable can unwind; a result it still returns goes to Reactor's discard
     * hook, and an exception it throws is dropped ({@code Operators.onErrorDropped}, unless it is the interrupt's own
     * exception). A callable that ignores interrupts (a CPU loop, a blocking JDK call that does not observe them)
     * runs to its end: Reactor has moved on, and the goroutine finishes on its own.
     *
     * <p><strong>Context:</strong> {@link ReactorContext#current()} inside the callable, and in goroutines it
     * starts, is the subscriber's context; ThreadLocals captured at subscription are restored when Micrometer's
     * context-propagation is on the class path.
     *
     * <p><strong>Errors:</strong> a request of zero or less is answered with onError(IllegalArgumentException)
     * (Reactive Streams §3.9) and stops the goroutine as a cancel does.
     *
     * @throws NullPointerException if {@code callable} is null
     */
    public static <T> Mono<T> mono(Callable<? extends T> callable) {
        return MonoGo.create(Objects.requireNonNull(callable, "callable"));
    }
}
