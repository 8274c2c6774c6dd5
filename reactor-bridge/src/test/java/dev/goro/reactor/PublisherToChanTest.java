package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.ChanClosedException;
import dev.goro.Go;
import dev.goro.Received;
import dev.goro.RecvChan;
import dev.goro.test.CheckGoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

/** Publisher -> channel: credit-based requests, termination into close, cancel, broken publishers, context. */
@Timeout(60)
@CheckGoroutineLeaks
class PublisherToChanTest {

    @Test
    void toChan_finiteFlux_allValuesInOrderThenClosed() throws Exception {
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.range(0, 1000), 16);
        List<Integer> got = Go.main(() -> {
            List<Integer> l = new ArrayList<>();
            for (int v : s.channel()) {
                l.add(v);
            }
            return l;
        });
        assertEquals(ChanToFluxTest.range(1000), got);
        assertTrue(s.channel().isClosed());
        assertEquals(16, s.channel().cap());
    }

    @Test
    void toChan_requestsCapacityUpFrontThenBatchesAsValuesAreReceived() {
        // Never more outstanding than free space: requested - received <= capacity, refilled in batches of 3/4.
        List<Long> requests = new CopyOnWriteArrayList<>();
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.range(0, 100).doOnRequest(requests::add), 8);
        RecvChan<Integer> c = s.channel();
        assertEquals(List.of(8L), requests);
        assertEquals(8, c.len(), "the synchronous source filled the buffer during toChan");
        for (int i = 0; i < 5; i++) {
            assertEquals(i, c.recv());
        }
        assertEquals(List.of(8L), requests, "5 received: below the batch of 6");
        assertEquals(5, c.recv());
        assertEquals(List.of(8L, 6L), requests, "the 6th receive returned a batch of credit");
        assertEquals(8, c.len(), "refilled on the receiving thread, up to capacity, not beyond");
        s.cancel();
    }

    @Test
    void toChan_asynchronousSource_neverOverflowsAndLosesNothing() throws Exception {
        // A source on a Reactor thread: onNext must always find room (a non-blocking send that cannot fail).
        AtomicLong outstandingMax = new AtomicLong();
        AtomicLong requested = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Flux<Integer> src = Flux.range(0, 20_000)
                .publishOn(Schedulers.parallel(), 32)
                .doOnRequest(n -> outstandingMax.accumulateAndGet(requested.addAndGet(n) - received.get(), Math::max));
        ChanSubscription<Integer> s = GoFlux.toChan(src, 64);
        long sum = Go.main(() -> {
            long total = 0;
            int expect = 0;
            for (int v : s.channel()) {
                received.incrementAndGet(); // after the receive that returned the credit: lags it by one
                assertEquals(expect++, v);
                total += v;
            }
            return total;
        });
        assertEquals(20_000L * 19_999 / 2, sum);
        assertTrue(outstandingMax.get() <= 64 + 1, "outstanding demand " + outstandingMax.get());
        assertTrue(outstandingMax.get() >= 48, "credit was returned in batches");
    }

    @Test
    void toChan_publisherError_deliveredAfterBufferedValues() throws Exception {
        IOException cause = new IOException("source failed");
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.just(1, 2, 3).concatWith(Flux.error(cause)), 4);
        List<Integer> got = new ArrayList<>();
        ChanClosedException e = assertThrows(ChanClosedException.class, () -> {
            for (int v : s.channel()) {
                got.add(v);
            }
        });
        assertEquals(List.of(1, 2, 3), got);
        assertSame(cause, e.getCause());
    }

    @Test
    void toChan_capacityZero_requestsOneAtATime() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.range(0, 3).doOnRequest(requests::add), 0);
        RecvChan<Integer> c = s.channel();
        assertEquals(1, c.cap(), "a rendezvous becomes a one-value buffer");
        assertEquals(List.of(1L), requests);
        assertEquals(0, c.recv());
        assertEquals(List.of(1L, 1L), requests, "the next value is requested only after a receive");
        assertEquals(1, c.recv());
        assertEquals(2, c.recv());
        assertEquals(Received.closed(), c.recvOk());
    }

    @Test
    void cancel_stopsThePublisherClosesTheChannelAndDiscardsBuffered() {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        AtomicInteger cancels = new AtomicInteger();
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
        ChanSubscription<Integer> s = GoFlux.toChan(sink.asFlux().doOnCancel(cancels::incrementAndGet), 4,
                Operators.enableOnDiscard(Context.empty(), discarded::add));
        sink.tryEmitNext(1);
        sink.tryEmitNext(2);
        sink.tryEmitNext(3);
        assertEquals(1, s.channel().recv());
        assertFalse(s.isDisposed());
        s.dispose();
        assertTrue(s.isDisposed());
        assertEquals(1, cancels.get());
        assertTrue(s.channel().isClosed());
        assertEquals(List.of(2, 3), discarded, "buffered values go to the discard hook");
        assertNull(s.channel().recv(), "receivers see the end of the stream");
        s.cancel(); // idempotent
        assertEquals(1, cancels.get());
    }

    @Test
    void cancel_wakesAParkedReceiver() throws Exception {
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.never(), 2);
        var receiver = Go.go("receiver", () -> assertEquals(Received.closed(), s.channel().recvOk()));
        Goroutines.awaitWaiting("receiver", "chan receive");
        s.cancel();
        assertTrue(receiver.join(Goroutines.HANG_GUARD));
    }

    @Test
    void onNext_nullFromBrokenPublisher_throwsNpeAndClosesWithIt() {
        // §2.13: a null element is the publisher's fault: the subscriber throws NPE, cancels, and the receivers
        // learn of it after the values already buffered.
        AtomicInteger cancels = new AtomicInteger();
        Publisher<Integer> broken = sub -> {
            sub.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancels.incrementAndGet();
                }
            });
            sub.onNext(1);
            assertThrows(NullPointerException.class, () -> sub.onNext(null));
        };
        ChanSubscription<Integer> s = GoFlux.toChan(broken, 4);
        assertEquals(1, cancels.get());
        assertEquals(1, s.channel().recv());
        ChanClosedException e = assertThrows(ChanClosedException.class, () -> s.channel().recv());
        assertInstanceOf(NullPointerException.class, e.getCause());
    }

    @Test
    void onNext_moreThanRequested_closesWithOverflowAndDiscards() {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        TestPublisher<Integer> p = TestPublisher.createNoncompliant(TestPublisher.Violation.REQUEST_OVERFLOW);
        ChanSubscription<Integer> s = GoFlux.toChan(p, 2, Operators.enableOnDiscard(Context.empty(), discarded::add));
        p.next(1, 2, 3);
        assertEquals(List.of(3), discarded);
        p.assertCancelled();
        assertEquals(1, s.channel().recv());
        assertEquals(2, s.channel().recv());
        ChanClosedException e = assertThrows(ChanClosedException.class, () -> s.channel().recv());
        assertTrue(reactor.core.Exceptions.isOverflow(e.getCause()), e.getCause().toString());
    }

    @Test
    void onSubscribe_secondSubscription_isCancelled() {
        // §2.5
        AtomicReference<Subscriber<? super Integer>> captured = new AtomicReference<>();
        GoFlux.toChan((Publisher<Integer>) captured::set, 2);
        AtomicInteger cancels = new AtomicInteger();
        Subscription noop = new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
            }
        };
        captured.get().onSubscribe(noop);
        assertEquals(0, cancels.get());
        captured.get().onSubscribe(noop);
        assertEquals(1, cancels.get());
    }

    @Test
    void toChan_badArguments_failFast() {
        assertThrows(NullPointerException.class, () -> GoFlux.toChan(null, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> GoFlux.toChan(Flux.just(1), -1));
        assertTrue(e.getMessage().startsWith("makechan: size out of range"));
    }

    @Test
    void toChan_insideABridgeGoroutine_subscribesWithItsReactorContext() {
        AtomicReference<String> upstreamSaw = new AtomicReference<>();
        Flux<Integer> src = Flux.deferContextual(ctx -> {
            upstreamSaw.set(ctx.getOrDefault("tenant", "none"));
            return Flux.just(1);
        });
        Integer v = GoMono.mono(() -> GoFlux.toChan(src, 1).channel().recv())
                .contextWrite(Context.of("tenant", "acme"))
                .block(Duration.ofSeconds(20));
        assertEquals(1, v);
        assertEquals("acme", upstreamSaw.get());
    }

    @Test
    void received_manyGoroutinesDraining_eachValueOnceAndCreditNeverLost() throws Exception {
        int n = 50_000;
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.range(0, n).publishOn(Schedulers.parallel()), 32);
        long[] counts = new long[n];
        var workers = new ArrayList<dev.goro.Goroutine>();
        for (int w = 0; w < 4; w++) {
            workers.add(Go.go("drain" + w, () -> {
                for (int v : s.channel()) {
                    synchronized (counts) {
                        counts[v]++;
                    }
                }
            }));
        }
        for (var w : workers) {
            assertTrue(w.join(Goroutines.HANG_GUARD));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, counts[i], "value " + i);
        }
    }
}
