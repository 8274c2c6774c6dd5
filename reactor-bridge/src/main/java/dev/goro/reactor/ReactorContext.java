package dev.goro.reactor;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The Reactor Context of the subscription a goroutine serves (kotlinx-coroutines-reactor's {@code ReactorContext}).
 *
 * <p>Goroutines started by the bridge to serve a subscription ({@link GoMono#mono}, {@link GoFlux#flux},
 * {@link GoFlux#from}, {@link GoFlux#consume}, {@link GoFlux#goMap}) carry the subscriber's {@link ContextView}, and so
 * do the goroutines they start with {@code Go.go}, at any depth (the tasks of a {@link GoroScheduler} serve no one
 * subscription and carry none):
 *
 * <pre>{@code
 * Mono<String> greeting = GoMono.mono(() -> {
 *     String user = ReactorContext.current().get("user");
 *     return "hello " + user;
 * }).contextWrite(Context.of("user", "gopher"));
 * }</pre>
 *
 * <p>The view travels in the goroutine's goro {@link dev.goro.context.Context#current() Context}, which the bridge
 * makes per subscription: a child of the subscribing goroutine's own context, cancelled when the subscriber cancels
 * and when the serving goroutine's body returns. So a body can wait on {@code Context.current().done()} beside its
 * channels, and every goroutine it started with {@code Go.go} sees the cancel too; contexts it derives from
 * {@code Context.current()} keep the view.
 *
 * <p>The other way round, {@link Await} and {@link GoFlux#toChan} subscribe with the calling goroutine's context,
 * so a Publisher awaited inside a bridge goroutine sees the context of the outer subscription.
 */
public final class ReactorContext {

    private ReactorContext() {
    }

    /**
     * The context of the subscription the calling goroutine (or the bridge goroutine that started it) serves;
     * {@link Context#empty()} in other goroutines and on plain threads. Never null.
     */
    public static ContextView current() {
        Launcher l = dev.goro.context.Context.current().value(Launcher.KEY);
        return l != null ? l.view() : Context.empty();
    }

    /**
     * The context for a subscription the bridge makes on the calling thread ({@link Await}, {@link GoFlux#toChan}):
     * {@link #current()}, plus the thread's ThreadLocal values when Micrometer's context-propagation is present (as
     * Reactor's {@code contextCapture()} adds them).
     */
    static Context subscriptionContext() {
        ContextView v = current();
        return ThreadLocals.INSTANCE.captureInto(v instanceof Context c ? c : Context.of(v));
    }
}
