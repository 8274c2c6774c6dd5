package dev.goro.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The carrier-stall log's text for a blocked and for a computing carrier, and the {@code -Dgoro.stalls} value
 * check. A real stall logged end to end: {@code dev.goro.LogCarrierStallsTest}.
 */
class StallLogTest {
    private static final Logger STALLS = Logger.getLogger("dev.goro.stalls");
    private static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();

    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            RECORDS.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean parents;

    @BeforeEach
    void captureLog() {
        RECORDS.clear();
        parents = STALLS.getUseParentHandlers();
        STALLS.addHandler(capture);
        STALLS.setUseParentHandlers(false);
    }

    @AfterEach
    void restoreLog() {
        STALLS.removeHandler(capture);
        STALLS.setUseParentHandlers(parents);
    }

    private static GoroutineInfo loader() {
        return new GoroutineInfo(41, 1, "loader", GoroutineState.RUNNING, "", Duration.ZERO,
                "com.example.Config.lambda", new StackTraceElement("com.example.Config", "load", "Config.java", 42),
                Map.of(), List.of(new StackTraceElement("java.io.FileInputStream", "readBytes", "FileInputStream.java",
                -2)));
    }

    @Test
    void format_blockedCarrier_namesGoroutineCarrierDurationFixAndTraceback() {
        String m = StallLog.format(new CarrierStall("goro-m2", null, true, 12_340_000), loader());
        assertEquals("goroutine 41 \"loader\" blocked carrier goro-m2 for 12.3 ms without using CPU (file I/O, a "
                + "pinned wait or native code); sysmon handed its processor to another carrier. Fix: wrap the "
                + "blocking call in Go.blocking(...)\n"
                + "goroutine 41 [running]:\n"
                + "java.io.FileInputStream.readBytes(...)\n"
                + "\tFileInputStream.java\n"
                + "created by com.example.Config.load in goroutine 1\n"
                + "\tConfig.java:42", m);
    }

    @Test
    void format_computingCarrier_suggestsSplittingOrGosched() {
        String m = StallLog.format(new CarrierStall("goro-m1", null, false, 15_000_000), null);
        assertEquals("an unidentified goroutine computed on carrier goro-m1 for 15.0 ms without a blocking point; "
                + "sysmon handed its processor to another carrier so that the goroutines queued behind it could run. "
                + "Fix: split the work, or call Go.gosched() in long loops", m);
    }

    @Test
    void startIfRequested_unknownValue_warnsAndIgnores() {
        StallLog.startIfRequested(GoRuntime.sched(), "verbose");
        assertEquals(1, RECORDS.size());
        assertEquals(Level.WARNING, RECORDS.get(0).getLevel());
        assertEquals("ignoring -Dgoro.stalls=verbose (expected: log)", RECORDS.get(0).getMessage());
    }
}
