package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.test.CheckGoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/** Await: first / last / single / mono results, parking the goroutine; interrupts cancel; errors rethrown. */
@Timeout(60)
@CheckGoroutineLeaks
class AwaitTest {

    @Test
    void await_monoValueAndEmpty_valueOrNull() throws Exception {
        assertEquals("v", Go.main(() -> Await.await(Mono.just("v"))));
        assertNull(Go.main(() -> Await.await(Mono.empty())));
        assertEquals("late", Go.main(() -> Await.await(Mono.just("late").delayElement(Duration.ofMillis(5)))));
    }

    @Test
    void awaitFirst_takesFirstAndCancelsTheRest() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        assertEquals(1, Go.main(() -> Await.awaitFirst(Flux.range(1, 100).doOnCancel(cancels::incrementAndGet))));
        assertEquals(1, cancels.get());
        assertThrows(NoSuchElementException.class, () -> Go.main(() -> Await.awaitFirst(Flux.empty())));
    }

    @Test
    void awaitLast_waitsForCompletion() throws Exception {
        assertEquals(99, Go.main(() -> Await.awaitLast(Flux.range(0, 100).publishOn(Schedulers.parallel()))));
        var e = assertThrows(NoSuchElementException.class, () -> Go.main(() -> Await.awaitLast(Flux.empty())));
        assertEquals("Source was empty", e.getMessage());
    }

    @Test
    void awaitSingle_oneValueOrReactorsErrors() throws Exception {
        assertEquals(7, Go.main(() -> Await.awaitSingle(Flux.just(7))));
        var many = assertThrows(IndexOutOfBoundsException.class, () -> Go.main(() -> Await.awaitSingle(Flux.just(1, 2))));
        assertEquals("Source emitted more than one item", many.getMessage());
        assertThrows(NoSuchElementException.class, () -> Go.main(() -> Await.awaitSingle(Flux.empty())));
    }

    @Test
    void await_error_rethrownUncheckedAsIsCheckedWrapped() {
        IllegalStateException unchecked = new IllegalStateException("x");
        assertSame(unchecked, assertThrows(IllegalStateException.class,
                () -> Go.main(() -> Await.await(Mono.error(unchecked)))));
        IOException checked = new IOException("io");
        RuntimeException wrapped = assertThrows(RuntimeException.class,
                () -> Go.main(() -> Await.await(Mono.error(checked))));
        assertSame(checked, Exceptions.unwrap(wrapped));
    }

    @Test
    void await_inGoroutine_parksWithReasonReactorAwait() throws Exception {
        Sinks.One<String> sink = Sinks.one();
        Chan<String> out = Chan.make(1);
        Goroutine g = Go.go("awaiter", () -> out.send(Await.await(sink.asMono())));
        Goroutines.awaitWaiting("awaiter", "reactor await");
        sink.tryEmitValue("done");
        assertEquals("done", out.recv());
        assertTrue(g.join(Goroutines.HANG_GUARD));
    }

    @Test
    void await_interrupted_cancelsTheSubscriptionAndThrows() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.go("awaiter", () -> {
            try {
                Await.await(Mono.never().doOnCancel(cancels::incrementAndGet));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Goroutines.awaitWaiting("awaiter", "reactor await");
        g.interrupt();
        assertTrue(g.join(Goroutines.HANG_GUARD));
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        assertEquals(1, cancels.get());
    }

    @Test
    void await_onPlainThread_blocksTheThread() {
        assertEquals(3, Await.awaitLast(Flux.just(1, 2, 3).delayElements(Duration.ofMillis(1))));
    }

    @Test
    void await_onReactorNonBlockingThread_refusesLikeBlock() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Mono.fromRunnable(() -> {
            try {
                Await.await(Mono.just(1));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(20));
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("parallel-"), thrown.get().getMessage());
    }

    @Test
    void await_insideMono_subscribesWithTheOuterContext() {
        String v = GoMono.mono(() -> Await.await(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("k")))))
                .contextWrite(Context.of("k", "outer"))
                .block(Duration.ofSeconds(20));
        assertEquals("outer", v);
    }

    @Test
    void await_nullPublisher_throwsNpe() {
        assertThrows(NullPointerException.class, () -> Await.await(null));
        assertThrows(NullPointerException.class, () -> Await.awaitFirst(null));
    }
}
