package dev.goro.reactor.debug;

import dev.goro.GoroutineState;
import dev.goro.Runtime;
import dev.goro.SchedStats;
import dev.goro.internal.pprof.Census;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code /debug/sched}: {@link Runtime#schedStats()} plus goroutines by state, as one JSON object whose keys
 * are the record's component names, and the schedtrace line Go prints for GODEBUG=schedtrace.
 */
final class SchedJson {

    private SchedJson() {
    }

    static void write(OutputStream out) throws IOException {
        out.write(json(Runtime.schedStats(), Census.countByState()).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String json(SchedStats s, int[] byState) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"scheduler\":");
        string(sb, s.scheduler());
        sb.append(",\"uptimeMillis\":").append(s.uptimeMillis())
                .append(",\"gomaxprocs\":").append(s.gomaxprocs())
                .append(",\"idleProcs\":").append(s.idleProcs())
                .append(",\"threads\":").append(s.threads())
                .append(",\"spinningThreads\":").append(s.spinningThreads())
                .append(",\"idleThreads\":").append(s.idleThreads())
                .append(",\"globalRunQueue\":").append(s.globalRunQueue())
                .append(",\"localRunQueues\":[");
        for (int i = 0; i < s.localRunQueues().size(); i++) {
            sb.append(i > 0 ? "," : "").append(s.localRunQueues().get(i));
        }
        sb.append("],\"goroutines\":").append(s.goroutines())
                .append(",\"goroutinesByState\":{");
        String sep = "";
        for (GoroutineState st : GoroutineState.values()) {
            if (st != GoroutineState.DEAD) {
                sb.append(sep).append('"').append(st.goName()).append("\":").append(byState[st.ordinal()]);
                sep = ",";
            }
        }
        sb.append("},\"steals\":").append(s.steals())
                .append(",\"stolenTasks\":").append(s.stolenTasks())
                .append(",\"handoffsBlocked\":").append(s.handoffsBlocked())
                .append(",\"handoffsComputing\":").append(s.handoffsComputing())
                .append(",\"handoffsExplicit\":").append(s.handoffsExplicit())
                .append(",\"sysmonWakeups\":").append(s.sysmonWakeups())
                .append(",\"foreignSubmits\":").append(s.foreignSubmits())
                .append(",\"schedtrace\":");
        string(sb, s.toSchedtraceLine());
        return sb.append("}\n").toString();
    }

    /** A JSON string literal (RFC 8259): quote, backslash and control characters escaped. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
