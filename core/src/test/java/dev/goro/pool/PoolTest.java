package dev.goro.pool;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.Time;
import dev.goro.context.CancelableContext;
import dev.goro.context.Context;
import dev.goro.Waits;
import dev.goro.test.CheckGoroutineLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ants' rules (pool.go, worker.go, options.go, ants_test.go) for goro's pools: the capacity holds under load, workers
 * are reused and retired when idle past the expiry, Tune up and down under load, Release (with a timeout) and
 * Reboot, non-blocking mode and the bound on blocked submitters, the panic handler, and bad input. Plus goro's own
 * guarantees: blocked submitters are served in arrival order, nothing accepted is dropped, waits are interruptible.
 */
@Timeout(60)
@CheckGoroutineLeaks
class PoolTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    /** A task that waits for {@code gate} to close. */
    private static Runnable waitFor(Chan<Boolean> gate) {
        return () -> gate.recv();
    }

    /** Records the highest number of tasks running at once. */
    static final class Concurrency {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicLong done = new AtomicLong();

        Runnable task(boolean yield) {
            return () -> {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                if (yield) {
                    Go.gosched();
                }
                now.decrementAndGet();
                done.incrementAndGet();
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Capacity and reuse

    @Test
    void submit_100kFromManyGoroutines_capacityNeverExceededAndEveryTaskRuns() throws Exception {
        int cap = 50;
        Pool pool = new Pool(cap);
        Concurrency c = new Concurrency();
        int submitters = 32;
        int each = 100_000 / submitters;
        try {
            Go.main(() -> {
                Chan<Boolean> finished = Chan.make(submitters);
                for (int s = 0; s < submitters; s++) {
                    Go.go(() -> {
                        for (int i = 0; i < each; i++) {
                            pool.submit(c.task(i % 8 == 0));
                            if (i % 1000 == 0) {
                                assertTrue(pool.running() <= cap);
                                pool.checkInvariants();
                            }
                        }
                        finished.send(true);
                    });
                }
                for (int s = 0; s < submitters; s++) {
                    finished.recv();
                }
            });
        } finally {
            assertTrue(pool.release(LONG));
        }
        assertEquals((long) submitters * each, c.done.get());
        assertTrue(c.max.get() <= cap, "ran " + c.max.get() + " at once");
        assertEquals(0, pool.running());
    }

    @Test
    void submit_manyTasks_reusesAtMostCapWorkers() throws Exception {
        Pool pool = new Pool(4);
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        try {
            Go.main(() -> {
                for (int i = 0; i < 10_000; i++) {
                    pool.submit(() -> workers.add(Thread.currentThread()));
                }
            });
        } finally {
            assertTrue(pool.release(LONG));
        }
        assertTrue(workers.size() <= 4, workers.size() + " workers");
    }

    @Test
    void workers_runWithTheBackgroundContext_notTheSubmitters() throws Exception {
        Pool pool = new Pool(2);
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Context> seen = Chan.make(1);
        try {
            Context.go(ctx, () -> pool.submit(() -> seen.send(Context.current())));
            assertSame(Context.background(), Go.main(seen::recv));
        } finally {
            ctx.cancel();
            assertTrue(pool.release(LONG));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Blocking, non-blocking, bounded blocking

    @Test
    void submit_full_waitsInArrivalOrderWithPoolSubmitReason() throws Exception {
        Pool pool = new Pool(1);
        Chan<Boolean> gate = Chan.make();
        Chan<String> order = Chan.make(3);
        try {
            pool.submit(waitFor(gate));
            List<Goroutine> subs = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Goroutine g = Go.go(name, () -> pool.submit(() -> order.send(name)));
                Waits.awaitWaitReason(g, "pool submit");
                subs.add(g);
            }
            assertEquals(3, pool.waiting());
            pool.checkInvariants();
            gate.close();
            for (Goroutine g : subs) {
                Waits.join(g);
            }
            assertEquals(List.of("a", "b", "c"), Go.main(() -> List.of(order.recv(), order.recv(), order.recv())));
            assertEquals(0, pool.waiting());
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    // ants' TestNonblockingSubmit.
    @Test
    void nonblocking_full_throwsOverloadAtOnceAndAcceptsNothing() throws Exception {
        Pool pool = new Pool(2, Pool.options().nonblocking(true));
        Chan<Boolean> gate = Chan.make();
        try {
            pool.submit(waitFor(gate));
            pool.submit(waitFor(gate));
            AtomicInteger ran = new AtomicInteger();
            PoolOverloadException e = assertThrows(PoolOverloadException.class, () -> pool.submit(ran::incrementAndGet));
            assertEquals("too many goroutines blocked on submit or Nonblocking is set", e.getMessage());
            gate.close();
            Waits.awaitTrue("a worker is idle", () -> {
                try {
                    pool.submit(ran::incrementAndGet);
                    return true;
                } catch (PoolOverloadException busy) {
                    return false;
                }
            });
            Waits.awaitTrue("the task ran", () -> ran.get() == 1);
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    // ants' TestMaxBlockingSubmit.
    @Test
    void maxBlockingTasks_reached_nextSubmitThrowsOverload() throws Exception {
        Pool pool = new Pool(1, Pool.options().maxBlockingTasks(2));
        Chan<Boolean> gate = Chan.make();
        try {
            pool.submit(waitFor(gate));
            List<Goroutine> blocked = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Goroutine g = Go.go("blocked" + i, () -> pool.submit(() -> { }));
                Waits.awaitWaitReason(g, "pool submit");
                blocked.add(g);
            }
            assertThrows(PoolOverloadException.class, () -> pool.submit(() -> { }));
            gate.close();
            for (Goroutine g : blocked) {
                Waits.join(g);
            }
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void submit_interruptedWhileWaiting_throwsAndTaskNeverRuns() throws Exception {
        Pool pool = new Pool(1);
        Chan<Boolean> gate = Chan.make();
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try {
            pool.submit(waitFor(gate));
            Goroutine g = Go.go("submitter", () -> {
                try {
                    pool.submit(ran::incrementAndGet);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Waits.awaitWaitReason(g, "pool submit");
            g.interrupt();
            Waits.join(g);
            assertEquals("pool submit interrupted", thrown.get().getMessage());
            assertEquals(0, pool.waiting());
            gate.close();
        } finally {
            assertTrue(pool.release(LONG));
        }
        assertEquals(0, ran.get());
    }

    @Test
    void submit_interruptedOnEntry_throwsEvenWithAnIdleWorker() throws Exception {
        Pool pool = new Pool(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            GoInterruptedException e = assertThrows(GoInterruptedException.class, () -> Go.main(() -> {
                Thread.currentThread().interrupt();
                pool.submit(ran::incrementAndGet);
            }));
            assertEquals("pool submit interrupted", e.getMessage());
        } finally {
            assertTrue(pool.release(LONG));
        }
        assertEquals(0, ran.get());
    }

    // ---------------------------------------------------------------------------------------------------
    // Expiry

    // ants' TestPurgePool.
    @Test
    void expiry_idleWorkers_retiredByTheScavenger() throws Exception {
        Pool pool = new Pool(8, Pool.options().expiry(Duration.ofMillis(20)));
        Chan<Boolean> gate = Chan.make();
        try {
            for (int i = 0; i < 8; i++) {
                pool.submit(waitFor(gate));
            }
            assertEquals(8, pool.running());
            gate.close();
            Waits.awaitTrue("idle workers expire", () -> pool.running() == 0);
            assertEquals(8, pool.free());
            Chan<Boolean> ran = Chan.make(1);
            pool.submit(() -> ran.send(true)); // a fresh worker starts
            assertTrue(Go.main(ran::recv));
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void disablePurge_idleWorkersStayUntilRelease() throws Exception {
        Pool pool = new Pool(4, Pool.options().expiry(Duration.ofMillis(5)).disablePurge(true));
        try {
            Go.main(() -> {
                for (int i = 0; i < 4; i++) {
                    pool.submit(() -> Time.sleep(Duration.ofMillis(2)));
                }
            });
            Time.sleep(Duration.ofMillis(50));
            assertEquals(4, pool.running());
        } finally {
            assertTrue(pool.release(LONG));
        }
        assertEquals(0, pool.running());
    }

    // ---------------------------------------------------------------------------------------------------
    // Tune

    // ants' TestPoolTuneScaleUp.
    @Test
    void tuneUp_withSubmittersWaiting_startsWorkersForThemAtOnce() throws Exception {
        Pool pool = new Pool(2);
        Chan<Boolean> gate = Chan.make();
        try {
            pool.submit(waitFor(gate));
            pool.submit(waitFor(gate));
            List<Goroutine> blocked = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Goroutine g = Go.go("blocked" + i, () -> pool.submit(waitFor(gate)));
                Waits.awaitWaitReason(g, "pool submit");
                blocked.add(g);
            }
            pool.tune(5);
            for (Goroutine g : blocked) {
                Waits.join(g); // served without any task finishing
            }
            assertEquals(5, pool.running());
            assertEquals(0, pool.waiting());
            assertEquals(5, pool.cap());
            pool.checkInvariants();
            gate.close();
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void tuneDown_idleWorkers_surplusRetired() throws Exception {
        Pool pool = new Pool(8);
        Chan<Boolean> gate = Chan.make();
        AtomicInteger finished = new AtomicInteger();
        try {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> {
                    gate.recv();
                    finished.incrementAndGet();
                });
            }
            gate.close();
            Waits.awaitTrue("all tasks finished", () -> finished.get() == 8);
            pool.tune(3); // idle surplus retires now, any still between tasks as it finishes
            Waits.awaitTrue("down to the new capacity", () -> pool.running() == 3);
            assertEquals(3, pool.cap());
            pool.checkInvariants();
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    // ants' TestPoolTuneScaleDown, under load: once tuned down, no more than the new capacity run new tasks.
    @Test
    void tuneDown_underLoad_busySurplusRetiresAndNewTasksRespectNewCap() throws Exception {
        Pool pool = new Pool(8);
        Chan<Boolean> gate = Chan.make();
        Concurrency c = new Concurrency();
        try {
            for (int i = 0; i < 8; i++) {
                pool.submit(waitFor(gate));
            }
            pool.tune(2);
            assertEquals(8, pool.running()); // busy workers are never interrupted
            Go.main(() -> {
                Chan<Boolean> finished = Chan.make(4);
                for (int s = 0; s < 4; s++) {
                    Go.go(() -> {
                        for (int i = 0; i < 500; i++) {
                            pool.submit(c.task(true));
                        }
                        finished.send(true);
                    });
                }
                Waits.awaitTrue("submitters wait", () -> pool.waiting() > 0);
                gate.close();
                for (int s = 0; s < 4; s++) {
                    finished.recv();
                }
            });
            Waits.awaitTrue("2000 tasks ran", () -> c.done.get() == 2_000);
            assertTrue(c.max.get() <= 2, "ran " + c.max.get() + " at once after tuning down to 2");
            assertTrue(pool.running() <= 2);
            pool.checkInvariants();
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void tune_upAndDownRepeatedlyUnderLoad_capacityOfTheMomentHolds() throws Exception {
        Pool pool = new Pool(4);
        Concurrency c = new Concurrency();
        try {
            Go.main(() -> {
                Chan<Boolean> finished = Chan.make(8);
                for (int s = 0; s < 8; s++) {
                    Go.go(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            pool.submit(c.task(true));
                        }
                        finished.send(true);
                    });
                }
                for (int k = 0; k < 50; k++) {
                    pool.tune(1 + k % 7);
                    Go.gosched();
                    pool.checkInvariants();
                }
                pool.tune(16);
                for (int s = 0; s < 8; s++) {
                    finished.recv();
                }
            });
            Waits.awaitTrue("all tasks ran", () -> c.done.get() == 16_000);
            assertTrue(c.max.get() <= 16);
            assertTrue(pool.running() <= 16);
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Panics

    // ants' TestPanicHandler: the handler sees the exception and the pool keeps working, on the same worker.
    @Test
    void panicHandler_taskThrows_handlerCalledAndWorkerKeepsWorking() throws Exception {
        List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
        Pool pool = new Pool(1, Pool.options().panicHandler(seen::add));
        Chan<Thread> workers = Chan.make(2);
        try {
            IllegalStateException boom = new IllegalStateException("boom");
            pool.submit(() -> {
                workers.send(Thread.currentThread());
                throw boom;
            });
            pool.submit(() -> workers.send(Thread.currentThread()));
            Thread first = Go.main(workers::recv);
            Thread second = Go.main(workers::recv);
            assertSame(first, second); // the worker survived its task's exception
            assertEquals(List.of(boom), seen);
            assertEquals(1, pool.running());
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void panicDefault_taskThrows_goesToTheGoroutineExceptionHandler() throws Exception {
        Chan<Throwable> reported = Chan.make(1);
        Go.setUncaughtExceptionHandler((g, t) -> reported.trySend(t));
        Pool pool = new Pool(1);
        try {
            RuntimeException boom = new RuntimeException("boom");
            pool.submit(() -> {
                throw boom;
            });
            assertSame(boom, Go.main(reported::recv));
            Chan<Boolean> ran = Chan.make(1);
            pool.submit(() -> ran.send(true));
            assertTrue(Go.main(ran::recv));
        } finally {
            Go.setUncaughtExceptionHandler(null);
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void panicHandler_itselfThrows_reportedWithTaskExceptionSuppressed() throws Exception {
        Chan<Throwable> reported = Chan.make(1);
        Go.setUncaughtExceptionHandler((g, t) -> reported.trySend(t));
        RuntimeException handlerFailure = new RuntimeException("handler");
        Pool pool = new Pool(1, Pool.options().panicHandler(t -> {
            throw handlerFailure;
        }));
        try {
            RuntimeException boom = new RuntimeException("boom");
            pool.submit(() -> {
                throw boom;
            });
            Throwable t = Go.main(reported::recv);
            assertSame(handlerFailure, t);
            assertSame(boom, t.getSuppressed()[0]);
        } finally {
            Go.setUncaughtExceptionHandler(null);
            assertTrue(pool.release(LONG));
        }
    }

    @Test
    void task_leavesInterruptSet_nextTaskOnWorkerStartsClean() throws Exception {
        Pool pool = new Pool(1);
        Chan<Boolean> interrupted = Chan.make(1);
        try {
            pool.submit(() -> Thread.currentThread().interrupt());
            pool.submit(() -> interrupted.trySend(Thread.currentThread().isInterrupted()));
            assertFalse(Go.main(interrupted::recv));
            assertEquals(1, pool.running());
        } finally {
            assertTrue(pool.release(LONG));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Release and reboot

    // ants' TestReleaseTimeout.
    @Test
    void releaseTimeout_tasksStillRunning_returnsFalseButTheyFinish() throws Exception {
        Pool pool = new Pool(2);
        Chan<Boolean> gate = Chan.make();
        AtomicInteger finished = new AtomicInteger();
        pool.submit(() -> {
            gate.recv();
            finished.incrementAndGet();
        });
        assertFalse(pool.release(Duration.ofMillis(20)));
        assertTrue(pool.isClosed());
        gate.close();
        Waits.awaitTrue("the accepted task ran", () -> finished.get() == 1);
        Waits.awaitTrue("workers exit", () -> pool.running() == 0);
    }

    @Test
    void releaseTimeout_idlePool_returnsTrueAndNoWorkerRemains() throws Exception {
        Pool pool = new Pool(4);
        Go.main(() -> {
            for (int i = 0; i < 100; i++) {
                pool.submit(() -> { });
            }
        });
        assertTrue(pool.release(LONG));
        assertEquals(0, pool.running());
        assertTrue(new Pool(1).release(Duration.ZERO)); // nothing ever started
    }

    @Test
    void release_twiceOrSubmitAfter_throwsPoolClosed() throws Exception {
        Pool pool = new Pool(2);
        pool.release();
        PoolClosedException e = assertThrows(PoolClosedException.class, pool::release);
        assertEquals("this pool has been closed", e.getMessage());
        assertThrows(PoolClosedException.class, () -> pool.release(Duration.ofSeconds(1)));
        assertThrows(PoolClosedException.class, () -> pool.submit(() -> { }));
    }

    @Test
    void release_withSubmittersWaiting_theyGetPoolClosedAndTheirTasksNeverRun() throws Exception {
        Pool pool = new Pool(1);
        Chan<Boolean> gate = Chan.make();
        AtomicInteger ran = new AtomicInteger();
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
        List<Goroutine> blocked = new ArrayList<>();
        pool.submit(waitFor(gate));
        for (int i = 0; i < 3; i++) {
            AtomicReference<Throwable> out = new AtomicReference<>();
            outcomes.add(out);
            Goroutine g = Go.go("blocked" + i, () -> {
                try {
                    pool.submit(ran::incrementAndGet);
                } catch (Throwable t) {
                    out.set(t);
                }
            });
            Waits.awaitWaitReason(g, "pool submit");
            blocked.add(g);
        }
        pool.release();
        for (Goroutine g : blocked) {
            Waits.join(g);
        }
        outcomes.forEach(o -> assertInstanceOf(PoolClosedException.class, o.get()));
        assertEquals(0, pool.waiting());
        gate.close();
        Waits.awaitTrue("workers exit", () -> pool.running() == 0);
        assertEquals(0, ran.get());
    }

    @Test
    void releaseTimeout_interrupted_onEntryDoesNothingWhileWaitingPoolIsReleased() throws Exception {
        Pool pool = new Pool(1);
        assertThrows(GoInterruptedException.class, () -> Go.main(() -> {
            Thread.currentThread().interrupt();
            pool.release(LONG);
        }));
        assertFalse(pool.isClosed()); // interrupted on entry: no effect

        Chan<Boolean> gate = Chan.make();
        pool.submit(waitFor(gate));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine releaser = Go.go("releaser", () -> {
            try {
                pool.release(LONG);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(releaser, "select");
        releaser.interrupt();
        Waits.join(releaser);
        assertEquals("select interrupted", thrown.get().getMessage());
        assertTrue(pool.isClosed()); // the wait was interrupted, the release had been done
        gate.close();
        Waits.awaitTrue("workers exit", () -> pool.running() == 0);
    }

    // Race: release while many goroutines submit. Every submit that returned has its task run, exactly once, by
    // the time release(timeout) reports that the workers exited; every other submit threw PoolClosedException.
    @Test
    void release_racingSubmissions_everyAcceptedTaskRunsExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            Pool pool = new Pool(4);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            int rounds = round;
            Go.main(() -> {
                Chan<Boolean> finished = Chan.make(8);
                for (int s = 0; s < 8; s++) {
                    Go.go(() -> {
                        try {
                            for (int i = 0; i < 500; i++) {
                                pool.submit(() -> {
                                    ran.incrementAndGet();
                                    Go.gosched();
                                });
                                accepted.incrementAndGet();
                            }
                        } catch (PoolClosedException closed) {
                            // refused: not accepted, never runs
                        }
                        finished.send(true);
                    });
                }
                for (int k = 0; k < rounds; k++) {
                    Go.gosched(); // release at a different point of the stream each round
                }
                assertTrue(pool.release(LONG));
                for (int s = 0; s < 8; s++) {
                    finished.recv();
                }
            });
            assertEquals(accepted.get(), ran.get(), "round " + round);
            assertEquals(0, pool.running());
            assertEquals(0, pool.waiting());
        }
    }

    // ants' TestRebootDefaultPool.
    @Test
    void reboot_releasedPool_acceptsTasksAgain() throws Exception {
        Pool pool = new Pool(2, Pool.options().expiry(Duration.ofMillis(10)));
        Chan<Integer> ran = Chan.make(2);
        pool.submit(() -> ran.send(1));
        assertEquals(1, Go.main(ran::recv));
        assertTrue(pool.release(LONG));
        pool.reboot();
        assertFalse(pool.isClosed());
        pool.reboot(); // no-op on an open pool
        pool.submit(() -> ran.send(2));
        assertEquals(2, Go.main(ran::recv));
        assertTrue(pool.release(LONG));
    }

    // ---------------------------------------------------------------------------------------------------
    // PoolWithFunc

    @Test
    void poolWithFunc_invoke_callsTheFunctionWithEveryArgument() throws Exception {
        AtomicLong sum = new AtomicLong();
        PoolWithFunc<Integer> pool = new PoolWithFunc<>(8, (Integer i) -> sum.addAndGet(i), Pool.options().preAlloc(true));
        try {
            Go.main(() -> {
                for (int i = 1; i <= 10_000; i++) {
                    pool.invoke(i);
                }
            });
        } finally {
            assertTrue(pool.release(LONG));
        }
        assertEquals(10_000L * 10_001 / 2, sum.get());
        assertThrows(NullPointerException.class, () -> pool.invoke(null));
    }

    // ---------------------------------------------------------------------------------------------------
    // Bad input

    @Test
    void badInput_capacityExpiryNullsAndTune_throwClearErrors() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertEquals("invalid size for pool: 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        assertThrows(IllegalArgumentException.class, () -> new PoolWithFunc<String>(-5, s -> { }));
        e = assertThrows(IllegalArgumentException.class, () -> Pool.options().expiry(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().startsWith("invalid expiry for pool"));
        assertThrows(IllegalArgumentException.class, () -> Pool.options().maxBlockingTasks(-1));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> new PoolWithFunc<String>(1, null));
        assertEquals("must provide function for pool", npe.getMessage());
        assertThrows(NullPointerException.class, () -> new Pool(1, null));

        Pool pool = new Pool(2);
        assertThrows(NullPointerException.class, () -> pool.submit(null));
        assertThrows(IllegalArgumentException.class, () -> pool.tune(0));
        assertThrows(IllegalArgumentException.class, () -> pool.tune(-3));
        assertEquals(2, pool.cap());
        assertThrows(NullPointerException.class, () -> pool.release(null));
        assertTrue(pool.release(LONG));
    }
}
