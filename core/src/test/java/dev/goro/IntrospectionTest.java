package dev.goro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** allgs and tracebacks (Go's runtime.Stack, goroutine statuses and wait reasons). */
@Timeout(30)
class IntrospectionTest {

    @Test
    void goroutines_parkedOnGoroPrimitive_showsWaitingWithGoReason() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        Goroutine g = Go.go("parked", () -> {
            while (!release.get()) {
                G.park(WaitReason.CHAN_RECEIVE, this);
            }
        });
        try {
            GoroutineInfo info = awaitState(g, GoroutineState.WAITING);
            assertEquals("chan receive", info.waitReason());
            assertEquals("parked", info.name());
        } finally {
            release.set(true);
            G.ready(SchedulerTest.threadOf(g));
            g.join();
        }
        assertEquals(GoroutineState.DEAD, g.state());
    }

    @Test
    void goroutines_sleepingInJdk_showsSleep() throws Exception {
        Goroutine g = Go.go("sleeper", () -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            GoroutineInfo info = awaitState(g, GoroutineState.WAITING);
            assertEquals("sleep", info.waitReason());
        } finally {
            g.interrupt();
            g.join();
        }
    }

    @Test
    void goroutines_running_showsRunning() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Goroutine g = Go.go("spinner", () -> {
            started.countDown();
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals(GoroutineState.RUNNING, g.state());
        } finally {
            stop.set(true);
            g.join();
        }
    }

    @Test
    void goroutines_joinWaiter_showsJoinReasonAndParent() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        Goroutine[] child = new Goroutine[1];
        CountDownLatch spawned = new CountDownLatch(1);
        Goroutine parent = Go.go("parent", () -> {
            child[0] = Go.go("child", () -> {
                while (!release.get()) {
                    G.park(WaitReason.SELECT, this);
                }
            });
            spawned.countDown();
            try {
                child[0].join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(spawned.await(10, TimeUnit.SECONDS));
        try {
            GoroutineInfo p = awaitState(parent, GoroutineState.WAITING);
            assertEquals("goroutine join", p.waitReason());
            GoroutineInfo c = awaitState(child[0], GoroutineState.WAITING);
            assertEquals("select", c.waitReason());
            assertEquals(parent.id(), c.parentId());
            assertTrue(Runtime.goroutines().stream().anyMatch(i -> i.id() == c.id()), "listed in allgs");
        } finally {
            release.set(true);
            G.ready(SchedulerTest.threadOf(child[0]));
            parent.join();
        }
    }

    // Go's traceback layout: "goroutine N [reason]:", frames "func(...)" + "\tfile:line", "created by f in
    // goroutine M" + "\tfile:line"; the creation site is the line of the go statement.
    @Test
    void stack_all_goTracebackLayout_withCreationSiteOfGoCall() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        int goLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Goroutine g = Go.go("traced", () -> parkUntil(release));
        try {
            awaitState(g, GoroutineState.WAITING);
            String dump = Runtime.stack(true);
            String block = blockOf(dump, g.id());
            assertNotNull(block, "goroutine listed:\n" + dump);
            String[] lines = block.split("\n");
            assertEquals("goroutine " + g.id() + " [chan receive]:", lines[0]);
            assertTrue(lines[1].startsWith("dev.goro.IntrospectionTest.parkUntil(...)"), lines[1]);
            assertTrue(Pattern.matches("\tIntrospectionTest\\.java:\\d+", lines[2]), lines[2]);
            for (int i = 1; i < lines.length - 2; i += 2) {
                assertTrue(lines[i].endsWith("(...)"), "function line: " + lines[i]);
                assertTrue(lines[i + 1].startsWith("\t"), "location line: " + lines[i + 1]);
            }
            assertEquals("created by dev.goro.IntrospectionTest.stack_all_goTracebackLayout_withCreationSiteOfGoCall",
                    lines[lines.length - 2]);
            assertEquals("\tIntrospectionTest.java:" + goLine, lines[lines.length - 1]);
        } finally {
            release.set(true);
            G.ready(SchedulerTest.threadOf(g));
            g.join();
        }
    }

    @Test
    void stack_current_insideGoroutine_isRunningAndNamesParent() throws Exception {
        String dump = Go.main(() -> {
            String[] out = new String[1];
            Goroutine inner = Go.go("inner", () -> out[0] = Runtime.stack(false));
            inner.join();
            return out[0];
        });
        String first = dump.lines().findFirst().orElseThrow();
        assertTrue(Pattern.matches("goroutine \\d+ \\[running\\]:", first), first);
        assertTrue(dump.contains("dev.goro.IntrospectionTest.lambda"), dump);
        assertTrue(Pattern.compile("created by .* in goroutine \\d+\n\tIntrospectionTest\\.java:\\d+\n$")
                .matcher(dump).find(), dump);
    }

    @Test
    void stack_current_onPlainThread_isEmpty() {
        assertEquals("", Runtime.stack(false));
    }

    @Test
    void numGoroutine_countsLiveOnes() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        int before = Runtime.numGoroutine();
        Goroutine[] gs = new Goroutine[50];
        for (int i = 0; i < gs.length; i++) {
            gs[i] = Go.go("n" + i, () -> parkUntil(release));
        }
        try {
            assertTrue(Runtime.numGoroutine() >= before + 50);
        } finally {
            release.set(true);
            for (Goroutine g : gs) {
                G.ready(SchedulerTest.threadOf(g));
                g.join();
            }
        }
        awaitCount(before);
    }

    // The registry must not keep goroutines alive: one parked forever with nothing referencing it is
    // collected (needs -Djdk.trackAllThreads=false, which goro's build sets).
    @Test
    void allgs_parkedUnreachableGoroutines_areCollected() throws Exception {
        long collectedBefore = dev.goro.internal.sched.Allgs.collectedWhileParked();
        CountDownLatch parked = new CountDownLatch(100);
        java.util.List<java.lang.ref.WeakReference<Thread>> threads =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 100; i++) {
            Go.go(() -> {
                Object nobodyElseHasThis = new Object();
                threads.add(new java.lang.ref.WeakReference<>(Thread.currentThread()));
                parked.countDown();
                while (true) {
                    G.park(WaitReason.CHAN_RECEIVE, nobodyElseHasThis);
                }
            });
        }
        assertTrue(parked.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // The GC clears the threads first; the reference handler then enqueues their Gs for the registry.
        while ((threads.stream().anyMatch(r -> r.get() != null)
                || dev.goro.internal.sched.Allgs.collectedWhileParked() - collectedBefore < 100)
                && System.nanoTime() < deadline) {
            // A run-queue slot a stealer consumed keeps its continuation until the queue's owner reuses or
            // clears it: churn the queues, as a live program does, so only a permanent retention can fail this.
            CountDownLatch churn = new CountDownLatch(1000);
            Go.main(() -> {
                for (int i = 0; i < 1000; i++) {
                    Go.go(churn::countDown);
                }
                churn.await();
                return null;
            });
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, threads.stream().filter(r -> r.get() != null).count(), "every parked goroutine collected");
        // Other tests may leave unreachable goroutines too: ours are at least part of the count.
        assertTrue(dev.goro.internal.sched.Allgs.collectedWhileParked() - collectedBefore >= 100);
    }

    static void parkUntil(AtomicBoolean release) {
        while (!release.get()) {
            G.park(WaitReason.CHAN_RECEIVE, release);
        }
    }

    static GoroutineInfo awaitState(Goroutine g, GoroutineState want) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        GoroutineInfo info = null;
        while (System.nanoTime() < deadline) {
            info = g.info();
            if (info != null && info.state() == want) {
                return info;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("goroutine " + g.id() + " never became " + want + ", last: " + info);
    }

    private static void awaitCount(int atMost) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Runtime.numGoroutine() > atMost && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Runtime.numGoroutine() <= atMost, "finished goroutines leave the registry");
    }

    private static String blockOf(String dump, long id) {
        for (String block : dump.split("\n\n")) {
            if (block.startsWith("goroutine " + id + " [")) {
                return block;
            }
        }
        return null;
    }
}
