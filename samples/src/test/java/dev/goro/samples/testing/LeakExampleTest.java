package dev.goro.samples.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.test.CheckGoroutineLeaks;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Example: {@code @CheckGoroutineLeaks} (goleak for goro) fails a test that leaves a goroutine blocked on a channel
 * nobody will send to, and lists it in Go's traceback format; the fixed version, which closes the channel, passes.
 */
class LeakExampleTest {

    /** Channels the leaking fixture abandons, closed after the check so the goroutines end. */
    static final Chan<Chan<String>> ABANDONED = Chan.make(16);

    /** What a user's test class looks like. */
    @CheckGoroutineLeaks(maxRetries = 3, maxBackoffMillis = 10)
    static class UserTests {
        @Test
        void forgetsToCloseTheChannel() {
            Chan<String> jobs = Chan.make();
            Go.go("worker", () -> {
                for (String j : jobs) {
                    j.length();
                }
            });
            jobs.send("one job");
            ABANDONED.send(jobs); // the bug: jobs is never closed, the worker waits in "chan receive" forever
        }

        @Test
        void closesTheChannel() throws Exception {
            Chan<String> jobs = Chan.make();
            var worker = Go.go("worker", () -> {
                for (String j : jobs) {
                    j.length();
                }
            });
            jobs.send("one job");
            jobs.close();
            worker.join();
        }
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(UserTests.class, method)).execute()
                .testEvents();
    }

    @Test
    void goroutineLeftWaiting_failsWithItsTraceback() {
        Events events;
        try {
            events = run("forgetsToCloseTheChannel");
        } finally {
            for (Chan<String> c; (c = ABANDONED.tryRecv()) != null; ) {
                c.close();
            }
        }
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = events.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        String m = assertInstanceOf(AssertionError.class, t).getMessage();
        assertTrue(m.startsWith("found unexpected goroutines:"), m);
        assertTrue(m.contains(" [chan receive]:"), m);
        assertTrue(m.contains("created by " + UserTests.class.getName() + ".forgetsToCloseTheChannel"), m);
    }

    @Test
    void channelClosed_passes() {
        run("closesTheChannel").assertStatistics(s -> s.started(1).succeeded(1));
    }
}
