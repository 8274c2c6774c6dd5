package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Time;
import dev.goro.test.CheckGoroutineLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

/** GoroScheduler: tasks in goroutines, FIFO serial workers, goro timers, dispose that spares the runtime. */
@Timeout(60)
@CheckGoroutineLeaks
class GoroSchedulerTest {
    private static final long GUARD = Goroutines.HANG_GUARD.toSeconds();
    private final GoroScheduler goro = GoroScheduler.create("test");

    @AfterEach
    void disposeScheduler() {
        goro.dispose();
    }

    @Test
    void schedule_runsTheTaskInAGoroutine() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean inGoroutine = new AtomicBoolean();
        goro.schedule(() -> {
            inGoroutine.set(Go.current() != null);
            ran.countDown();
        });
        assertTrue(ran.await(GUARD, TimeUnit.SECONDS));
        assertTrue(inGoroutine.get());
    }

    @Test
    void worker_runsTasksFifoAndNeverConcurrently() throws Exception {
        Scheduler.Worker w = goro.createWorker();
        int n = 10_000;
        List<Integer> order = new ArrayList<>(); // unsynchronized on purpose: the worker is serial
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        // Schedule from several goroutines; each one's tasks must keep their order.
        Chan<Boolean> started = Chan.make(4);
        for (int p = 0; p < 4; p++) {
            int producer = p;
            Go.go(() -> {
                for (int i = 0; i < n / 4; i++) {
                    int v = producer * n + i;
                    w.schedule(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlapped.set(true);
                        }
                        order.add(v);
                        running.decrementAndGet();
                    });
                }
                started.send(true);
            });
        }
        for (int p = 0; p < 4; p++) {
            started.recv();
        }
        w.schedule(done::countDown);
        assertTrue(done.await(GUARD, TimeUnit.SECONDS));
        assertFalse(overlapped.get(), "two tasks of one worker ran at once");
        assertEquals(n, order.size());
        int[] last = {-1, -1, -1, -1};
        for (int v : order) {
            int producer = v / n;
            assertTrue(v > last[producer], "out of order for producer " + producer);
            last[producer] = v;
        }
        w.dispose();
    }

    @Test
    void schedule_delay_runsOnGoroTimerNotBefore() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        long t0 = System.nanoTime();
        AtomicReference<Long> at = new AtomicReference<>();
        goro.schedule(() -> {
            at.set(System.nanoTime());
            ran.countDown();
        }, 20, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(GUARD, TimeUnit.SECONDS));
        assertTrue(at.get() - t0 >= TimeUnit.MILLISECONDS.toNanos(20), "ran before its delay");
    }

    @Test
    void schedulePeriodically_repeatsUntilDisposed() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        AtomicInteger runs = new AtomicInteger();
        Disposable d = goro.schedulePeriodically(() -> {
            runs.incrementAndGet();
            three.countDown();
        }, 0, 2, TimeUnit.MILLISECONDS);
        assertTrue(three.await(GUARD, TimeUnit.SECONDS));
        d.dispose();
        assertTrue(d.isDisposed());
        int after = runs.get();
        Time.sleep(Duration.ofMillis(20));
        assertTrue(runs.get() <= after + 1, "runs went on after dispose: " + after + " -> " + runs.get());
    }

    @Test
    void worker_periodicAndDelayed_runThroughTheWorkerSerially() throws Exception {
        Scheduler.Worker w = goro.createWorker();
        CountDownLatch done = new CountDownLatch(5);
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        Runnable task = () -> {
            if (running.incrementAndGet() != 1) {
                overlapped.set(true);
            }
            Time.sleep(Duration.ofMillis(1));
            running.decrementAndGet();
            done.countDown();
        };
        Disposable periodic = w.schedulePeriodically(task, 0, 1, TimeUnit.MILLISECONDS);
        w.schedule(task, 1, TimeUnit.MILLISECONDS);
        w.schedule(task);
        assertTrue(done.await(GUARD, TimeUnit.SECONDS));
        periodic.dispose();
        assertFalse(overlapped.get());
        w.dispose();
    }

    @Test
    void dispose_runningTaskFromAnotherThread_interruptsItsParkedOperation() throws Exception {
        Chan<Integer> never = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        Disposable d = goro.schedule(() -> {
            try {
                never.recv();
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                ended.countDown();
            }
        });
        Goroutines.awaitWaiting("test", "chan receive");
        d.dispose();
        assertTrue(ended.await(GUARD, TimeUnit.SECONDS));
        assertInstanceOf(GoInterruptedException.class, thrown.get());
    }

    @Test
    void dispose_taskNotYetDue_neverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Disposable d = goro.schedule(() -> ran.set(true), 30, TimeUnit.MILLISECONDS);
        d.dispose();
        Time.sleep(Duration.ofMillis(60));
        assertFalse(ran.get());
    }

    @Test
    void worker_interruptOfOneTask_doesNotLeakIntoTheNext() throws Exception {
        // The interrupt handshake: the worker's next task starts with a clean interrupt status.
        Scheduler.Worker w = goro.createWorker();
        Chan<Integer> never = Chan.make();
        AtomicBoolean nextSawInterrupt = new AtomicBoolean(true);
        CountDownLatch next = new CountDownLatch(1);
        Disposable first = w.schedule(() -> {
            try {
                never.recv();
            } catch (GoInterruptedException expected) {
                // cancelled
            }
        });
        w.schedule(() -> {
            nextSawInterrupt.set(Thread.currentThread().isInterrupted());
            next.countDown();
        });
        Goroutines.awaitWaiting("test worker", "chan receive");
        first.dispose();
        assertTrue(next.await(GUARD, TimeUnit.SECONDS));
        assertFalse(nextSawInterrupt.get());
        w.dispose();
    }

    @Test
    void dispose_scheduler_rejectsNewTasksDisposesWorkersAndSparesTheRuntime() throws Exception {
        GoroScheduler s = GoroScheduler.create("short-lived");
        Scheduler.Worker w = s.createWorker();
        AtomicBoolean delayedRan = new AtomicBoolean();
        s.schedule(() -> delayedRan.set(true), 30, TimeUnit.MILLISECONDS);
        s.dispose();
        assertTrue(s.isDisposed());
        assertTrue(w.isDisposed());
        assertThrows(RejectedExecutionException.class, () -> s.schedule(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> w.schedule(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> s.createWorker().schedule(() -> { }));
        Time.sleep(Duration.ofMillis(60));
        assertFalse(delayedRan.get());
        assertEquals(42, Go.main(() -> 42), "goroutines still run");
    }

    @Test
    void publishOnAndSubscribeOn_moveThePipelineIntoGoroutines() {
        List<Boolean> onGoroutine = new CopyOnWriteArrayList<>();
        StepVerifier.create(Flux.range(0, 1000)
                        .doOnSubscribe(s -> onGoroutine.add(Go.current() != null)) // subscribed by subscribeOn's task
                        .subscribeOn(goro)
                        .publishOn(goro)
                        .map(v -> {
                            onGoroutine.add(Go.current() != null);
                            return v;
                        }))
                .expectNextSequence(ChanToFluxTest.range(1000))
                .verifyComplete();
        assertEquals(1001, onGoroutine.size());
        assertFalse(onGoroutine.contains(false));
    }

    @Test
    void publishOn_blockingStyleOperators_parkInsteadOfBlocking() {
        StepVerifier.create(Flux.range(0, 20)
                        .publishOn(goro)
                        .map(v -> {
                            Time.sleep(Duration.ofMillis(1)); // parks the goroutine, not a Reactor thread
                            return v * 2;
                        }))
                .expectNextCount(20)
                .verifyComplete();
    }

    @Test
    void delayElements_usesTheGoroSchedulerClock() {
        StepVerifier.create(Mono.just(1).delayElement(Duration.ofMillis(5), goro))
                .expectNext(1)
                .verifyComplete();
        long now = goro.now(TimeUnit.MILLISECONDS);
        assertTrue(Math.abs(now - System.currentTimeMillis()) < 5_000, "goro's clock is anchored to the wall clock");
    }

    @Test
    void schedule_taskThrows_reportedAndWorkerCarriesOn() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Go.setUncaughtExceptionHandler((g, t) -> reported.add(t));
        try {
            Scheduler.Worker w = goro.createWorker();
            CountDownLatch after = new CountDownLatch(1);
            w.schedule(() -> {
                throw new IllegalStateException("task failed");
            });
            w.schedule(after::countDown);
            assertTrue(after.await(GUARD, TimeUnit.SECONDS));
            assertEquals(1, reported.size());
            assertEquals("task failed", reported.get(0).getMessage());
            w.dispose();
        } finally {
            Go.setUncaughtExceptionHandler(null);
        }
    }
}
