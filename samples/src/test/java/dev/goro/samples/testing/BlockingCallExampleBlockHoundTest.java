package dev.goro.samples.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.goro.Go;
import dev.goro.test.DetectBlockingCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Example: {@code @DetectBlockingCalls} fails a test whose goroutine reads a file on its carrier thread, and passes
 * the same read inside {@code Go.blocking}. The fixture is what a user writes; this class runs it through the JUnit
 * Platform and checks the verdicts. Tagged "blockhound": it runs in the BlockHound JVM (see samples/pom.xml).
 */
@Tag("blockhound")
class BlockingCallExampleBlockHoundTest {

    /** What a user's test class looks like. */
    @DetectBlockingCalls
    static class UserTests {
        static Path file() throws Exception {
            return Files.writeString(Files.createTempFile("goro-sample", ".txt"), "hello");
        }

        @Test
        void readsAFileOnTheCarrier() throws Exception {
            Path f = file();
            Go.go("reader", () -> {
                try {
                    Files.readString(f); // BlockHound: file I/O blocks the carrier
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).join(); // BlockHound's error dies in the goroutine: the extension still fails the test
        }

        @Test
        void readsAFileInsideGoBlocking() throws Exception {
            Path f = file();
            Go.main(() -> Go.blocking(() -> Files.readString(f))); // hands the processor over first: fine
        }
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(UserTests.class, method)).execute()
                .testEvents();
    }

    @Test
    void fileReadOnCarrier_failsTestWithReportAndFix() {
        Events events = run("readsAFileOnTheCarrier");
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = events.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        String m = assertInstanceOf(AssertionError.class, t).getMessage();
        assertTrue(m.contains("Blocking call! "), m);
        assertTrue(m.contains(" in goroutine ") && m.contains(" \"reader\" "), m);
        assertTrue(m.contains("\nfix: file I/O blocks the carrier thread"), m);
    }

    @Test
    void fileReadInsideGoBlocking_passes() {
        run("readsAFileInsideGoBlocking").assertStatistics(s -> s.started(1).succeeded(1));
    }
}
