package dev.goro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@link Runtime#logCarrierStalls()}: a goroutine that blocks its carrier is logged by sysmon as a WARNING on
 * {@code dev.goro.stalls}, with its id, name, carrier, how long, "blocked", the fix and its Go-format traceback
 * including the creation site.
 */
class LogCarrierStallsTest {
    static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();

    /** Parks inside its initializer, pinning the goroutine to its carrier, until the stall has been logged. */
    static final class StallsInInitializer {
        static {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (RECORDS.isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(2_000_000);
            }
        }

        static void touch() {
        }
    }

    @Test
    void logCarrierStalls_goroutinePinnedToItsCarrier_logsWarningWithTraceback() throws Exception {
        Logger stalls = Logger.getLogger("dev.goro.stalls");
        Handler capture = new Handler() {
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
        boolean parents = stalls.getUseParentHandlers();
        stalls.addHandler(capture);
        stalls.setUseParentHandlers(false);
        Goroutine staller;
        try (AutoCloseable ignored = Runtime.logCarrierStalls()) {
            staller = Go.go("staller", StallsInInitializer::touch);
            assertTrue(staller.join(Duration.ofSeconds(60)), "staller hung");
        } finally {
            stalls.removeHandler(capture);
            stalls.setUseParentHandlers(parents);
        }
        assertFalse(RECORDS.isEmpty(), "no stall logged");
        LogRecord r = RECORDS.get(0);
        assertEquals(Level.WARNING, r.getLevel());
        String m = r.getMessage();
        assertTrue(m.startsWith("goroutine " + staller.id() + " \"staller\" blocked carrier goro-m"), m);
        assertTrue(m.contains("Fix: wrap the blocking call in Go.blocking(...)\ngoroutine " + staller.id() + " ["), m);
        assertTrue(m.contains(StallsInInitializer.class.getName() + ".<clinit>(...)"), m);
        assertTrue(m.contains("\ncreated by " + LogCarrierStallsTest.class.getName()
                + ".logCarrierStalls_goroutinePinnedToItsCarrier_logsWarningWithTraceback"), m);
    }
}
