package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.Time;
import dev.goro.blockhound.BlockingReport;
import dev.goro.blockhound.GoroBlockHound;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * No Reactor thread ever parks in the bridge: with BlockHound installed and throwing (Reactor's integration marks
 * its parallel and single schedulers non-blocking), every adapter runs with Reactor threads on its Reactor side,
 * under enough traffic to contend on channel locks, and nothing is reported. And the other way round, a plain
 * thread that awaits does park through LockSupport, which BlockHound catches on a thread it watches.
 * Runs in the BlockHound JVM (tag "blockhound", see pom.xml).
 */
@Tag("blockhound")
@Timeout(120)
class ReactorThreadsBlockHoundTest {
    private static final int N = 50_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<BlockingReport> REPORTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void install() {
        GoroBlockHound.installThrowing();
        GoroBlockHound.onReport(REPORTS::add);
    }

    private static void assertNoReports() {
        assertEquals(List.of(), REPORTS, "blocking calls reported");
    }

    @Test
    void toChan_sourceOnParallelThreads_neverParksThem() throws Exception {
        ChanSubscription<Integer> s = GoFlux.toChan(Flux.range(0, N).publishOn(Schedulers.parallel(), 64), 16);
        long sum = Go.main(() -> {
            long total = 0;
            for (int v : s.channel()) {
                total += v;
            }
            return total;
        });
        assertEquals((long) N * (N - 1) / 2, sum);
        assertNoReports();
    }

    @Test
    void from_requestsFromParallelThreads_neverParkThem() {
        Chan<Integer> c = Chan.make(8);
        Go.go(() -> {
            for (int i = 0; i < N; i++) {
                c.send(i);
            }
            c.close();
        });
        Long n = GoFlux.from(c).publishOn(Schedulers.parallel(), 4).count().block(WAIT);
        assertEquals(N, n);
        assertNoReports();
    }

    @Test
    void flux_producerDrivenBySingleThreadSubscriber_neverParksIt() {
        Long n = GoFlux.<Integer>flux(out -> {
            for (int i = 0; i < N; i++) {
                out.send(i);
            }
        }).publishOn(Schedulers.single(), 8).count().block(WAIT);
        assertEquals(N, n);
        assertNoReports();
    }

    @Test
    void monoAndGoMap_subscribedFromParallelThreads_neverParkThem() {
        Integer sum = Flux.range(0, 2_000)
                .parallel(4).runOn(Schedulers.parallel())
                .flatMap(v -> GoMono.mono(() -> {
                    Time.sleep(Duration.ofNanos(1)); // parks the goroutine
                    return v;
                }))
                .sequential()
                .transform(GoFlux.goMapUnordered(8, v -> v))
                .reduce(0, Integer::sum)
                .block(WAIT);
        assertEquals(2_000 * 1_999 / 2, sum);
        assertNoReports();
    }

    @Test
    void goroScheduler_timersArmedFromParallelThreads_neverParkThem() {
        GoroScheduler goro = GoroScheduler.create("bh");
        try {
            Long n = Flux.range(0, 500)
                    .publishOn(Schedulers.parallel())
                    .flatMap(v -> Mono.delay(Duration.ofNanos(v % 3), goro).thenReturn(v))
                    .count()
                    .block(WAIT);
            assertEquals(500, n);
            assertNoReports();
        } finally {
            goro.dispose();
        }
    }

    @Test
    void await_inGoroutineOnPublisherOfParallelThreads_parksOnlyTheGoroutine() throws Exception {
        int v = Go.main(() -> Await.awaitLast(Flux.range(0, 1_000).publishOn(Schedulers.parallel())));
        assertEquals(999, v);
        assertNoReports();
    }

    @Test
    void await_onAWatchedPlainThread_parksThroughLockSupportAndIsCaught() throws Exception {
        // A plain thread that awaits blocks through LockSupport.park: on an event-loop-like thread BlockHound
        // watches (and Reactor does not know as non-blocking), BlockHound reports it.
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread loop = Thread.ofPlatform().name(WatchedThreadsIntegration.PREFIX + "1").start(() -> {
            try {
                Await.await(Mono.just(1).delayElement(Duration.ofMillis(50)));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        loop.join(WAIT);
        assertInstanceOf(BlockingOperationError.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("park"), thrown.get().getMessage());
        REPORTS.clear(); // the expected report; later tests start clean
    }
}
