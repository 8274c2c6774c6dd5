package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.test.CheckGoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** Channel -> Flux: demand-driven receiving, completion and errors from close, cancel, discard, unicast consume. */
@Timeout(60)
@CheckGoroutineLeaks
class ChanToFluxTest {
    private static final Duration VERIFY = Duration.ofSeconds(20);

    private static Chan<Integer> filled(int capacity, int n) {
        Chan<Integer> c = Chan.make(capacity);
        for (int i = 0; i < n; i++) {
            c.send(i);
        }
        return c;
    }

    @Test
    void from_closedBufferedChannel_emitsEveryValueThenCompletes() {
        Chan<Integer> c = filled(5, 5);
        c.close();
        StepVerifier.create(GoFlux.from(c)).expectNext(0, 1, 2, 3, 4).expectComplete().verify(VERIFY);
    }

    @Test
    void from_demandOfTwo_receivesTwoAndLeavesTheRestInTheChannel() {
        // A value nobody requested stays in the channel for its other receivers.
        Chan<Integer> c = filled(5, 5);
        StepVerifier.create(GoFlux.from(c), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> assertEquals(5, c.len(), "no demand, nothing received"))
                .thenRequest(2)
                .expectNext(0, 1)
                .then(() -> Goroutines.awaitWaiting("GoFlux.from", "reactor demand"))
                .then(() -> assertEquals(3, c.len()))
                .thenCancel()
                .verify(VERIFY);
        Goroutines.awaitNone("GoFlux.from");
        assertEquals(3, c.len());
        assertEquals(2, c.recv());
    }

    @Test
    void from_closedWithError_emitsValuesThenTheError() {
        Chan<Integer> c = filled(3, 2);
        IOException cause = new IOException("producer failed");
        c.close(cause);
        StepVerifier.create(GoFlux.from(c)).expectNext(0, 1).expectErrorMatches(e -> e == cause).verify(VERIFY);
    }

    @Test
    void from_closedAndDrainedWithoutDemand_completesEagerly() {
        // After the last requested value, a closed and empty channel completes without waiting for more demand.
        Chan<Integer> c = filled(2, 2);
        c.close();
        StepVerifier.create(GoFlux.from(c), 2).expectNext(0, 1).expectComplete().verify(VERIFY);
    }

