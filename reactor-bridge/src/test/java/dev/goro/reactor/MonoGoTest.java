package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.GoInterruptedException;
import dev.goro.Time;
import dev.goro.test.CheckGoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** GoMono.mono: a goroutine per subscription; value, empty and error outcomes; cancel reaches the goroutine. */
@Timeout(60)
@CheckGoroutineLeaks
class MonoGoTest {
    private static final Duration VERIFY = Duration.ofSeconds(20);

    @Test
    void mono_value_emitsItOnceRequested() {
        StepVerifier.create(GoMono.mono(() -> "hi"), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20)) // computed, but held until requested
                .thenRequest(1)
                .expectNext("hi")
                .verifyComplete();
    }

    @Test
    void mono_null_completesEmpty() {
        StepVerifier.create(GoMono.mono(() -> null)).verifyComplete();
    }

    @Test
    void mono_exception_signalsItAsOnError() {
        IOException e = new IOException("nope");
        StepVerifier.create(GoMono.mono(() -> {
            throw e;
        })).expectErrorMatches(x -> x == e).verify(VERIFY);
    }

    @Test
    void mono_cold_oneGoroutinePerSubscription() {
        AtomicInteger calls = new AtomicInteger();
        List<Long> threads = new CopyOnWriteArrayList<>();
        Mono<Integer> m = GoMono.mono(() -> {
            threads.add(Thread.currentThread().threadId());
            assertNotNull(dev.goro.Go.current(), "runs in a goroutine");
            return calls.incrementAndGet();
        });
        assertEquals(0, calls.get(), "nothing runs before subscription");
        StepVerifier.create(m).expectNext(1).verifyComplete();
        StepVerifier.create(m).expectNext(2).verifyComplete();
        assertEquals(2, threads.stream().distinct().count());
    }

    @Test
    void mono_cancelWhileParked_interruptsTheGoroutineAndDropsItsOutcome() throws Exception {
        Chan<String> never = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch unwound = new CountDownLatch(1);
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            StepVerifier.create(GoMono.mono(() -> {
                        try {
                            return never.recv();
                        } catch (GoInterruptedException e) {
                            thrown.set(e);
                            throw e;
                        } finally {
                            unwound.countDown();
                        }
                    }))
                    .expectSubscription()
                    .then(() -> Goroutines.awaitWaiting("GoMono.mono", "chan receive"))
                    .thenCancel()
                    .verify(VERIFY);
            assertTrue(unwound.await(20, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(GoInterruptedException.class, thrown.get());
            Goroutines.awaitNone("GoMono.mono");
            assertEquals(List.of(), dropped, "the interrupt's own exception is not reported");
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void mono_resultAfterCancel_goesToTheDiscardHook() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Object> discarded = new CopyOnWriteArrayList<>();
        StepVerifier.create(GoMono.mono(() -> {
                    // Ignores the interrupt on purpose: returns its value after the cancel.
                    boolean interrupted = false;
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    return interrupted ? "late" : "unexpected";
                }).doOnDiscard(String.class, discarded::add))
                .expectSubscription()
                .then(() -> Goroutines.awaitWaiting("GoMono.mono", "park"))
                .thenCancel()
                .verify(VERIFY);
        release.countDown();
        Goroutines.awaitNone("GoMono.mono");
        assertEquals(List.of("late"), discarded);
    }

    @Test
    void mono_failureAfterCancel_goesToOnErrorDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            StepVerifier.create(GoMono.mono(() -> {
                        while (release.getCount() > 0) {
                            try {
                                release.await();
                            } catch (InterruptedException ignored) {
                                // keep waiting
                            }
                        }
                        throw new IllegalStateException("after cancel");
                    }))
                    .expectSubscription()
                    .then(() -> Goroutines.awaitWaiting("GoMono.mono", "park"))
                    .thenCancel()
                    .verify(VERIFY);
            release.countDown();
            Goroutines.awaitNone("GoMono.mono");
            assertEquals(1, dropped.size());
            assertEquals("after cancel", dropped.get(0).getMessage());
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void mono_cancelAfterTheCallableReturned_doesNotInterruptDownstream() {
        // The interrupt is for the callable only: a cancel that comes after it returned interrupts nothing.
        AtomicBoolean interruptedInOnNext = new AtomicBoolean();
        StepVerifier.create(GoMono.mono(() -> 1)
                        .doOnNext(v -> interruptedInOnNext.set(Thread.currentThread().isInterrupted())))
                .expectNext(1)
                .verifyComplete();
        assertFalse(interruptedInOnNext.get());
    }

    @Test
    void mono_requestZero_signalsIllegalArgumentAndStopsTheGoroutine() {
        Probe<String> p = new Probe<>();
        Chan<String> never = Chan.make();
        GoMono.mono(never::recv).subscribe(p);
        Goroutines.awaitWaiting("GoMono.mono", "chan receive");
        p.request(0);
        p.awaitTerminal();
        assertInstanceOf(IllegalArgumentException.class, p.error);
        Goroutines.awaitNone("GoMono.mono");
    }

    @Test
    void mono_reactorContext_visibleInTheGoroutineAndItsChildren() throws Exception {
        String seen = GoMono.mono(() -> {
            Chan<String> out = Chan.make(1);
            dev.goro.Go.go(() -> out.send(ReactorContext.current().get("user")));
            return out.recv() + "/" + ReactorContext.current().get("user");
        }).contextWrite(Context.of("user", "gopher")).block(VERIFY);
        assertEquals("gopher/gopher", seen);
        assertTrue(ReactorContext.current().isEmpty(), "plain threads have no Reactor Context");
    }

    @Test
    void mono_sleepInGoroutine_parksOnlyTheGoroutine() {
        StepVerifier.create(GoMono.mono(() -> {
            Time.sleep(Duration.ofMillis(5));
            return "slept";
        })).expectNext("slept").verifyComplete();
    }

    @Test
    void mono_subscriberOnNextThrows_noCompleteAndErrorDropped() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            Probe<String> p = new Probe<>() {
                @Override
                public void onNext(String v) {
                    super.onNext(v);
                    throw new IllegalStateException("subscriber bug");
                }
            };
            GoMono.mono(() -> "v").subscribe(p);
            p.request(1);
            Goroutines.awaitNone("GoMono.mono");
            Goroutines.awaitTrue("the dropped error", () -> !dropped.isEmpty());
            assertEquals(List.of("v"), p.values);
            assertFalse(p.completed, "no onComplete after a throwing onNext");
            assertEquals("subscriber bug", dropped.get(0).getMessage());
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void mono_nullCallable_throwsNpe() {
        assertThrows(NullPointerException.class, () -> GoMono.mono(null));
    }
}
