package dev.goro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public goroutine API: spawning, handles, main, errors. */
@Timeout(30)
class GoTest {

    @Test
    void go_nullTask_throwsNpeAtTheCall() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Go.go(null));
        assertEquals("task", e.getMessage());
        assertThrows(NullPointerException.class, () -> Go.go("x", null));
    }

    @Test
    void go_named_handleReportsIdNameAndJoins() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Goroutine g = Go.go("worker-1", () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("worker-1", g.name());
        assertTrue(g.id() > 0);
        assertTrue(g.isAlive());
        assertEquals(false, g.join(Duration.ofMillis(20)), "still running: timed join gives up");
        go.countDown();
        assertTrue(g.join(Duration.ofSeconds(10)));
        assertEquals(GoroutineState.DEAD, g.state());
        assertEquals("goroutine " + g.id() + " \"worker-1\"", g.toString());
    }

    @Test
    void current_insideGoroutine_isThatGoroutine_andNullOutside() throws Exception {
        assertNull(Go.current());
        AtomicReference<Goroutine> seen = new AtomicReference<>();
        Goroutine g = Go.go("me", () -> seen.set(Go.current()));
        g.join();
        assertEquals(g, seen.get());
        assertEquals("me", seen.get().name());
    }

    @Test
    void main_returnsBodyResult_andRunsItInAGoroutine() throws Exception {
        assertEquals("virtual goroutine", Go.main(() ->
                (Thread.currentThread().isVirtual() ? "virtual" : "platform")
                        + (Go.current() != null ? " goroutine" : "")));
    }

    @Test
    void main_rethrowsCheckedExceptionUnchanged() {
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(IOException.class, () -> Go.main(() -> {
            throw boom;
        }));
        assertSame(boom, thrown);
    }

    @Test
    void main_runnable_rethrowsUncheckedUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Go.main((Runnable) () -> {
            throw boom;
        })));
    }

    @Test
    void setGOMAXPROCS_belowOne_throwsIllegalArgument() {
        int before = Runtime.gomaxprocs();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runtime.setGOMAXPROCS(0));
        assertEquals("GOMAXPROCS must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Runtime.setGOMAXPROCS(-3));
        assertEquals(before, Runtime.gomaxprocs(), "a rejected value changes nothing");
    }

    @Test
    void uncaughtException_goesToHandlerWithGoroutine() throws Exception {
        CompletableFuture<String> got = new CompletableFuture<>();
        Go.setUncaughtExceptionHandler((g, t) -> got.complete(g.name() + ":" + t.getMessage()));
        try {
            Go.go("failing", () -> {
                throw new IllegalStateException("bad");
            });
            assertEquals("failing:bad", got.get(10, TimeUnit.SECONDS));
        } finally {
            Go.setUncaughtExceptionHandler(null);
        }
    }

    @Test
    void uncaughtException_defaultHandlerLogsIdNameAndCreationSite() throws Exception {
        Logger logger = Logger.getLogger("dev.goro.runtime");
        CompletableFuture<LogRecord> logged = new CompletableFuture<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null && "never silent".equals(r.getThrown().getMessage())) {
                    logged.complete(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            Goroutine g = Go.go("loud", () -> { throw new IllegalStateException("never silent"); });
            LogRecord r = logged.get(10, TimeUnit.SECONDS);
            assertNotNull(r);
            String msg = r.getMessage();
            assertTrue(msg.contains("goroutine " + g.id()), msg);
            assertTrue(msg.contains("\"loud\""), msg);
            assertTrue(msg.contains("GoTest.java:" + line), msg);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void blocking_outsideGoroutine_justRuns() throws Exception {
        assertEquals(5, Go.blocking(() -> 5));
        int[] ran = {0};
        Go.blocking(() -> ran[0]++);
        assertEquals(1, ran[0]);
        assertThrows(NullPointerException.class, () -> Go.blocking((Runnable) null));
    }

    @Test
    void blocking_insideGoroutine_showsSyscallStateAndResumes() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Goroutine g = Go.go("sys", () -> Go.blocking(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        // The latch parks the virtual thread, which then shows as waiting; what counts is that the goroutine
        // comes back and finishes after Go.blocking took its P away.
        release.countDown();
        assertTrue(g.join(Duration.ofSeconds(10)));
    }
}
