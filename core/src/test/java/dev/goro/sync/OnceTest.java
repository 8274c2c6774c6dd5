package dev.goro.sync;

import static dev.goro.sync.SyncTesting.awaitWaiting;
import static dev.goro.sync.SyncTesting.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.GoInterruptedException;
import dev.goro.sync.SyncTesting.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Go's sync.Once, OnceFunc and OnceValue rules (sync/once_test.go, sync/oncefunc_test.go). */
class OnceTest {

    // Port of TestOnce: many goroutines, one run, and every caller returns after it.
    @Test
    void run_manyGoroutines_runsActionOnceAndAllSeeItsEffect() throws Throwable {
        Once once = new Once();
        AtomicInteger runs = new AtomicInteger();
        int[] effect = {0}; // plain: visible to callers only through the Once
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(go("caller-" + i, () -> {
                once.run(() -> {
                    runs.incrementAndGet();
                    Thread.yield(); // let the others arrive while it runs
                    effect[0] = 42;
                });
                assertEquals(42, effect[0], "a caller returned before the action finished");
            }));
        }
        for (Task t : tasks) {
            t.joinOk();
        }
        assertEquals(1, runs.get());
        assertTrue(once.isDone());
    }

    // Port of TestOncePanic: a panicking f counts as done.
    @Test
    void run_actionThrows_propagatesAndCountsAsDone() {
        Once once = new Once();
        IllegalStateException boom = new IllegalStateException("failed");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> once.run(() -> {
            throw boom;
        })));
        AtomicBoolean second = new AtomicBoolean();
        once.run(() -> second.set(true));
        assertFalse(second.get(), "Once.run called twice");
        assertTrue(once.isDone());
    }

    @Test
    void run_whileActionRunsElsewhere_waitsWithReasonSyncMutexLock() throws Throwable {
        Once once = new Once();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Task first = go("first", () -> once.run(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        started.await(); // the action is running
        Task second = go("second", () -> once.run(() -> {
            throw new AssertionError("second action ran");
        }));
        awaitWaiting(second, "sync.Mutex.Lock"); // as in Go, where Do waits on the Once's Mutex
        release.countDown();
        first.joinOk();
        second.joinOk();
    }

    @Test
    void run_callerInterruptedWhileActionRuns_throwsAndActionCompletes() throws Throwable {
        Once once = new Once();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        Task first = go("first", () -> once.run(() -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        started.await(); // the action is running
        Task second = go("second", () -> once.run(runs::incrementAndGet));
        awaitWaiting(second, "sync.Mutex.Lock");
        second.interrupt();
        assertInstanceOf(GoInterruptedException.class, second.joinOutcome());
        assertFalse(once.isDone());
        release.countDown();
        first.joinOk();
        assertEquals(1, runs.get());
        assertTrue(once.isDone());
    }

    @Test
    void run_nullAction_throwsNpeNamingIt() {
        assertEquals("action", assertThrows(NullPointerException.class, () -> new Once().run(null)).getMessage());
    }

    // Port of TestOnceFunc.
    @Test
    void func_calledManyTimes_runsActionOnce() {
        AtomicInteger calls = new AtomicInteger();
        Runnable f = Once.func(calls::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            f.run();
        }
        assertEquals(1, calls.get());
    }

    // Port of TestOnceFuncPanic: every call panics with the same value.
    @Test
    void func_actionThrows_everyCallThrowsSameException() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException boom = new RuntimeException("x");
        Runnable f = Once.func(() -> {
            calls.incrementAndGet();
            throw boom;
        });
        for (int i = 0; i < 3; i++) {
            assertSame(boom, assertThrows(RuntimeException.class, f::run));
        }
        assertEquals(1, calls.get());
    }

    // Port of TestOnceValue, concurrently.
    @Test
    void value_concurrentCallers_computeOnceAndShareResult() throws Throwable {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Object> v = Once.value(() -> {
            calls.incrementAndGet();
            return new Object();
        });
        Object[] seen = new Object[8];
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < seen.length; i++) {
            int k = i;
            tasks.add(go("getter-" + i, () -> seen[k] = v.get()));
        }
        for (Task t : tasks) {
            t.joinOk();
        }
        assertEquals(1, calls.get());
        for (Object o : seen) {
            assertSame(seen[0], o);
        }
    }

    @Test
    void value_supplierThrows_everyCallThrowsSameException() {
        IllegalArgumentException boom = new IllegalArgumentException("bad config");
        Supplier<String> v = Once.value(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalArgumentException.class, v::get));
        assertSame(boom, assertThrows(IllegalArgumentException.class, v::get));
    }
}
