package dev.goro.samples.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.sync.Mutex;
import dev.goro.sync.WaitGroup;
import dev.goro.test.GoroTimeout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Example: {@code @GoroTimeout} turns a deadlocked test into a failure at the limit whose message shows what every
 * goroutine waits on, as Go's test timeout panic does: here two goroutines that take two locks in opposite order.
 */
class TimeoutDumpExampleTest {

    /** Released after the check, so the deadlocked goroutines end. */
    static final Chan<Void> RELEASE = Chan.make();

    /** What a user's test class looks like. */
    @GoroTimeout(value = 500, unit = TimeUnit.MILLISECONDS)
    static class UserTests {
        @Test
        void deadlocks() throws Exception {
            Mutex a = new Mutex();
            Mutex b = new Mutex();
            WaitGroup bothHoldOne = new WaitGroup();
            bothHoldOne.add(2);
            var first = Go.go("locks-a-then-b", () -> lockBoth(a, b, bothHoldOne));
            var second = Go.go("locks-b-then-a", () -> lockBoth(b, a, bothHoldOne));
            first.join();
            second.join();
        }

        static void lockBoth(Mutex x, Mutex y, WaitGroup bothHoldOne) {
            x.lock();
            bothHoldOne.done();
            bothHoldOne.await(); // each holds its first lock: the second lock can never be taken
            Go.go("watchdog", () -> {
                RELEASE.recv(); // after the test: unlock x so the deadlock unwinds
                x.unlock();
            });
            y.lock();
            y.unlock();
        }
    }

    @Test
    void deadlock_failsAtTheLimitWithEveryGoroutinesWaitReason() {
        Events events;
        try {
            events = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(UserTests.class, "deadlocks"))
                    .execute().testEvents();
        } finally {
            RELEASE.close();
        }
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = events.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        String m = assertInstanceOf(TimeoutException.class, t).getMessage();
        assertTrue(m.startsWith("deadlocks() timed out after 500 milliseconds"), m);
        assertTrue(m.contains("locks-a-then-b"), m);
        assertTrue(m.contains("locks-b-then-a"), m);
        assertTrue(m.contains("sync.Mutex.Lock"), m);
    }
}
