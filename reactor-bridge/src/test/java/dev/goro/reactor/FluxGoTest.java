package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.test.CheckGoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** GoFlux.flux: send parks without demand, cancel makes send fail fast, the body's return or throw terminates. */
@Timeout(60)
@CheckGoroutineLeaks
class FluxGoTest {
    private static final Duration VERIFY = Duration.ofSeconds(20);

    @Test
    void flux_bodyReturns_emitsEverySendThenCompletes() {
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
            for (int i = 0; i < 5; i++) {
                out.send(i);
            }
        })).expectNext(0, 1, 2, 3, 4).verifyComplete();
    }

    @Test
    void flux_bodyThrows_emitsSendsThenTheError() {
        IOException e = new IOException("broke");
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
            out.send(1);
            throw e;
        })).expectNext(1).expectErrorMatches(x -> x == e).verify(VERIFY);
    }

    @Test
    void send_noDemand_parksWithReasonReactorDemand() {
        AtomicInteger sent = new AtomicInteger();
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
                    for (int i = 0; i < 10; i++) {
                        out.send(i);
                        sent.incrementAndGet();
                    }
                }), 0)
                .expectSubscription()
                .then(() -> Goroutines.awaitWaiting("GoFlux.flux", "reactor demand"))
                .then(() -> assertEquals(0, sent.get()))
                .thenRequest(3)
                .expectNext(0, 1, 2)
                .then(() -> Goroutines.awaitWaiting("GoFlux.flux", "reactor demand"))
                .then(() -> assertEquals(3, sent.get(), "exactly the demand was sent"))
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(7)
                .verifyComplete();
    }

    @Test
    void send_afterCancelWhileWaitingForDemand_throwsCancellation() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            StepVerifier.create(GoFlux.<Integer>flux(out -> {
                        try {
                            out.send(1);
                            out.send(2); // parks: only one requested
                        } catch (CancellationException e) {
                            thrown.set(e);
                            assertTrue(out.isCancelled());
                            throw e;
                        }
                    }), 1)
                    .expectNext(1)
                    .then(() -> Goroutines.awaitWaiting("GoFlux.flux", "reactor demand"))
                    .thenCancel()
                    .verify(VERIFY);
            Goroutines.awaitNone("GoFlux.flux");
            assertInstanceOf(CancellationException.class, thrown.get());
            assertEquals(List.of(), dropped, "the body's CancellationException is the cancel's own, not reported");
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void cancel_whileBodyParkedElsewhere_interruptsIt() {
        Chan<Integer> never = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
                    out.send(0);
                    try {
                        out.send(never.recv());
                    } catch (GoInterruptedException e) {
                        thrown.set(e);
                        throw e;
                    }
                }))
                .expectNext(0)
                .then(() -> Goroutines.awaitWaiting("GoFlux.flux", "chan receive"))
                .thenCancel()
                .verify(VERIFY);
        Goroutines.awaitNone("GoFlux.flux");
        assertInstanceOf(GoInterruptedException.class, thrown.get());
    }

    @Test
    void cancel_fromDownstreamInsideOnNext_sendThrowsAndNothingIsInterrupted() {
        // take(2) cancels inside onNext, on the producer goroutine: send throws, no interrupt is involved.
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
            try {
                for (int i = 0; ; i++) {
                    out.send(i);
                }
            } catch (CancellationException e) {
                interrupted.set(Thread.currentThread().isInterrupted());
                thrown.set(e);
            }
        }).take(2)).expectNext(0, 1).verifyComplete();
        Goroutines.awaitNone("GoFlux.flux");
        assertInstanceOf(CancellationException.class, thrown.get());
        assertFalse(interrupted.get());
    }

    @Test
    void send_null_throwsNpeToTheBody() {
        StepVerifier.create(GoFlux.<Integer>flux(out -> out.send(null)))
                .expectError(NullPointerException.class)
                .verify(VERIFY);
    }

    @Test
    void send_fromAnotherGoroutine_throwsIllegalState() {
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
            Chan<Throwable> result = Chan.make(1);
            Go.go(() -> {
                try {
                    out.send(1);
                    result.send(new AssertionError("send from a child goroutine was accepted"));
                } catch (IllegalStateException e) {
                    result.send(e);
                }
            });
            Throwable t = result.recv();
            assertInstanceOf(IllegalStateException.class, t);
            out.send(2);
        })).expectNext(2).verifyComplete();
    }

    @Test
    void request_zero_signalsIllegalArgumentAndStopsTheBody() {
        Probe<Integer> p = new Probe<>();
        Chan<Integer> never = Chan.make();
        GoFlux.<Integer>flux(out -> out.send(never.recv())).subscribe(p);
        Goroutines.awaitWaiting("GoFlux.flux", "chan receive");
        p.request(0);
        p.awaitTerminal();
        assertInstanceOf(IllegalArgumentException.class, p.error);
        Goroutines.awaitNone("GoFlux.flux");
    }

    @Test
    void request_zeroWhileSenderWaitsForDemand_signalledByTheSender() {
        Probe<Integer> p = new Probe<>();
        GoFlux.<Integer>flux(out -> out.send(1)).subscribe(p);
        Goroutines.awaitWaiting("GoFlux.flux", "reactor demand");
        p.request(-5);
        p.awaitTerminal();
        assertInstanceOf(IllegalArgumentException.class, p.error);
        assertEquals(List.of(), p.values);
        Goroutines.awaitNone("GoFlux.flux");
    }

    @Test
    void send_subscriberOnNextThrows_failsSendAndDropsTheError() {
        // §2.13: the subscriber counts as cancelled and its error is reported elsewhere, not signalled to it.
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> bodySaw = new AtomicReference<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            Probe<Integer> p = new Probe<>() {
                @Override
                public void onNext(Integer v) {
                    super.onNext(v);
                    throw new IllegalStateException("subscriber bug");
                }
            };
            GoFlux.<Integer>flux(out -> {
                try {
                    out.send(1);
                    out.send(2);
                } catch (CancellationException e) {
                    bodySaw.set(e);
                }
            }).subscribe(p);
            p.request(10);
            Goroutines.awaitNone("GoFlux.flux");
            assertEquals(List.of(1), p.values);
            assertNull(p.error);
            assertFalse(p.completed);
            assertInstanceOf(CancellationException.class, bodySaw.get());
            assertEquals("subscriber bug", dropped.get(0).getMessage());
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void flux_cold_runsTheBodyOncePerSubscription() {
        AtomicInteger runs = new AtomicInteger();
        Flux<Integer> f = GoFlux.flux(out -> out.send(runs.incrementAndGet()));
        StepVerifier.create(f).expectNext(1).verifyComplete();
        StepVerifier.create(f).expectNext(2).verifyComplete();
    }

    @Test
    void flux_reactorContext_visibleInTheBody() {
        StepVerifier.create(GoFlux.<String>flux(out -> out.send(ReactorContext.current().get("k")))
                        .contextWrite(Context.of("k", "v")))
                .expectNext("v")
                .verifyComplete();
    }

    @Test
    void flux_asyncSubscriber_deliversEverythingInOrder() {
        int n = 100_000;
        StepVerifier.create(GoFlux.<Integer>flux(out -> {
                    for (int i = 0; i < n; i++) {
                        out.send(i);
                    }
                }).publishOn(Schedulers.parallel(), 16))
                .expectNextSequence(ChanToFluxTest.range(n))
                .verifyComplete();
    }

    @Test
    void flux_nullBody_throwsNpe() {
        assertThrows(NullPointerException.class, () -> GoFlux.flux(null));
    }
}
