package dev.goro.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.GoroutineState;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link GoroTimeout}, run on a fixture through the JUnit Platform's EngineTestKit: a hanging test fails at the
 * limit with every goroutine's wait reason, wait time and creation site, the test thread's stack, and Go-format
 * tracebacks; a test within the limit keeps its own outcome.
 */
class GoroTimeoutTest {

    static volatile CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStuckGoroutines() {
        release.countDown();
        release = new CountDownLatch(1);
    }

    @GoroTimeout(value = 1, unit = TimeUnit.SECONDS)
    static class Fixture {
        @Test
        void hangs() throws Exception {
            CountDownLatch held = release;
            Goroutine inner = Go.go("stuck-inner", () -> {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Goroutine outer = Go.go("stuck-outer", () -> {
                try {
                    inner.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            while (outer.state() != GoroutineState.WAITING) { // so that the dump finds it in its join
                Thread.sleep(1);
            }
            outer.join();
        }

        @Test
        void finishesInTime() throws Exception {
            Go.go("quick", () -> { }).join();
        }

        @Test
        void failsInTime() {
            throw new AssertionError("its own failure");
        }
    }

    @Test
    void hangingTest_failsAtTheLimitWithGoroutineDump() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Fixture.class)).execute()
                .testEvents();
        events.assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        Throwable hang = events.failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().equals("hangs()"))
                .findFirst().orElseThrow().getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        String m = assertInstanceOf(TimeoutException.class, hang).getMessage();
        assertTrue(m.startsWith("hangs() timed out after 1 second\n\ngoroutines at the timeout ("), m);
        String created = " created by " + Fixture.class.getName() + ".hangs (GoroTimeoutTest.java:";
        assertTrue(m.matches("(?s).*\n  goroutine \\d+ \"stuck-outer\" \\[goroutine join, \\d+\\.\\d\\d s\\]"
                + java.util.regex.Pattern.quote(created) + ".*"), m);
        assertTrue(m.contains("\"stuck-inner\" ["), m);
        assertTrue(m.contains("\ntest thread \"goro-timeout hangs()\":\n\tat "), m);
        assertTrue(m.contains(Fixture.class.getName() + ".hangs(GoroTimeoutTest.java:"), "the test thread's stack");
        assertTrue(m.matches("(?s).*\ngoroutine \\d+ \\[goroutine join\\]:\n.*"), "Go-format traceback: " + m);

        Throwable own = events.failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("failsInTime()"))
                .findFirst().orElseThrow().getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertEquals("its own failure", own.getMessage());
    }
}