    @Test
    void from_producerGoroutine_deliversInOrderUnderSmallDemand() {
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 1000; i++) {
                c.send(i);
            }
            c.close();
        });
        StepVerifier.create(GoFlux.from(c).limitRate(3))
                .expectNextSequence(range(1000))
                .expectComplete()
                .verify(VERIFY);
    }

    @Test
    void from_cancelWhileParkedInReceive_interruptsAndTakesNothing() {
        Chan<Integer> c = Chan.make(1);
        StepVerifier.create(GoFlux.from(c), 1)
                .expectSubscription()
                .then(() -> Goroutines.awaitWaiting("GoFlux.from", "chan receive"))
                .thenCancel()
                .verify(VERIFY);
        Goroutines.awaitNone("GoFlux.from");
        assertTrue(c.trySend(7));
        assertEquals(7, c.recv(), "the cancelled receive took nothing");
        assertFalse(c.isClosed(), "from() leaves the channel open");
    }

    @Test
    void from_valueRacingCancel_deliveredOrDiscardedOrLeftButNeverLost() throws Exception {
        // A value handed over at the moment of the cancel goes to the discard hook: whatever the interleaving, each
        // value is delivered, discarded or still in the channel, exactly once.
        int delivered = 0, discarded = 0, left = 0;
        for (int round = 0; round < 300; round++) {
            Chan<Integer> c = Chan.make();
            List<Integer> got = new CopyOnWriteArrayList<>();
            List<Object> dropped = new CopyOnWriteArrayList<>();
            AtomicReference<Subscription> sub = new AtomicReference<>();
            GoFlux.from(c)
                    .doOnDiscard(Integer.class, dropped::add)
                    .subscribe(new BaseSubscriber<Integer>() {
                        @Override
                        protected void hookOnSubscribe(Subscription s) {
                            sub.set(s);
                            s.request(1);
                        }

                        @Override
                        protected void hookOnNext(Integer v) {
                            got.add(v);
                        }
                    });
            Goroutines.awaitWaiting("GoFlux.from", "chan receive");
            int value = round;
            Go.go(() -> c.trySend(value));
            if (round % 2 == 0) {
                Thread.onSpinWait();
            }
            sub.get().cancel();
            Goroutines.awaitNone("GoFlux.from");
            Integer rest = c.tryRecv();
            int total = got.size() + dropped.size() + (rest != null ? 1 : 0);
            assertTrue(total <= 1, "a value was duplicated: " + got + dropped + rest);
            // The trySend may also have found no receiver at all (then the value was never sent): total 0.
            delivered += got.size();
            discarded += dropped.size();
            left += rest != null ? 1 : 0;
        }
        assertTrue(delivered + discarded + left > 0, "the race never handed a value over");
    }

    @Test
    void from_sharedBetweenTwoSubscribers_eachValueGoesToOne() {
        Chan<Integer> c = Chan.make(64);
        Flux<Integer> f = GoFlux.from(c);
        List<Integer> a = new CopyOnWriteArrayList<>();
        List<Integer> b = new CopyOnWriteArrayList<>();
        f.subscribe(a::add);
        f.subscribe(b::add);
        for (int i = 0; i < 1000; i++) {
            c.send(i);
        }
        c.close();
        Goroutines.awaitNone("GoFlux.from");
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(null);
        assertEquals(range(1000), all);
    }

    @Test
    void from_requestZero_signalsIllegalArgumentException() {
        // Reactive Streams §3.9, before the goroutine exists and after.
        Chan<Integer> c = filled(4, 4);
        Probe<Integer> before = new Probe<>();
        GoFlux.from(c).subscribe(before);
        before.request(0);
        before.awaitTerminal();
        assertInstanceOf(IllegalArgumentException.class, before.error);
        assertTrue(before.error.getMessage().contains("3.9"), before.error.getMessage());

        Probe<Integer> after = new Probe<>();
        GoFlux.from(c).subscribe(after);
        after.request(1);
        Goroutines.awaitWaiting("GoFlux.from", "reactor demand");
        after.request(-1);
        after.awaitTerminal();
        assertEquals(List.of(0), after.values);
        assertInstanceOf(IllegalArgumentException.class, after.error);
        Goroutines.awaitNone("GoFlux.from");
        assertEquals(3, c.len());
    }

    @Test
    void from_subscriberOnNextThrows_cancelledAndErrorDroppedNotSignalled() {
        // §2.13: a subscriber whose onNext throws counts as cancelled; the error is reported elsewhere (Reactor's
        // dropped-error hook), never back to it, and the Flux stops receiving.
        Chan<Integer> c = filled(4, 4);
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            Probe<Integer> p = new Probe<>() {
                @Override
                public void onNext(Integer v) {
                    super.onNext(v);
                    if (v == 1) {
                        throw new IllegalStateException("boom");
                    }
                }
            };
            GoFlux.consume(c).subscribe(p);
            p.request(Long.MAX_VALUE);
            Goroutines.awaitNone("GoFlux.consume");
            assertEquals(List.of(0, 1), p.values);
            assertNull(p.error);
            assertFalse(p.completed);
            assertEquals(1, dropped.size());
            assertEquals("boom", dropped.get(0).getMessage());
            assertTrue(c.isClosed(), "consume closes its channel when its subscriber fails");
            assertEquals(2, c.len(), "the Flux stopped receiving at the failure");
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void from_reactorContext_visibleInTheServingGoroutine() {
        Chan<Integer> c = filled(1, 1);
        c.close();
        AtomicReference<String> seen = new AtomicReference<>();
        StepVerifier.create(GoFlux.from(c)
                        .doOnNext(v -> seen.set(ReactorContext.current().get("who")))
                        .contextWrite(Context.of("who", "gopher")))
                .expectNext(0)
                .verifyComplete();
        assertEquals("gopher", seen.get());
    }

    @Test
    void consume_cancel_closesTheChannelAndUnblocksTheProducer() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Throwable> producerSaw = new AtomicReference<>();
        var producer = Go.go("producer", () -> {
            try {
                for (int i = 0; ; i++) {
                    c.send(i);
                }
            } catch (IllegalStateException e) {
                producerSaw.set(e);
            }
        });
        StepVerifier.create(GoFlux.consume(c).take(3)).expectNext(0, 1, 2).verifyComplete();
        assertTrue(producer.join(VERIFY));
        assertEquals("send on closed channel", producerSaw.get().getMessage());
        assertTrue(c.isClosed());
    }

    @Test
    void consume_secondSubscriber_getsIllegalStateException() {
        Chan<Integer> c = filled(1, 1);
        c.close();
        Flux<Integer> once = GoFlux.consume(c);
        StepVerifier.create(once).expectNext(0).verifyComplete();
        StepVerifier.create(once).expectErrorMatches(e -> e instanceof IllegalStateException
                && e.getMessage().contains("single Subscriber")).verify(VERIFY);
    }

    @Test
    void fromAndConsume_badArguments_failFast() {
        assertThrows(NullPointerException.class, () -> GoFlux.from(null));
        assertThrows(NullPointerException.class, () -> GoFlux.consume(null));
        assertThrows(IllegalArgumentException.class, () -> GoFlux.consume(Chan.nil()));
    }

    @Test
    void from_nilChannel_neverEmitsAndCancelEndsTheGoroutine() {
        StepVerifier.create(GoFlux.from(Chan.<Integer>nil()), 1)
                .expectSubscription()
                .then(() -> Goroutines.awaitWaiting("GoFlux.from", "chan receive (nil chan)"))
                .thenCancel()
                .verify(VERIFY);
        Goroutines.awaitNone("GoFlux.from");
    }

    @Test
    void from_unboundedDemand_takesTheFastPathForBufferedValues() {
        AtomicInteger n = new AtomicInteger();
        Chan<Integer> c = filled(10_000, 10_000);
        c.close();
        StepVerifier.create(GoFlux.from(c).doOnNext(v -> assertEquals(n.getAndIncrement(), v)))
                .expectNextCount(10_000)
                .verifyComplete();
    }

    static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
