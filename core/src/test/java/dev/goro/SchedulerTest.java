package dev.goro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.internal.sched.GoRuntime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The G/M/P scheduler's promises (Go's proc.go), each pinned by a test that fails if the promise breaks. */
@Timeout(60)
class SchedulerTest {

    @Test
    void runtime_withOpens_usesGoroScheduler() {
        assertTrue(Runtime.usesGoroScheduler(), "surefire passes --add-opens and -Dgoro.scheduler=gmp");
        assertEquals("gmp", Runtime.schedStats().scheduler());
    }

    @Test
    void go_millionGoroutines_allRunExactlyOnce() throws Exception {
        int n = 1_000_000;
        long[] seen = new long[n];
        long sum = Go.main(() -> {
            CountDownLatch done = new CountDownLatch(n);
            AtomicLong total = new AtomicLong();
            for (int i = 0; i < n; i++) {
                int v = i;
                Go.go(() -> {
                    seen[v]++;
                    total.addAndGet(v);
                    done.countDown();
                });
            }
            assertTrue(done.await(50, TimeUnit.SECONDS), "all goroutines ran");
            return total.get();
        });
        assertEquals((long) n * (n - 1) / 2, sum);
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen[i], "goroutine " + i + " ran once");
        }
    }

    @Test
    void stealing_workSpawnedOnOneP_spreadsOverBothPs() throws Exception {
        Procs.with(2, () -> {
            long stealsBefore = Runtime.schedStats().steals();
            Set<Thread> carriers = ConcurrentHashMap.newKeySet();
            Go.main(() -> {
                // Every goroutine lands on the spawner's P (runnext, then its local queue, which 200 do not
                // overflow into the global queue): only stealing moves any of them to the other P.
                CountDownLatch done = new CountDownLatch(200);
                for (int i = 0; i < 200; i++) {
                    Go.go(() -> {
                        carriers.add(GoRuntime.vthreads().currentCarrier());
                        spin(200_000);
                        done.countDown();
                    });
                }
                done.await();
                return null;
            });
            assertTrue(Runtime.schedStats().steals() > stealsBefore, "the idle P stole work");
            assertTrue(carriers.size() >= 2, "work ran on more than one carrier: " + carriers);
            return null;
        });
    }

    // Go rule (proc.go sysmon/retake): a goroutine that holds its P does not stop the other goroutines queued on
    // that P; goro cannot preempt, so sysmon hands the P to another M.
    @Test
    void sysmon_cpuLoopOnTheOnlyP_othersStillRun() throws Exception {
        Procs.with(1, () -> {
            long before = Runtime.schedStats().handoffsComputing() + Runtime.schedStats().handoffsBlocked();
            AtomicBoolean otherRan = new AtomicBoolean();
            Go.main(() -> {
                Goroutine hog = Go.go("hog", () -> {
                    while (!otherRan.get()) {
                        Thread.onSpinWait(); // never parks, never yields
                    }
                });
                Go.gosched(); // let the hog take the P
                Goroutine other = Go.go("other", () -> otherRan.set(true));
                assertTrue(other.join(Duration.ofSeconds(20)), "the queued goroutine ran while the hog spun");
                hog.join();
                return null;
            });
            long after = Runtime.schedStats().handoffsComputing() + Runtime.schedStats().handoffsBlocked();
            assertTrue(after > before, "sysmon counted the hand-off");
            return null;
        });
    }

    // Go rule (entersyscall / sysmon retake of _Psyscall Ps): a goroutine blocked in a system call that the
    // scheduler does not see (here: a read on a named pipe, file I/O that pins the carrier) loses its P.
    @Test
    void sysmon_blockingFileReadOnTheOnlyP_othersStillRun() throws Exception {
        try (Fifo fifo = new Fifo()) {
            Procs.with(1, () -> {
                long before = Runtime.schedStats().handoffsBlocked();
                Go.main(() -> {
                    AtomicInteger got = new AtomicInteger(-1);
                    Goroutine reader = Go.go("reader", () -> got.set(fifo.readOneByte()));
                    Go.gosched();
                    // Runs only if the reader's P is handed over: the reader waits for exactly this write.
                    Goroutine writer = Go.go("writer", () -> fifo.write(42));
                    assertTrue(writer.join(Duration.ofSeconds(20)), "writer ran while the reader blocked");
                    reader.join();
                    assertEquals(42, got.get());
                    return null;
                });
                assertTrue(Runtime.schedStats().handoffsBlocked() > before, "counted as a blocked carrier");
                return null;
            });
        }
    }

    // Go rule (entersyscallblock): Go.blocking hands the P over at once, before the call blocks.
    @Test
    void blocking_fileReadInsideBlocking_handsOffPImmediately() throws Exception {
        try (Fifo fifo = new Fifo()) {
            Procs.with(1, () -> {
                long explicitBefore = Runtime.schedStats().handoffsExplicit();
                Go.main(() -> {
                    AtomicInteger got = new AtomicInteger(-1);
                    Goroutine reader = Go.go("reader", () -> Go.blocking(() -> got.set(fifo.readOneByte())));
                    Go.gosched();
                    Goroutine writer = Go.go("writer", () -> fifo.write(7));
                    assertTrue(writer.join(Duration.ofSeconds(20)));
                    reader.join();
                    assertEquals(7, got.get());
                    return null;
                });
                assertTrue(Runtime.schedStats().handoffsExplicit() > explicitBefore, "explicit hand-off counted");
                return null;
            });
        }
    }

    // Go rule (schedule: "Check the global runnable queue once in a while to ensure fairness"): goroutines that
    // keep re-spawning each other (always runnext) do not starve one queued from outside.
    @Test
    void fairness_respawningPair_doesNotStarveGlobalQueue() throws Exception {
        Procs.with(1, () -> {
            AtomicBoolean stop = new AtomicBoolean();
            Go.main(() -> {
                Go.go(new Respawner(stop));
                Go.gosched();
                return null;
            });
            // From a plain thread: goes to the global queue.
            CountDownLatch ran = new CountDownLatch(1);
            Go.go(ran::countDown);
            boolean ok = ran.await(20, TimeUnit.SECONDS);
            stop.set(true);
            assertTrue(ok, "the globally queued goroutine ran");
            return null;
        });
    }

    // Go rule (runnext inherits the time slice, then yields): a re-spawning pair does not starve a goroutine
    // waiting in the same P's local queue.
    @Test
    void fairness_respawningPair_doesNotStarveLocalQueue() throws Exception {
        Procs.with(1, () -> {
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ran = new CountDownLatch(1);
            Go.main(() -> {
                Go.go(ran::countDown);          // runnext...
                Go.go(new Respawner(stop));     // ...kicked to the local queue tail by this one
                return null;
            });
            boolean ok = ran.await(20, TimeUnit.SECONDS);
            stop.set(true);
            assertTrue(ok, "the locally queued goroutine ran");
            return null;
        });
    }

    /** Spawns a copy of itself and exits, forever, until stopped: always in runnext. */
    private record Respawner(AtomicBoolean stop) implements Runnable {
        @Override
        public void run() {
            if (!stop.get()) {
                Go.go(this);
            }
        }
    }

    // Go rule (ready -> runqput(pp, gp, next=true)): the woken goroutine runs next on the waker's P, so a
    // ping-pong pair stays on one carrier instead of bouncing between Ps.
    @Test
    void runnext_pingPongPair_staysOnOneCarrier() throws Exception {
        Procs.with(2, () -> {
            int rounds = 20_000;
            Thread[] carrierOfPong = new Thread[rounds];
            Thread[] carrierOfPing = new Thread[rounds];
            Go.main(() -> {
                Thread main = Thread.currentThread();
                AtomicInteger turn = new AtomicInteger(); // even: ping's turn, odd: pong's
                Goroutine pong = Go.go("pong", () -> {
                    for (int i = 0; i < rounds; i++) {
                        while (turn.get() != 2 * i + 1) {
                            LockSupport.park();
                        }
                        carrierOfPong[i] = GoRuntime.vthreads().currentCarrier();
                        turn.set(2 * i + 2);
                        LockSupport.unpark(main);
                    }
                });
                Thread pongThread = threadOf(pong);
                for (int i = 0; i < rounds; i++) {
                    carrierOfPing[i] = GoRuntime.vthreads().currentCarrier();
                    turn.set(2 * i + 1);
                    LockSupport.unpark(pongThread);
                    while (turn.get() != 2 * i + 2) {
                        LockSupport.park();
                    }
                }
                pong.join();
                return null;
            });
            int same = 0;
            for (int i = 0; i < rounds; i++) {
                if (carrierOfPing[i] == carrierOfPong[i]) {
                    same++;
                }
            }
            // Without runnext placement the two would alternate Ps about half the time.
            assertTrue(same >= rounds * 8 / 10, "hand-offs on the same carrier: " + same + " of " + rounds);
            return null;
        });
    }

    @Test
    void setGOMAXPROCS_changesAtRunTime_andReturnsPrevious() throws Exception {
        int original = Runtime.gomaxprocs();
        assertEquals(original, Runtime.setGOMAXPROCS(3));
        try {
            assertEquals(3, Runtime.gomaxprocs());
            assertEquals(3, Runtime.schedStats().localRunQueues().size());
            // Three goroutines that each wait for the others to be running at the same time: needs 3 Ps.
            AtomicInteger inside = new AtomicInteger();
            Go.main(() -> {
                Goroutine[] gs = new Goroutine[3];
                for (int i = 0; i < 3; i++) {
                    gs[i] = Go.go("spinner" + i, () -> {
                        inside.incrementAndGet();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        while (inside.get() < 3 && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                    });
                }
                for (Goroutine g : gs) {
                    g.join();
                }
                return null;
            });
            assertEquals(3, inside.get());
            assertEquals(3, Runtime.setGOMAXPROCS(1));
            assertEquals(1, Runtime.gomaxprocs());
            // Shrunk: goroutines still run (on the remaining P).
            assertEquals(45, (int) Go.main(() -> {
                AtomicInteger s = new AtomicInteger();
                CountDownLatch l = new CountDownLatch(10);
                for (int i = 0; i < 10; i++) {
                    int v = i;
                    Go.go(() -> {
                        s.addAndGet(v);
                        l.countDown();
                    });
                }
                l.await();
                return s.get();
            }));
            assertEquals(1, Runtime.schedStats().localRunQueues().size());
        } finally {
            Runtime.setGOMAXPROCS(original);
        }
    }

    @Test
    void manyParkUnparkRounds_acrossPs_nothingLost() throws Exception {
        // A stress of the submit paths (local runnext, local tail via yield, global from a plain thread) with
        // random interleavings: every goroutine must finish.
        int goroutines = 200;
        int rounds = 500;
        AtomicLong total = new AtomicLong();
        CountDownLatch done = new CountDownLatch(goroutines);
        Go.main(() -> {
            for (int g = 0; g < goroutines; g++) {
                int seed = g;
                Go.go(() -> {
                    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
                    for (int r = 0; r < rounds; r++) {
                        switch (rnd.nextInt(3)) {
                            case 0 -> Go.gosched();
                            case 1 -> LockSupport.parkNanos(1_000);
                            default -> total.incrementAndGet();
                        }
                    }
                    done.countDown();
                });
            }
            return null;
        });
        assertTrue(done.await(50, TimeUnit.SECONDS), "every goroutine finished");
        assertTrue(total.get() > 0);
    }

    static Thread threadOf(Goroutine g) {
        for (Thread t : new HashSet<>(Thread.getAllStackTraces().keySet())) {
            if (t.threadId() == g.id()) {
                return t;
            }
        }
        return GoRuntime.sched() != null ? findVirtual(g.id()) : null;
    }

    private static Thread findVirtual(long id) {
        dev.goro.internal.sched.G g = dev.goro.internal.sched.Allgs.get(id);
        return g != null ? g.thread() : null;
    }

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
