package dev.goro.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.goro.Go;
import dev.goro.Goroutine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link DetectBlockingCalls} and {@link GoroTest}, run on fixture classes through the JUnit Platform's
 * EngineTestKit: a goroutine blocking its carrier fails the test with the report even when the goroutine
 * swallows BlockHound's error, a goroutine that only parks passes, and {@code @GoroTest} reports leaks too.
 * Runs in the BlockHound JVM (see core/pom.xml).
 */
@Tag("blockhound")
class DetectBlockingCallsBlockHoundTest {

    /** Holds the goroutines the fixtures leak; released after each test. */
    static volatile CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseLeakedGoroutines() {
        release.countDown();
        release = new CountDownLatch(1);
    }

    static Path tempFile() throws Exception {
        return Files.writeString(Files.createTempFile("goro", ".txt"), "goro");
    }

    @DetectBlockingCalls
    static class Fixture {
        @Test
        void readsAFileInAGoroutine() throws Exception {
            Path file = tempFile();
            Go.go("reader", () -> {
                try {
                    Files.readString(file);
                } catch (Throwable swallowed) {
                    // BlockHound's error dies here: the extension must still fail the test
                }
            }).join();
        }

        @Test
        void sleepsInAGoroutine() throws Exception {
            Go.go("sleeper", () -> {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).join();
        }

        @Test
        void readsAFileInsideGoBlocking() throws Exception {
            Path file = tempFile();
            Go.main(() -> Go.blocking(() -> Files.readString(file)));
        }
    }

    /** The message of the failure of the test whose display name starts with {@code test}. */
    static String failure(Events events, String test) {
        Throwable t = events.failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(test))
                .findFirst().orElseThrow(() -> new AssertionError(test + " did not fail"))
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        return assertInstanceOf(AssertionError.class, t).getMessage();
    }

    @Test
    void blockingCallInGoroutine_errorSwallowed_failsTestWithReport() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Fixture.class, "readsAFileInAGoroutine")).execute().testEvents();
        events.assertStatistics(s -> s.started(1).failed(1));
        String m = failure(events, "readsAFileInAGoroutine");
        assertTrue(m.startsWith("1 blocking call while the test ran:\n\nBlocking call! sun.nio.ch.FileChannelImpl#read "
                + "in goroutine "), m);
        assertTrue(m.contains(" \"reader\" on carrier goro-m"), m);
        assertTrue(m.contains("\ncreated by " + Fixture.class.getName() + ".readsAFileInAGoroutine"), m);
        assertTrue(m.contains("\nfix: file I/O blocks the carrier thread"), m);
        assertTrue(m.contains("\tat java.base/sun.nio.ch.FileChannelImpl.read("), m);
    }

    @Test
    void parkingAndGoBlocking_inGoroutines_pass() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Fixture.class, "sleepsInAGoroutine"),
                        selectMethod(Fixture.class, "readsAFileInsideGoBlocking"))
                .execute().testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    }

    @GoroTest
    static class GoroTestFixture {
        @Test
        void leaksAGoroutine() {
            CountDownLatch held = release;
            Go.go("leaked", () -> {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Test
        void blocksItsCarrier() throws Exception {
            Path file = tempFile();
            Goroutine g = Go.go("blocker", () -> {
                try {
                    Files.readString(file);
                } catch (Throwable swallowed) {
                    // reported anyway
                }
            });
            g.join();
        }

        @Test
        void isClean() throws Exception {
            Go.go("clean", () -> { }).join();
        }
    }

    @Test
    void goroTest_leakAndBlockingCall_bothReportedCleanTestPasses() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(GoroTestFixture.class))
                .execute().testEvents();
        events.assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        String leak = failure(events, "leaksAGoroutine");
        assertTrue(leak.startsWith("found unexpected goroutines:\n\ngoroutine "), leak);
        assertTrue(leak.contains("created by " + GoroTestFixture.class.getName() + ".leaksAGoroutine"), leak);
        String blocking = failure(events, "blocksItsCarrier");
        assertTrue(blocking.contains("Blocking call! sun.nio.ch.FileChannelImpl#read in goroutine"), blocking);
        assertEquals(1, events.succeeded().filter(e -> e.getTestDescriptor().getDisplayName().startsWith("isClean"))
                .count());
    }
}
