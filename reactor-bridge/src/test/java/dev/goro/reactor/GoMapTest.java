package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Go;
import dev.goro.Time;
import dev.goro.test.CheckGoroutineLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** goMap / goMapUnordered: blocking-style mapping in goroutines, bounded concurrency, order as promised. */
@Timeout(60)
@CheckGoroutineLeaks
class GoMapTest {

    @Test
    void goMap_slowAndFastElements_keepsUpstreamOrder() {
        StepVerifier.create(Flux.range(0, 50).transform(GoFlux.goMap(8, v -> {
                    Time.sleep(Duration.ofMillis((50 - v) % 7)); // later elements often finish first
                    return v * 10;
                })))
                .expectNextSequence(ChanToFluxTest.range(50).stream().map(v -> v * 10).toList())
                .verifyComplete();
    }

    @Test
    void goMapUnordered_everyResultOnce() {
        List<Integer> got = Flux.range(0, 200)
                .transform(GoFlux.goMapUnordered(16, v -> {
                    Time.sleep(Duration.ofMillis(v % 3));
                    return v;
                }))
                .collectList()
                .block(Duration.ofSeconds(20));
        List<Integer> sorted = new ArrayList<>(got);
        sorted.sort(null);
        assertEquals(ChanToFluxTest.range(200), sorted);
    }

    @Test
    void goMap_concurrency_neverExceeded() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        StepVerifier.create(Flux.range(0, 100).transform(GoFlux.goMapUnordered(4, v -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Time.sleep(Duration.ofMillis(1));
                    inFlight.decrementAndGet();
                    assertNotNull(Go.current());
                    return v;
                })))
                .expectNextCount(100)
                .verifyComplete();
        assertTrue(peak.get() <= 4, "peak " + peak.get());
    }

    @Test
    void goMap_functionThrows_emitsEarlierResultsThenTheError() {
        // As map: the failure of element 3 surfaces after the results of 0, 1 and 2, even when it happens first.
        for (int round = 0; round < 20; round++) {
            StepVerifier.create(Flux.range(0, 10).transform(GoFlux.goMap(4, v -> {
                        if (v == 3) {
                            throw new IllegalStateException("bad " + v);
                        }
                        Time.sleep(Duration.ofMillis(v == 2 ? 2 : 0)); // element 2 finishes after element 3 fails
                        return v;
                    })))
                    .expectNext(0, 1, 2)
                    .expectErrorMessage("bad 3")
                    .verify(Duration.ofSeconds(20));
        }
    }

    @Test
    void goMapUnordered_functionThrows_failsTheFlux() {
        StepVerifier.create(Flux.range(0, 10).transform(GoFlux.goMapUnordered(2, v -> {
                    if (v == 3) {
                        throw new IllegalStateException("bad " + v);
                    }
                    return v;
                })))
                .thenConsumeWhile(v -> v < 10)
                .expectErrorMessage("bad 3")
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void goMap_functionReturnsNull_failsWithNpeAsMapDoes() {
        StepVerifier.create(Flux.just(1).transform(GoFlux.goMap(1, v -> null)))
                .expectError(NullPointerException.class)
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void goMap_reactorContext_visibleInTheFunction() {
        StepVerifier.create(Flux.just(1, 2)
                        .transform(GoFlux.goMap(2, v -> ReactorContext.current().<String>get("k") + v))
                        .contextWrite(Context.of("k", "ctx")))
                .expectNext("ctx1", "ctx2")
                .verifyComplete();
    }

    @Test
    void goMap_badArguments_failFast() {
        assertThrows(IllegalArgumentException.class, () -> GoFlux.goMap(0, v -> v));
        assertThrows(IllegalArgumentException.class, () -> GoFlux.goMapUnordered(-1, v -> v));
        assertThrows(NullPointerException.class, () -> GoFlux.goMap(1, null));
    }
}
