package dev.goro.internal.sched;

import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Goroutine snapshots and Go's traceback text ({@code runtime.Stack}, pprof debug=2):
 * <pre>
 * goroutine 7 [chan receive, 2 minutes]:
 * com.example.Worker.loop(...)
 * 	Worker.java:42
 * created by com.example.Main.main in goroutine 1
 * 	Main.java:12
 * </pre>
 * As Go hides runtime frames (gopark...), the JDK's and goro's parking frames at the top of a stack and the
 * goroutine entry frames at its bottom are left out.
 */
public final class Tracebacks {

    private Tracebacks() {
    }

    /** Snapshot of one goroutine; null if it is gone. {@code withStack}: capture its stack too (costly). */
    public static GoroutineInfo info(G g, boolean withStack) {
        Thread t = g.thread();
        if (t == null) {
            return null;
        }
        int status = g.status();
        String reason = "";
        long since = 0;
        StackTraceElement[] raw = withStack || status == G.RUNNING ? t.getStackTrace() : null;
        GoroutineState state = state(status, t);
        if (status == G.WAITING) {
            reason = g.waitReason().toString();
            since = g.waitSince();
        } else if (status == G.RUNNING && state == GoroutineState.WAITING) {
            reason = jdkWaitReason(raw).toString(); // parked inside the JDK on no goro primitive: say where
        }
        Duration waiting = since != 0 ? Duration.ofNanos(Math.max(0, Clock.coarseNanos() - since)) : Duration.ZERO;
        List<StackTraceElement> stack = withStack ? userFrames(raw) : List.of();
        return new GoroutineInfo(g.id, g.parentId, g.name, state, reason, waiting, g.start.function(),
                g.start.creator(), g.labels, stack);
    }

    /**
     * A goroutine's status as {@link #info} reports it, without capturing a stack (cheap enough to count a
     * million goroutines by state); null if it is gone. Any thread.
     */
    public static GoroutineState state(G g) {
        Thread t = g.thread();
        return t != null ? state(g.status(), t) : null;
    }

    private static GoroutineState state(int status, Thread t) {
        return switch (status) {
            case G.IDLE -> GoroutineState.IDLE;
            case G.RUNNABLE -> GoroutineState.RUNNABLE;
            case G.SYSCALL -> GoroutineState.SYSCALL;
            case G.WAITING -> GoroutineState.WAITING;
            case G.DEAD -> GoroutineState.DEAD;
            default -> switch (t.getState()) {
                // Parked inside the JDK on no goro primitive (sleep, j.u.c, socket I/O): say so, as Go would.
                case WAITING, TIMED_WAITING, BLOCKED -> GoroutineState.WAITING;
                case TERMINATED -> GoroutineState.DEAD;
                default -> GoroutineState.RUNNING;
            };
        };
    }

    /** Snapshots of all live goroutines, by id. */
    public static List<GoroutineInfo> all(boolean withStack) {
        List<GoroutineInfo> out = new ArrayList<>();
        forEach(withStack, out::add);
        return out;
    }

    /**
     * Hands {@code action} the snapshot of every live goroutine, by id, one at a time: a caller that streams
     * them (a profile, a dump of a million goroutines) holds one stack at a time, not all of them. Any thread.
     */
    public static void forEach(boolean withStack, Consumer<GoroutineInfo> action) {
        List<G> gs = Allgs.snapshot();
        gs.sort((a, b) -> Long.compare(a.id, b.id));
        for (G g : gs) {
            GoroutineInfo info = info(g, withStack);
            if (info != null && info.state() != GoroutineState.DEAD) {
                action.accept(info);
            }
        }
    }

    static WaitReason jdkWaitReason(StackTraceElement[] frames) {
        if (frames == null) {
            return WaitReason.PARKED;
        }
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            String m = f.getMethodName();
            if (c.equals("java.lang.Thread") && (m.equals("sleep") || m.equals("sleepNanos"))) {
                return WaitReason.SLEEP;
            }
            if (c.startsWith("sun.nio.ch.") || c.startsWith("java.net.")) {
                return WaitReason.IO_WAIT;
            }
            if (c.equals("java.lang.Object") && m.equals("wait")) {
                return WaitReason.SYNC_COND_WAIT;
            }
            if (c.equals("java.lang.Thread") && m.equals("join")) {
                return WaitReason.JOIN;
            }
            if (!isRuntimeFrame(c)) {
                break;
            }
        }
        return WaitReason.PARKED;
    }

    /** Drops the parking frames on top and the goroutine entry frames at the bottom. */
    static List<StackTraceElement> userFrames(StackTraceElement[] raw) {
        if (raw == null || raw.length == 0) {
            return List.of();
        }
        int from = 0;
        while (from < raw.length && isRuntimeFrame(raw[from].getClassName())) {
            from++;
        }
        int to = raw.length;
        for (int i = raw.length - 1; i >= from; i--) {
            if (raw[i].getClassName().startsWith("dev.goro.internal.sched.GoRuntime")) {
                to = i;
                break;
            }
        }
        if (from >= to) {
            return List.of();
        }
        return Arrays.asList(Arrays.copyOfRange(raw, from, to));
    }

    /**
     * Frames Go would not print (its runtime's: gopark, chanrecv, selectgo, timeSleep, semacquire): the JDK's
     * parking machinery, and goro's scheduler, channel, select, time and semaphore code, which are goro's
     * runtime. Library code above them (dev.goro.sync.Mutex.lock, the profiler) stays, as Go shows sync's.
     */
    private static boolean isRuntimeFrame(String className) {
        return className.startsWith("java.lang.VirtualThread")
                || className.startsWith("dev.goro.internal.sched.")
                || className.startsWith("dev.goro.internal.chan.")
                || className.startsWith("dev.goro.internal.time.")
                || className.startsWith("dev.goro.internal.sync.")
                || className.equals("dev.goro.Chan") || className.startsWith("dev.goro.Chan$")
                || className.equals("dev.goro.Select") || className.startsWith("dev.goro.Select$")
                || className.equals("dev.goro.Time")
                || className.startsWith("jdk.internal.")
                || className.equals("java.util.concurrent.locks.LockSupport")
                || className.equals("java.lang.Thread") // yield, sleep and park helpers
                || className.startsWith("java.lang.System$"); // JDK 25: LockSupport parks through JavaLangAccess
    }

    /** Appends one goroutine in Go's traceback layout. */
    public static void appendTraceback(StringBuilder sb, GoroutineInfo info) {
        sb.append("goroutine ").append(info.id()).append(" [");
        sb.append(info.state() == GoroutineState.WAITING ? info.waitReason() : info.state().goName());
        long minutes = info.waiting().toMinutes();
        if (minutes >= 1) { // Go prints the wait only from one minute on
            sb.append(", ").append(minutes).append(minutes == 1 ? " minute" : " minutes");
        }
        sb.append("]:\n");
        for (StackTraceElement f : info.stack()) {
            sb.append(f.getClassName()).append('.').append(f.getMethodName()).append("(...)\n");
            sb.append('\t').append(location(f)).append('\n');
        }
        StackTraceElement c = info.creationSite();
        if (c != null) {
            sb.append("created by ").append(c.getClassName()).append('.').append(c.getMethodName());
            if (info.parentId() != 0) {
                sb.append(" in goroutine ").append(info.parentId());
            }
            sb.append('\n').append('\t').append(location(c)).append('\n');
        }
    }

    static String location(StackTraceElement f) {
        String file = f.getFileName() != null ? f.getFileName() : f.getClassName();
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }
}
