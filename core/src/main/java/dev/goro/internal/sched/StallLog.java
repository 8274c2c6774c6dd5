package dev.goro.internal.sched;

import dev.goro.GoroutineInfo;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Logs sysmon's carrier stalls, for production use without BlockHound: turned on by {@code -Dgoro.stalls=log} at
 * startup or by {@code Runtime.logCarrierStalls()}. Each stall is one WARNING record on the System.Logger
 * {@code dev.goro.stalls}: what the goroutine did, on which carrier, for how long and what to do, then its
 * traceback in Go's format (which includes its creation site):
 * <pre>
 * goroutine 41 "loader" blocked carrier goro-m2 for 12.3 ms without using CPU (file I/O, a pinned wait or native
 * code); sysmon handed its processor to another carrier. Fix: wrap the blocking call in Go.blocking(...)
 * goroutine 41 [running]:
 * java.io.FileInputStream.readBytes(...)
 * ...
 * created by com.example.Config.load in goroutine 1
 * 	Config.java:42
 * </pre>
 * Called on the sysmon thread, once per stall (sysmon reports a stall when it retakes the processor, and a
 * carrier that lost its processor is not examined again), so a stuck goroutine does not flood the log.
 */
public final class StallLog implements Consumer<CarrierStall> {
    private static final System.Logger LOG = System.getLogger("dev.goro.stalls");
    /** The system property that turns the log on at startup. */
    static final String PROPERTY = "goro.stalls";

    private StallLog() {
    }

    /** Starts logging stalls; returns a handle that stops. A no-op handle on the JDK's default scheduler. */
    public static AutoCloseable start() {
        return start(GoRuntime.sched());
    }

    private static AutoCloseable start(Sched sched) {
        if (sched == null) {
            return () -> { };
        }
        StallLog log = new StallLog();
        sched.addStallListener(log);
        return () -> sched.removeStallListener(log);
    }

    /**
     * Applies {@code -Dgoro.stalls}: "log" starts the log, anything else but empty is reported and ignored.
     * Called once, by the runtime's initialization.
     */
    static void startIfRequested(Sched sched, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (!value.trim().equalsIgnoreCase("log")) {
            LOG.log(System.Logger.Level.WARNING, "ignoring -D" + PROPERTY + "=" + value + " (expected: log)");
            return;
        }
        if (sched == null) {
            LOG.log(System.Logger.Level.WARNING, "-D" + PROPERTY + "=log has no effect: goroutines run on the JDK's "
                    + "default scheduler, which has no sysmon to see stalls");
            return;
        }
        start(sched);
    }

    @Override
    public void accept(CarrierStall stall) {
        if (LOG.isLoggable(System.Logger.Level.WARNING)) {
            GoroutineInfo info = stall.goroutine() != null ? Tracebacks.info(stall.goroutine(), true) : null;
            LOG.log(System.Logger.Level.WARNING, format(stall, info));
        }
    }

    /** The record's text; {@code info} is the goroutine's snapshot with its stack, or null if unknown. */
    static String format(CarrierStall stall, GoroutineInfo info) {
        StringBuilder sb = new StringBuilder(512);
        if (info != null) {
            sb.append("goroutine ").append(info.id());
            if (info.name() != null) {
                sb.append(" \"").append(info.name()).append('"');
            }
        } else {
            sb.append("an unidentified goroutine");
        }
        String ms = String.format(Locale.ROOT, "%.1f ms", stall.nanos() / 1e6);
        if (stall.blocked()) {
            sb.append(" blocked carrier ").append(stall.carrier()).append(" for ").append(ms)
                    .append(" without using CPU (file I/O, a pinned wait or native code); sysmon handed its processor")
                    .append(" to another carrier. Fix: wrap the blocking call in Go.blocking(...)");
        } else {
            sb.append(" computed on carrier ").append(stall.carrier()).append(" for ").append(ms)
                    .append(" without a blocking point; sysmon handed its processor to another carrier so that the")
                    .append(" goroutines queued behind it could run. Fix: split the work, or call Go.gosched() in")
                    .append(" long loops");
        }
        if (info != null) {
            sb.append('\n');
            Tracebacks.appendTraceback(sb, info);
            sb.setLength(sb.length() - 1); // the traceback's last newline: a log record adds its own
        }
        return sb.toString();
    }
}
