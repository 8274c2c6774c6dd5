package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Select;
import dev.goro.context.CancelableContext;
import dev.goro.context.Context;
import dev.goro.test.CheckGoroutineLeaks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The goro Context of the goroutines the bridge starts: it carries the subscriber's Reactor ContextView (to the
 * goroutines they start too), ends when the subscriber cancels (Go's rule: cancelling a context cancels everything
 * derived from it) and when the serving body returns (Go's {@code defer cancel()}), and is a child of the
 * subscribing goroutine's own context.
 */
@Timeout(60)
@CheckGoroutineLeaks
class BridgeGoroContextTest {
    private static final Duration VERIFY = Duration.ofSeconds(20);
    private static final Object NO_ERR = "no error";
    private static final reactor.util.context.Context USER = reactor.util.context.Context.of("user", "gopher");

    /** Parks in a select on {@code Context.current().done()}; returns err() once released, by close or interrupt. */
    private static Object awaitDone() {
        try {
            Select.select(Select.recv(Context.current().done(), x -> x));
        } catch (GoInterruptedException e) {
            Thread.interrupted(); // the bridge's interrupt came second; what matters is err() below
        }
        Object err = Context.current().err();
        return err == null ? NO_ERR : err;
    }

    private static Object get(CompletableFuture<Object> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void mono_subscriberCancels_bodySelectingOnCurrentDoneSeesCanceled() throws Exception {
        Chan<Boolean> entered = Chan.make(1);
        CompletableFuture<Object> err = new CompletableFuture<>();
        Mono<Object> m = GoMono.mono(() -> {
            entered.send(true);
            err.complete(awaitDone());
            return null;
        });
        StepVerifier.create(m).then(entered::recv).thenCancel().verify(VERIFY);
        assertSame(Context.CANCELED, get(err));
    }

    @Test
    void mono_childGoroutineOfBody_seesReactorContextAndIsCancelledWithIt() throws Exception {
        Chan<Boolean> entered = Chan.make(2);
        CompletableFuture<Object> user = new CompletableFuture<>();
        CompletableFuture<Object> childErr = new CompletableFuture<>();
        Mono<Object> m = GoMono.mono(() -> {
            Go.go(() -> {
                user.complete(ReactorContext.current().getOrDefault("user", "none"));
                entered.send(true);
                childErr.complete(awaitDone());
            });
            entered.send(true);
            return awaitDone();
        }).contextWrite(USER);
        StepVerifier.create(m).then(() -> {
            entered.recv();
            entered.recv();
        }).thenCancel().verify(VERIFY);
        assertEquals("gopher", get(user));
        assertSame(Context.CANCELED, get(childErr));
    }

    @Test
    void mono_bodyReturns_contextEndsForGoroutinesItLeftRunning() throws Exception {
        // Go's defer cancel(): the serving context ends with the body, whatever the subscriber does.
        CompletableFuture<Object> childErr = new CompletableFuture<>();
        Mono<String> m = GoMono.mono(() -> {
            Go.go(() -> childErr.complete(awaitDone()));
            return "done";
        });
        StepVerifier.create(m).expectNext("done").verifyComplete();
        assertSame(Context.CANCELED, get(childErr));
    }

    @Test
    void flux_subscriberCancels_producerSeesCancellationThroughItsContext() throws Exception {
        // Between sends (here before the first), send cannot tell the producer; its context does, in a select
        // beside its channels, and so it does for the goroutines it started.
        Chan<Boolean> entered = Chan.make(2);
        CompletableFuture<Object> err = new CompletableFuture<>();
        CompletableFuture<Object> workerErr = new CompletableFuture<>();
        Flux<Integer> f = GoFlux.flux(out -> {
            Go.go(() -> {
                entered.send(true);
                workerErr.complete(awaitDone());
            });
            entered.send(true);
            err.complete(awaitDone());
        });
        StepVerifier.create(f).then(() -> {
            entered.recv();
            entered.recv();
        }).thenCancel().verify(VERIFY);
        assertSame(Context.CANCELED, get(err));
        assertSame(Context.CANCELED, get(workerErr));
    }

    @Test
    void from_subscriberCancels_drainersContextEnds() throws Exception {
        // The drainer's context is what a downstream onNext running on it sees as Context.current().
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        CompletableFuture<Context> drainerCtx = new CompletableFuture<>();
        Flux<Integer> f = GoFlux.from(ch).doOnNext(v -> drainerCtx.complete(Context.current()));
        StepVerifier.create(f, 1).expectNext(1).thenCancel().verify(VERIFY);
        Context c = drainerCtx.get(20, TimeUnit.SECONDS);
        c.done().recv(); // hang guard: the class timeout
        assertSame(Context.CANCELED, c.err());
    }

    @Test
    void reactorContext_inBodyAndInContextDerivedFromCurrent_isTheSubscribers() throws Exception {
        CompletableFuture<Object> derived = new CompletableFuture<>();
        Mono<String> m = GoMono.mono(() -> {
            try (CancelableContext ctx = Context.withTimeout(Context.current(), Duration.ofMinutes(1))) {
                Chan<Boolean> done = Chan.make();
                Context.go(ctx, () -> {
                    derived.complete(ReactorContext.current().get("user"));
                    done.close();
                });
                done.recv();
            }
            return ReactorContext.current().<String>get("user");
        }).contextWrite(USER);
        StepVerifier.create(m).expectNext("gopher").verifyComplete();
        assertEquals("gopher", get(derived));
        assertTrue(ReactorContext.current().isEmpty(), "a plain thread serves no subscription");
    }

    @Test
    void mono_subscribedUnderGoroContext_isItsChild_valuesSeenAndCancelReachesBody() throws Exception {
        Context.Key<String> requestId = new Context.Key<>("request id");
        CancelableContext outer = Context.withCancel(Context.withValue(Context.background(), requestId, "r-42"));
        Chan<Boolean> entered = Chan.make(1);
        CompletableFuture<Object> seen = new CompletableFuture<>();
        CompletableFuture<Object> err = new CompletableFuture<>();
        Mono<Object> m = GoMono.mono(() -> {
            seen.complete(Context.current().value(requestId));
            entered.send(true);
            err.complete(awaitDone());
            return null;
        });
        Chan<Boolean> subscribed = Chan.make(1);
        Context.go(outer, () -> {
            m.subscribe(); // the subscription is made on this goroutine, under outer
            subscribed.send(true);
        });
        subscribed.recv();
        entered.recv();
        outer.cancel(); // Go's rule: ending a context ends what was derived from it
        assertEquals("r-42", get(seen));
        assertSame(Context.CANCELED, get(err));
    }

    @Test
    void mono_repeatResubscribingOnFinishedGoroutine_newSubscriptionsContextStaysLive() {
        // repeat subscribes again from the previous goroutine's onComplete, just before that body's context ends:
        // the new subscription must not be a child of it (nor build a chain of contexts, one per round).
        List<Object> errs = new CopyOnWriteArrayList<>();
        Mono<Integer> m = GoMono.mono(() -> {
            Go.gosched(); // let the previous goroutine's context end first, where it would reach us
            errs.add(awaitLive());
            return 1;
        });
        StepVerifier.create(m.repeat(20)).expectNextCount(21).verifyComplete();
        assertEquals(21, errs.size());
        errs.forEach(e -> assertSame(NO_ERR, e));
    }

    /** err() of the current context after a short grace in which a wrongly inherited cancel would arrive. */
    private static Object awaitLive() {
        Object err = Select.select(
                Select.recv(Context.current().done(), x -> Context.current().err()),
                Select.recv(dev.goro.Time.after(Duration.ofMillis(5)), x -> NO_ERR));
        return err;
    }
}
