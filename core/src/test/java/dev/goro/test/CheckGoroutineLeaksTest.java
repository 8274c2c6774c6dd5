package dev.goro.test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.goro.Go;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link CheckGoroutineLeaks} (goleak for goro), run on fixture classes through the JUnit Platform's
 * EngineTestKit: a test that leaves a goroutine running fails with it listed in Go's traceback format; a clean
 * test, a goroutine that finishes just after the test, and ignored goroutines (top function, creator, alive
 * before the test) pass.
 */
class CheckGoroutineLeaksTest {

    /** Holds the goroutines the fixtures leak; released after each test. */
    static volatile CountDownLatch release = new CountDownLatch(1);
    private static final Set<Thread> PARKED = ConcurrentHashMap.newKeySet();

    @AfterEach
    void releaseLeakedGoroutines() {
        release.countDown(); // before the unparks: a goroutine woken (or not yet parked) sees the count at zero
        PARKED.forEach(LockSupport::unpark);
        PARKED.clear();
        release = new CountDownLatch(1);
    }

    /**
     * Parks until released, with no timeout, so that a snapshot always finds it parked ("[park]") with this
     * method as its top frame.
     */
    static void park() {
        CountDownLatch held = release;
        PARKED.add(Thread.currentThread());
        while (held.getCount() > 0) {
            LockSupport.park(held);
        }
    }

    private static Events run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
    }

    @CheckGoroutineLeaks(maxRetries = 3, maxBackoffMillis = 5)
    static class LeakingFixture {
        @Test
        void leaves() {
            Go.go("leaky", CheckGoroutineLeaksTest::park);
        }
    }

    @Test
    void goroutineLeftRunning_failsTestListingItInGoTracebackFormat() {
        Events events = run(LeakingFixture.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        String m = DetectBlockingCallsBlockHoundTest.failure(events, "leaves");
        assertTrue(m.startsWith("found unexpected goroutines:\n\ngoroutine "), m);
        assertTrue(m.contains(" [park]:\n" + CheckGoroutineLeaksTest.class.getName() + ".park(...)\n"
                + "\tCheckGoroutineLeaksTest.java:"), m);
        assertTrue(m.contains("\ncreated by " + LeakingFixture.class.getName() + ".leaves\n"
                + "\tCheckGoroutineLeaksTest.java:"), m);
    }

    @CheckGoroutineLeaks
    static class CleanFixture {
        @Test
        void joinsWhatItStarts() throws Exception {
            Go.go("joined", () -> LockSupport.parkNanos(1_000_000)).join();
        }

        /** Finishes during the check's retries: not a leak. */
        @Test
        @CheckGoroutineLeaks(maxBackoffMillis = 200)
        void leavesOneThatEndsShortly() {
            Go.go("finishing", () -> LockSupport.parkNanos(20_000_000));
        }
    }

    @Test
    void cleanTestAndGoroutineFinishingDuringRetries_pass() {
        run(CleanFixture.class).assertStatistics(s -> s.started(2).succeeded(2));
    }

    @CheckGoroutineLeaks(maxRetries = 3, maxBackoffMillis = 5)
    static class IgnoringFixture {
        @Test
        @CheckGoroutineLeaks(ignoreTopFunction = "dev.goro.test.CheckGoroutineLeaksTest.park")
        void leavesOneWithAnIgnoredTopFunction() {
            Go.go("ignored-top", CheckGoroutineLeaksTest::park);
        }

        @Test
        @CheckGoroutineLeaks(ignoreCreatedBy =
                "dev.goro.test.CheckGoroutineLeaksTest$IgnoringFixture.leavesOneWithAnIgnoredCreator")
        void leavesOneWithAnIgnoredCreator() {
            Go.go("ignored-creator", CheckGoroutineLeaksTest::park);
        }
    }

    @Test
    void ignoredTopFunctionAndCreator_methodOverridesClass_pass() {
        run(IgnoringFixture.class).assertStatistics(s -> s.started(2).succeeded(2));
    }

    @CheckGoroutineLeaks(maxRetries = 3, maxBackoffMillis = 5)
    static class StartedBeforeFixture {
        @BeforeAll
        static void startServer() {
            Go.go("server", CheckGoroutineLeaksTest::park);
        }

        @Test
        void usesTheServer() {
        }
    }

    @CheckGoroutineLeaks(ignoreCurrent = false, maxRetries = 3, maxBackoffMillis = 5)
    static class StartedBeforeNotIgnoredFixture {
        @BeforeAll
        static void startServer() {
            Go.go("server", CheckGoroutineLeaksTest::park);
        }

        @Test
        void usesTheServer() {
        }
    }

    @Test
    void goroutineAliveBeforeTest_ignoredByDefault() {
        run(StartedBeforeFixture.class).assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void goroutineAliveBeforeTest_notIgnored_failsTest() {
        Events events = run(StartedBeforeNotIgnoredFixture.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        String m = DetectBlockingCallsBlockHoundTest.failure(events, "usesTheServer");
        assertTrue(m.contains("created by " + StartedBeforeNotIgnoredFixture.class.getName() + ".startServer"), m);
    }
}
