package dev.goro.internal.pprof;

import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.Runtime;
import dev.goro.internal.sched.Tracebacks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The human goroutine dump ({@code /debug/goroutines}): what Go's debug=2 traceback leaves out, for a person
 * reading it rather than a tool. Each goroutine gets its name, its wait reason with how long it has waited
 * (to within a scheduler tick, from the first millisecond, where Go's traceback starts at one minute; not
 * known for a park inside the JDK rather than in a goro primitive), its labels, its stack in the JDK's
 * frame form, its creation site and parent, and its start function; a summary by state and by wait reason
 * ends the dump.
 * <pre>
 * goroutine 23 "worker-1" [chan receive, 1m2.5s]:
 * 	labels: {"pool":"a"}
 * 	com.example.Worker.park(Worker.java:42)
 * 	created by com.example.Main.main(Main.java:12) in goroutine 1
 * 	start function: com.example.Main.lambda
 * </pre>
 * Streamed goroutine by goroutine, as the profiles are (see "Memory" in {@link GoroutineProfile}).
 */
public final class GoroutineDump {

    private GoroutineDump() {
    }

    /** Writes the dump to {@code out} and flushes it; does not close it. Any thread. */
    public static void write(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(GoroutineProfile.CHUNK + 4096);
        sb.append("goro goroutine dump at ").append(Instant.now()).append(", scheduler ")
                .append(Runtime.usesGoroScheduler() ? "gmp" : "jdk").append(", GOMAXPROCS ")
                .append(Runtime.gomaxprocs()).append("\n\n");
        EnumMap<GoroutineState, Integer> byState = new EnumMap<>(GoroutineState.class);
        TreeMap<String, Integer> byReason = new TreeMap<>();
        int[] total = {0};
        try {
            Tracebacks.forEach(true, info -> {
                total[0]++;
                byState.merge(info.state(), 1, Integer::sum);
                if (info.state() == GoroutineState.WAITING) {
                    byReason.merge(info.waitReason(), 1, Integer::sum);
                }
                append(sb, info);
                if (sb.length() >= GoroutineProfile.CHUNK) {
                    GoroutineProfile.drain(w, sb);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        sb.append(total[0]).append(total[0] == 1 ? " goroutine" : " goroutines");
        String sep = ": ";
        for (Map.Entry<GoroutineState, Integer> e : byState.entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey().goName());
            sep = ", ";
        }
        sb.append('\n');
        if (!byReason.isEmpty()) {
            sb.append("waiting on");
            sep = ": ";
            for (Map.Entry<String, Integer> e : byReason.entrySet()) {
                sb.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
            sb.append('\n');
        }
        GoroutineProfile.drain(w, sb);
        w.flush();
    }

    static void append(StringBuilder sb, GoroutineInfo info) {
        sb.append("goroutine ").append(info.id());
        if (info.name() != null) {
            sb.append(" \"").append(info.name()).append('"');
        }
        sb.append(" [");
        if (info.state() == GoroutineState.WAITING) {
            sb.append(info.waitReason());
            if (!info.waiting().isZero()) { // unknown for a park inside the JDK, which goro does not stamp
                sb.append(", ");
                appendDuration(sb, info.waiting());
            }
        } else {
            sb.append(info.state().goName());
        }
        sb.append("]:\n");
        if (!info.labels().isEmpty()) {
            sb.append("\tlabels: ");
            GoroutineProfile.appendLabels(sb, info.labels());
            sb.append('\n');
        }
        for (StackTraceElement f : info.stack()) {
            sb.append('\t').append(f).append('\n');
        }
        StackTraceElement c = info.creationSite();
        if (c != null) {
            sb.append("\tcreated by ").append(c);
            if (info.parentId() != 0) {
                sb.append(" in goroutine ").append(info.parentId());
            }
            sb.append('\n');
        }
        sb.append("\tstart function: ").append(info.startFunction()).append("\n\n");
    }

    /**
     * Go's {@code time.Duration.String} of {@code d} truncated to the millisecond: {@code 0s}, {@code 350ms},
     * {@code 1.25s}, {@code 2m3.5s}, {@code 1h0m0s}.
     */
    static void appendDuration(StringBuilder sb, Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms == 0) {
            sb.append("0s");
            return;
        }
        if (ms < 1000) {
            sb.append(ms).append("ms");
            return;
        }
        long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, frac = ms % 1000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(s);
        if (frac != 0) {
            String f = String.format("%03d", frac);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        sb.append('s');
    }
}
