package dev.goro.internal.pprof;

import dev.goro.GoroutineInfo;
import dev.goro.internal.sched.Tracebacks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The goroutine profile (Go's {@code pprof.Lookup("goroutine")}): every live goroutine's stack, counted per
 * distinct stack and label set, written as Go writes it.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>debug=0, {@link #writeProto}: pprof's profile.proto, gzip-compressed, for {@code go tool pprof}. Sample
 *       type and period type {@code goroutine/count}, period 1, one Sample per distinct (stack, labels) with
 *       the count as its value and the labels as string Labels; one Location per distinct frame, one Function
 *       per method ({@code pkg.Class.method}, its source path as {@code pkg/File.java}), one Mapping that
 *       says functions, file names and line numbers are all present, so pprof never tries to symbolize.</li>
 *   <li>debug=1, {@link #writeText}: {@code goroutine profile: total N}, then per distinct stack, most frequent
 *       first (ties: by the text of the key, as Go sorts), {@code N @ pc pc...}, an optional
 *       {@code # labels: {"k":"v", ...}} line, one {@code #\tpc\tfunc+off\tfile:line} line per frame aligned the
 *       way Go's text/tabwriter aligns them, and a blank line.</li>
 *   <li>debug=2, {@link #writeTracebacks}: Go's traceback of every goroutine, separated by blank lines
 *       ({@code runtime.Stack(buf, true)}).</li>
 * </ul>
 * Java has no program counters: {@link Symtab} makes up stable ones. Runtime frames at the top of a stack are
 * already gone (see {@link Tracebacks}), so the {@code @} line and the {@code #} lines list the same frames;
 * a goroutine that has not started yet has no stack and is shown at its start function, as Go shows a new
 * goroutine at its entry.
 *
 * <h2>Memory</h2>
 * Goroutines are visited one at a time ({@link Tracebacks#forEach}); the profile keeps one stack per
 * distinct (stack, labels) pair and a counter, so a million goroutines parked in a few places cost a few
 * stacks, plus the registry's list of a million references while it walks them. Writers stream their output
 * through small buffers.
 *
 * <p>Not thread-safe; a profile is built and written by one thread.
 */
public final class GoroutineProfile {
    // profile.proto field numbers (github.com/google/pprof/proto/profile.proto).
    private static final int PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_MAPPING = 3,
            PROFILE_LOCATION = 4, PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6, PROFILE_TIME_NANOS = 9,
            PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12;
    private static final int VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3;
    private static final int LABEL_KEY = 1, LABEL_STR = 2;
    private static final int MAPPING_ID = 1, MAPPING_START = 2, MAPPING_LIMIT = 3, MAPPING_FILENAME = 5,
            MAPPING_HAS_FUNCTIONS = 7, MAPPING_HAS_FILENAMES = 8, MAPPING_HAS_LINE_NUMBERS = 9;
    private static final int LOCATION_ID = 1, LOCATION_MAPPING_ID = 2, LOCATION_ADDRESS = 3, LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1, LINE_LINE = 2;
    private static final int FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4;

    /** Bytes of output gathered before a write: big enough to amortize a write, small next to any heap. */
    static final int CHUNK = 32 * 1024;

    /** text/tabwriter settings of Go's printCountProfile: minwidth 1, tabwidth 8, padding 1, padchar tab. */
    private static final int TAB_MINWIDTH = 1, TAB_WIDTH = 8, TAB_PADDING = 1;

    private final HashMap<Key, int[]> counts = new HashMap<>();
    private int total;

    private GoroutineProfile() {
    }

    /** One distinct stack and label set. */
    private record Key(List<StackTraceElement> stack, Map<String, String> labels) {
    }

    /** A frame as the profile prints it. */
    private record Frame(Symtab.Func func, long entry, long pc, int line) {
    }

    /** A distinct stack with its count and Go's sort key ({@code @ 0x.. 0x..} plus the labels line). */
    private record Entry(List<Frame> frames, Map<String, String> labels, int count, String key) {
    }

    /** Captures every live goroutine's stack now. Any thread; costs a stack walk per goroutine. */
    public static GoroutineProfile capture() {
        GoroutineProfile p = new GoroutineProfile();
        Tracebacks.forEach(true, p::add);
        return p;
    }

    /** Number of goroutines in the profile. */
    public int total() {
        return total;
    }

    private void add(GoroutineInfo info) {
        List<StackTraceElement> stack = info.stack().isEmpty() ? List.of(startFrame(info)) : info.stack();
        counts.computeIfAbsent(new Key(stack, info.labels()), k -> new int[1])[0]++;
        total++;
    }

    /** A goroutine that has not run yet sits at its start function ({@code com.example.Main.lambda}). */
    private static StackTraceElement startFrame(GoroutineInfo info) {
        String fn = info.startFunction();
        int dot = fn.lastIndexOf('.');
        String cls = dot > 0 ? fn.substring(0, dot) : fn;
        String method = dot > 0 ? fn.substring(dot + 1) : "run";
        StackTraceElement c = info.creationSite();
        String file = c != null && c.getClassName().equals(cls) ? c.getFileName() : null;
        return new StackTraceElement(cls, method, file, -1);
    }

    /** The distinct stacks, most frequent first, ties broken by key text: the order of Go's keysByCount. */
    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>(counts.size());
        StringBuilder sb = new StringBuilder(256);
        for (Map.Entry<Key, int[]> e : counts.entrySet()) {
            List<Frame> frames = new ArrayList<>(e.getKey().stack().size());
            sb.setLength(0);
            sb.append('@');
            for (StackTraceElement f : e.getKey().stack()) {
                Symtab.Func func = new Symtab.Func(f.getClassName() + "." + f.getMethodName(), sourcePath(f));
                long entry = Symtab.entry(func);
                int line = Math.max(f.getLineNumber(), 0);
                Frame frame = new Frame(func, entry, Symtab.pc(entry, line), line);
                frames.add(frame);
                sb.append(" 0x").append(Long.toHexString(frame.pc));
            }
            Map<String, String> labels = new TreeMap<>(e.getKey().labels());
            if (!labels.isEmpty()) {
                sb.append("\n# labels: ");
                appendLabels(sb, labels);
            }
            out.add(new Entry(frames, labels, e.getValue()[0], sb.toString()));
        }
        out.sort((a, b) -> a.count != b.count ? Integer.compare(b.count, a.count) : a.key.compareTo(b.key));
        return out;
    }

    /** Go's labelMap.String: {@code {"k1":"v1", "k2":"v2"}}, the quoted pairs sorted. */
    static void appendLabels(StringBuilder sb, Map<String, String> labels) {
        List<String> pairs = new ArrayList<>(labels.size());
        StringBuilder p = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            p.setLength(0);
            GoQuote.quote(p, e.getKey());
            p.append(':');
            GoQuote.quote(p, e.getValue());
            pairs.add(p.toString());
        }
        pairs.sort(null);
        sb.append('{').append(String.join(", ", pairs)).append('}');
    }

    /** {@code com/example/Worker.java}: the source path relative to a source root, as pprof -list wants it. */
    static String sourcePath(StackTraceElement f) {
        String cls = f.getClassName();
        int dot = cls.lastIndexOf('.');
        String file = f.getFileName() != null ? f.getFileName() : cls.substring(dot + 1);
        return dot > 0 ? cls.substring(0, dot).replace('.', '/') + "/" + file : file;
    }

    /** debug=1: Go's legacy text form. Writes to {@code out} and flushes it; does not close it. */
    public void writeText(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CHUNK);
        w.write("goroutine profile: total " + total + "\n");
        StringBuilder sb = new StringBuilder(1024);
        List<String[]> rows = new ArrayList<>();
        for (Entry e : entries()) {
            sb.setLength(0);
            sb.append(e.count).append(' ').append(e.key).append('\n');
            rows.clear();
            for (Frame f : e.frames) {
                rows.add(new String[] {"#", "0x" + Long.toHexString(f.pc),
                        f.func.name() + "+0x" + Long.toHexString(f.pc - f.entry), f.func.file() + ":" + f.line});
            }
            appendAligned(sb, rows);
            sb.append('\n');
            w.append(sb);
        }
        w.flush();
    }

    /**
     * Appends one block of tab-separated lines as Go's text/tabwriter prints it with printCountProfile's
     * settings: every cell but a line's last is a column; a column is as wide as its widest cell plus the
     * padding, rounded up to a multiple of the tab width, and filled with tabs.
     */
    static void appendAligned(StringBuilder sb, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int cols = rows.get(0).length - 1;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], Math.max(TAB_MINWIDTH, runes(r[c]) + TAB_PADDING));
            }
        }
        for (int c = 0; c < cols; c++) {
            width[c] = (width[c] + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
        }
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                sb.append(r[c]);
                int tabs = (width[c] - runes(r[c]) + TAB_WIDTH - 1) / TAB_WIDTH;
                for (int t = 0; t < tabs; t++) {
                    sb.append('\t');
                }
            }
            sb.append(r[cols]).append('\n');
        }
    }

    private static int runes(String s) {
        return s.codePointCount(0, s.length());
    }

    /** debug=0: profile.proto, gzip-compressed. Writes to {@code out} and flushes it; does not close it. */
    public void writeProto(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, CHUNK) {
            {
                def.setLevel(Deflater.BEST_SPEED); // as Go's profile writer: profiles are written often, read rarely
            }
        };
        StringTable strings = new StringTable();
        ProtoBuf top = new ProtoBuf(), msg = new ProtoBuf(), sub = new ProtoBuf();

        valueType(top, msg, PROFILE_SAMPLE_TYPE, strings);
        HashMap<Long, Long> locations = new HashMap<>();
        HashMap<Long, Long> functions = new HashMap<>();
        long[] locIds = new long[16];
        long[] value = new long[1];
        for (Entry e : entries()) {
            if (locIds.length < e.frames.size()) {
                locIds = new long[e.frames.size() * 2];
            }
            int n = 0;
            for (Frame f : e.frames) {
                Long loc = locations.get(f.pc);
                if (loc == null) {
                    loc = locations.size() + 1L;
                    locations.put(f.pc, loc);
                    Long fn = functions.get(f.entry);
                    if (fn == null) {
                        fn = functions.size() + 1L;
                        functions.put(f.entry, fn);
                        msg.reset();
                        msg.varintFieldOpt(FUNCTION_ID, fn);
                        msg.varintFieldOpt(FUNCTION_NAME, strings.index(f.func.name()));
                        msg.varintFieldOpt(FUNCTION_SYSTEM_NAME, strings.index(f.func.name()));
                        msg.varintFieldOpt(FUNCTION_FILENAME, strings.index(f.func.file()));
                        top.message(PROFILE_FUNCTION, msg);
                    }
                    msg.reset();
                    msg.varintFieldOpt(LOCATION_ID, loc);
                    msg.varintFieldOpt(LOCATION_MAPPING_ID, 1);
                    msg.varintFieldOpt(LOCATION_ADDRESS, f.pc);
                    sub.reset();
                    sub.varintFieldOpt(LINE_FUNCTION_ID, fn);
                    sub.varintFieldOpt(LINE_LINE, f.line);
                    msg.message(LOCATION_LINE, sub);
                    top.message(PROFILE_LOCATION, msg);
                }
                locIds[n++] = loc;
            }
            msg.reset();
            msg.packedField(SAMPLE_LOCATION_ID, locIds, n);
            value[0] = e.count;
            msg.packedField(SAMPLE_VALUE, value, 1);
            for (Map.Entry<String, String> l : e.labels.entrySet()) {
                sub.reset();
                sub.varintFieldOpt(LABEL_KEY, strings.index(l.getKey()));
                sub.varintFieldOpt(LABEL_STR, strings.index(l.getValue()));
                msg.message(SAMPLE_LABEL, sub);
            }
            top.message(PROFILE_SAMPLE, msg);
            if (top.size() >= CHUNK) {
                top.writeTo(gz);
                top.reset();
            }
        }

        msg.reset();
        msg.varintFieldOpt(MAPPING_ID, 1);
        msg.varintFieldOpt(MAPPING_START, Symtab.TEXT_START);
        msg.varintFieldOpt(MAPPING_LIMIT, Math.max(Symtab.limit(), Symtab.TEXT_START + Symtab.FUNC_SPAN));
        msg.varintFieldOpt(MAPPING_FILENAME, strings.index(mainName()));
        msg.varintField(MAPPING_HAS_FUNCTIONS, 1);
        msg.varintField(MAPPING_HAS_FILENAMES, 1);
        msg.varintField(MAPPING_HAS_LINE_NUMBERS, 1);
        top.message(PROFILE_MAPPING, msg);
        Instant now = Instant.now(); // wall-clock time of the profile, as Go records it (not a timer reading)
        top.varintFieldOpt(PROFILE_TIME_NANOS, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        valueType(top, msg, PROFILE_PERIOD_TYPE, strings);
        top.varintFieldOpt(PROFILE_PERIOD, 1);
        for (String s : strings.list) { // index order; entry 0 is "", as profile.proto requires
            top.stringField(PROFILE_STRING_TABLE, s);
            if (top.size() >= CHUNK) {
                top.writeTo(gz);
                top.reset();
            }
        }
        top.writeTo(gz);
        gz.finish();
        out.flush();
    }

    /** A {@code goroutine/count} ValueType as field {@code field} of the Profile. */
    private static void valueType(ProtoBuf top, ProtoBuf msg, int field, StringTable strings) {
        msg.reset();
        msg.varintFieldOpt(VALUE_TYPE_TYPE, strings.index("goroutine"));
        msg.varintFieldOpt(VALUE_TYPE_UNIT, strings.index("count"));
        top.message(field, msg);
    }

    /**
     * What the mapping is named after, shown by pprof as {@code File:}: the program's main class or jar as
     * the {@code java} launcher was given it, else "java".
     */
    static String mainName() {
        String cmd = System.getProperty("sun.java.command", "").trim();
        int space = cmd.indexOf(' ');
        String first = space >= 0 ? cmd.substring(0, space) : cmd;
        int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
        first = first.substring(slash + 1);
        return first.isEmpty() ? "java" : first;
    }

    /** debug=2: every goroutine's traceback, as Go's {@code runtime.Stack(buf, true)}. Flushes, does not close. */
    public static void writeTracebacks(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(CHUNK + 4096);
        boolean[] first = {true};
        try {
            Tracebacks.forEach(true, info -> {
                if (!first[0]) {
                    sb.append('\n');
                }
                first[0] = false;
                Tracebacks.appendTraceback(sb, info);
                if (sb.length() >= CHUNK) {
                    drain(w, sb);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        drain(w, sb);
        w.flush();
    }

    /** Writes and empties {@code sb}; an IOException travels out of a forEach callback unchecked. */
    static void drain(Writer w, StringBuilder sb) {
        try {
            w.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.setLength(0);
    }

    /** profile.proto's string table: index 0 is the empty string; each string is stored once. */
    private static final class StringTable {
        final List<String> list = new ArrayList<>();
        final HashMap<String, Integer> index = new HashMap<>();

        StringTable() {
            index("");
        }

        int index(String s) {
            Integer i = index.get(s);
            if (i == null) {
                i = list.size();
                list.add(s);
                index.put(s, i);
            }
            return i;
        }
    }
}
