package dev.goro.pprof;

import dev.goro.internal.pprof.GoroutineDump;
import dev.goro.internal.pprof.GoroutineProfile;
import dev.goro.internal.sched.G;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Goroutine profiles and profiler labels (Go's {@code runtime/pprof}, for goroutines).
 *
 * <h2>Labels</h2>
 * A goroutine carries a set of string labels (Go's {@code pprof.Do}). {@link #doWithLabels} adds labels for
 * the length of a call and puts the previous set back afterwards; a goroutine started meanwhile inherits the
 * set as it stood when it was started, and keeps it. Labels appear in the goroutine profile (each distinct
 * stack and label set is its own sample), in the debug=1 text ({@code # labels: {"k":"v"}}) and in the
 * goroutine dump and {@link dev.goro.GoroutineInfo#labels()}.
 * <pre>{@code
 * Pprof.doWithLabels(Pprof.labels("handler", "checkout"), () -> {
 *     Go.go(() -> audit(order));   // inherits handler=checkout
 *     process(order);
 * });
 * }</pre>
 *
 * <h2>Goroutine profile</h2>
 * {@link #writeGoroutineProfile} writes what {@code pprof.Lookup("goroutine").WriteTo(w, debug)} writes:
 * debug=0 a gzip-compressed profile.proto that {@code go tool pprof} reads, debug=1 the counts per stack as
 * text, debug=2 the full traceback of every goroutine. Java frames appear as {@code pkg.Class.method}, with
 * source paths {@code pkg/File.java} and line numbers; as the JVM exposes no program counters, goro makes up
 * stable ones (function entry + line number). See docs/observability.md for examples.
 */
public final class Pprof {

    private Pprof() {
    }

    /**
     * A label set from key, value pairs (Go's {@code pprof.Labels}); a later pair overrides an earlier one with
     * the same key.
     *
     * @throws IllegalArgumentException with Go's message if the number of arguments is odd
     * @throws NullPointerException if a key or value is null
     */
    public static Map<String, String> labels(String... keyValues) {
        Objects.requireNonNull(keyValues, "keyValues");
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("uneven number of arguments to pprof.Labels");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(Objects.requireNonNull(keyValues[i], "key"), Objects.requireNonNull(keyValues[i + 1], "value"));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Runs {@code body} with {@code labels} added to the calling goroutine's labels (Go's {@code pprof.Do}):
     * a key already present takes the new value; when {@code body} returns or throws, the goroutine's labels
     * are what they were before. Goroutines started inside inherit the labels in force when they start.
     *
     * <p><strong>Blocking:</strong> only as {@code body} blocks.
     *
     * @throws NullPointerException  if {@code labels}, one of its keys or values, or {@code body} is null
     * @throws IllegalStateException if called outside a goroutine (labels belong to goroutines; run the code
     *                               in {@code Go.main} or {@code Go.go})
     */
    public static void doWithLabels(Map<String, String> labels, Runnable body) {
        Objects.requireNonNull(body, "body");
        G g = self(labels);
        Map<String, String> before = g.labels();
        g.setLabels(merge(before, labels));
        try {
            body.run();
        } finally {
            g.setLabels(before);
        }
    }

    /**
     * As {@link #doWithLabels(Map, Runnable)} for a body with a result.
     *
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public static <T> T doWithLabels(Map<String, String> labels, Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        G g = self(labels);
        Map<String, String> before = g.labels();
        g.setLabels(merge(before, labels));
        try {
            return body.call();
        } finally {
            g.setLabels(before);
        }
    }

    /** The calling goroutine's labels (immutable; empty outside a goroutine or when it has none). */
    public static Map<String, String> goroutineLabels() {
        G g = G.current();
        Map<String, String> l = g != null ? g.labels() : null;
        return l != null ? l : Map.of();
    }

    /** The value of label {@code key} on the calling goroutine (Go's {@code pprof.Label}), or null if unset. */
    public static String label(String key) {
        Objects.requireNonNull(key, "key");
        return goroutineLabels().get(key);
    }

    /**
     * Writes the goroutine profile of every live goroutine to {@code out} (Go's
     * {@code pprof.Lookup("goroutine").WriteTo(out, debug)}): debug 0 writes gzip-compressed profile.proto,
     * 1 the legacy text form (counts per distinct stack and label set), 2 or more every goroutine's traceback.
     * Flushes {@code out} and leaves it open.
     *
     * <p><strong>Blocking:</strong> walks the stack of every goroutine on the calling thread without stopping
     * any (each stack is exact, the set is a moment-by-moment picture); output is written in chunks of tens of
     * kilobytes as it is produced, and the call blocks as {@code out} blocks. Memory stays proportional to
     * the number of distinct stacks, not of goroutines.
     *
     * @throws IllegalArgumentException if {@code debug} is negative
     * @throws IOException              if {@code out} fails
     */
    public static void writeGoroutineProfile(OutputStream out, int debug) throws IOException {
        Objects.requireNonNull(out, "out");
        if (debug < 0) {
            throw new IllegalArgumentException("debug must be >= 0, got " + debug);
        }
        if (debug >= 2) {
            GoroutineProfile.writeTracebacks(out);
        } else if (debug == 1) {
            GoroutineProfile.capture().writeText(out);
        } else {
            GoroutineProfile.capture().writeProto(out);
        }
    }

    /**
     * Writes a dump of every live goroutine for a person to read: id, name, state or wait reason with how
     * long it has waited, labels, stack, creation site, parent and start function, then a summary by state
     * and by wait reason. Flushes {@code out} and leaves it open.
     *
     * <p><strong>Blocking:</strong> as {@link #writeGoroutineProfile} with debug 2.
     *
     * @throws IOException if {@code out} fails
     */
    public static void writeGoroutineDump(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        GoroutineDump.write(out);
    }

    private static G self(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        G g = G.current();
        if (g == null) {
            throw new IllegalStateException("pprof labels belong to goroutines: call doWithLabels inside one "
                    + "(Go.main or Go.go)");
        }
        return g;
    }

    /** The labels {@code before} with {@code added} laid over them, as an immutable map (null if empty). */
    private static Map<String, String> merge(Map<String, String> before, Map<String, String> added) {
        Map<String, String> m = before != null ? new HashMap<>(before) : new HashMap<>();
        for (Map.Entry<String, String> e : added.entrySet()) {
            m.put(Objects.requireNonNull(e.getKey(), "label key"), Objects.requireNonNull(e.getValue(), "label value"));
        }
        return m.isEmpty() ? null : Map.copyOf(m);
    }
}
