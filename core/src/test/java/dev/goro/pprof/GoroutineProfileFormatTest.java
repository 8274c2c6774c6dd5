package dev.goro.pprof;

import static dev.goro.pprof.ParkedPopulation.ALPHA;
import static dev.goro.pprof.ParkedPopulation.BETA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three forms of the goroutine profile checked line by line against Go's format rules (runtime/pprof
 * pprof.go printCountProfile and printStackRecord for debug=1, runtime.Stack for debug=2, proto.go for
 * debug=0), on a known population: 100 goroutines parked in one function with labels, 50 in another.
 */
class GoroutineProfileFormatTest {
    private static final Pattern HEADER = Pattern.compile("goroutine profile: total (\\d+)");
    private static final Pattern COUNT_LINE = Pattern.compile("(\\d+) @((?: 0x[0-9a-f]+)+)");
    private static final Pattern LABELS_LINE =
            Pattern.compile("# labels: \\{\"[^\"]*\":\"[^\"]*\"(?:, \"[^\"]*\":\"[^\"]*\")*\\}");
    private static final Pattern FRAME_LINE =
            Pattern.compile("#\\t(0x[0-9a-f]+)\\t+(\\S+)\\+0x([0-9a-f]+)\\t+(\\S+):(\\d+)");
    private static final Pattern TRACEBACK_HEADER = Pattern.compile("goroutine (\\d+) \\[([^\\]]+)\\]:");

    private static ParkedPopulation population;

    @BeforeAll
    static void start() throws Exception {
        population = ParkedPopulation.start(100, 50);
    }

    @AfterAll
    static void release() {
        population.close();
    }

    private static String profile(int debug) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pprof.writeGoroutineProfile(out, debug);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void debug1_knownPopulation_followsGoLayoutLineByLine() throws Exception {
        String text = profile(1);
        assertTrue(text.endsWith("\n\n"), "each record ends with a blank line");
        String[] lines = text.split("\n", -1);
        Matcher h = HEADER.matcher(lines[0]);
        assertTrue(h.matches(), lines[0]);
        int total = Integer.parseInt(h.group(1));

        int sum = 0, prevCount = Integer.MAX_VALUE, i = 1;
        String prevKey = "";
        boolean sawAlpha = false, sawBeta = false;
        while (i < lines.length - 1) {
            Matcher c = COUNT_LINE.matcher(lines[i]);
            assertTrue(c.matches(), "count line: " + lines[i]);
            int count = Integer.parseInt(c.group(1));
            String[] pcs = c.group(2).trim().split(" ");
            String key = lines[i].substring(lines[i].indexOf('@'));
            i++;
            String labels = null;
            if (lines[i].startsWith("# labels: ")) {
                assertTrue(LABELS_LINE.matcher(lines[i]).matches(), lines[i]);
                labels = lines[i];
                key += "\n" + lines[i];
                i++;
            }
            // Go's keysByCount: count descending, then the key text ascending.
            assertTrue(count < prevCount || count == prevCount && key.compareTo(prevKey) > 0,
                    "order: " + count + " " + key + " after " + prevCount + " " + prevKey);
            prevCount = count;
            prevKey = key;

            List<String> block = new ArrayList<>();
            List<String> functions = new ArrayList<>();
            for (String pc : pcs) {
                Matcher f = FRAME_LINE.matcher(lines[i]);
                assertTrue(f.matches(), "frame line: " + lines[i]);
                assertEquals(pc, f.group(1), "the # lines list the @ line's PCs in order");
                assertEquals(Integer.parseInt(f.group(5)), Integer.parseInt(f.group(3), 16),
                        "goro's synthetic PC is the function entry plus the line number");
                functions.add(f.group(2));
                block.add(lines[i]);
                i++;
            }
            assertTabwriterAligned(block);
            assertEquals("", lines[i], "blank line after a record");
            i++;

            if (functions.contains(ALPHA)) {
                assertEquals(100, count);
                assertEquals("# labels: {\"pool\":\"alpha\", \"tier\":\"gold\"}", labels);
                sawAlpha = true;
            } else if (functions.contains(BETA)) {
                assertEquals(50, count);
                assertEquals(null, labels);
                sawBeta = true;
            }
            sum += count;
        }
        assertEquals(total, sum, "total is the number of goroutines counted");
        assertTrue(sawAlpha && sawBeta, text);
    }

    /**
     * text/tabwriter with tabwidth 8 and padding 1: with tabs expanded, every line of a block starts each column
     * at the same offset, a multiple of 8 at least one past the widest cell of the column before.
     */
    private static void assertTabwriterAligned(List<String> block) {
        int cols = 3;
        int[] start = null;
        int[] widest = new int[cols];
        for (String line : block) {
            String[] cells = line.split("\t+");
            int[] s = new int[cols + 1];
            int col = 0, x = 0;
            for (int k = 0; k < line.length(); k++) {
                char ch = line.charAt(k);
                if (ch == '\t') {
                    x = (x / 8 + 1) * 8;
                    if (line.charAt(k + 1) != '\t') {
                        s[++col] = x;
                    }
                } else {
                    x++;
                }
            }
            assertEquals(cols, col, line);
            if (start == null) {
                start = s;
            }
            for (int c = 0; c <= cols; c++) {
                assertEquals(start[c], s[c], "column " + c + " of " + line);
            }
            for (int c = 0; c < cols; c++) {
                widest[c] = Math.max(widest[c], cells[c].codePointCount(0, cells[c].length()));
            }
        }
        for (int c = 0; c < cols; c++) {
            int expected = start[c] + ((widest[c] + 1 + 7) / 8) * 8;
            assertEquals(expected, start[c + 1], "width of column " + c);
        }
    }

    @Test
    void debug2_knownPopulation_isGoTracebackOfEveryGoroutine() throws Exception {
        String text = profile(2);
        assertTrue(text.endsWith("\n") && !text.endsWith("\n\n"), "no blank line after the last goroutine");
        long prevId = 0;
        int alpha = 0, beta = 0;
        for (String block : text.substring(0, text.length() - 1).split("\n\n")) {
            String[] lines = block.split("\n");
            Matcher h = TRACEBACK_HEADER.matcher(lines[0]);
            assertTrue(h.matches(), lines[0]);
            long id = Long.parseLong(h.group(1));
            assertTrue(id > prevId, "goroutines by id");
            prevId = id;
            int k = 1;
            while (k < lines.length && !lines[k].startsWith("created by ")) {
                assertTrue(lines[k].matches("\\S+\\(\\.\\.\\.\\)"), "function line: " + lines[k]);
                assertTrue(lines[k + 1].matches("\\t\\S+(:\\d+)?"), "location line: " + lines[k + 1]);
                k += 2;
            }
            if (k < lines.length) {
                assertTrue(lines[k].matches("created by \\S+( in goroutine \\d+)?"), lines[k]);
                assertTrue(lines[k + 1].matches("\\t\\S+(:\\d+)?"), lines[k + 1]);
                assertEquals(lines.length, k + 2, "nothing after the creation site: " + block);
            }
            if (block.contains(ALPHA + "(...)")) {
                alpha++;
                assertEquals("park", h.group(2), "a goroutine parked in java.util.concurrent");
                assertTrue(block.contains("\tParkedPopulation.java:" + GoroutineProfileGoToolTest.lineOf("parkedInAlpha")
                        + "\n"), block);
                assertTrue(lines[lines.length - 2].matches("created by dev\\.goro\\.pprof\\.ParkedPopulation\\.\\S+ "
                        + "in goroutine \\d+"), block);
            } else if (block.contains(BETA + "(...)")) {
                beta++;
            }
        }
        assertEquals(100, alpha);
        assertEquals(50, beta);
    }

    @Test
    void debug0_knownPopulation_decodesToGoroutineCountProfile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pprof.writeGoroutineProfile(out, 0);
        byte[] bytes = out.toByteArray();
        assertEquals(0x1f, bytes[0] & 0xff, "gzip magic");
        assertEquals(0x8b, bytes[1] & 0xff, "gzip magic");
        DecodedProfile p = DecodedProfile.parse(bytes);

        assertEquals("", p.strings.get(0), "string_table[0] must be empty");
        assertEquals(1, p.sampleTypes.size());
        assertEquals("goroutine", p.string(p.sampleTypes.get(0).type()));
        assertEquals("count", p.string(p.sampleTypes.get(0).unit()));
        assertNotNull(p.periodType);
        assertEquals("goroutine", p.string(p.periodType.type()));
        assertEquals(1, p.period);
        assertTrue(p.timeNanos > 0);

        assertEquals(1, p.mappings.size());
        DecodedProfile.Mapping m = p.mappings.get(0);
        assertTrue(m.hasFunctions() && m.hasFilenames() && m.hasLineNumbers(), "pprof must not symbolize");
        for (DecodedProfile.Location l : p.locations.values()) {
            assertEquals(m.id(), l.mappingId());
            assertTrue(l.address() >= m.start() && l.address() < m.limit(), "address inside the mapping");
            assertEquals(1, l.lines().size(), "Java frames are not inlined into each other");
            assertNotNull(p.functions.get(l.lines().get(0).functionId()));
        }
        for (DecodedProfile.Function f : p.functions.values()) {
            assertEquals(f.name(), f.systemName());
            assertTrue(p.string(f.filename()).endsWith(".java") || !p.string(f.filename()).isEmpty());
        }

        Set<String> distinct = new HashSet<>();
        DecodedProfile.Sample alpha = null, beta = null;
        for (DecodedProfile.Sample s : p.samples) {
            assertEquals(1, s.values().size(), "one value: the goroutine count");
            assertTrue(distinct.add(s.locationIds() + " " + s.labels()), "one sample per stack and label set");
            List<String> fns = p.functionNames(s);
            if (fns.contains(ALPHA)) {
                alpha = s;
            } else if (fns.contains(BETA)) {
                beta = s;
            }
        }
        assertNotNull(alpha);
        assertNotNull(beta);
        assertEquals(List.of(100L), alpha.values());
        assertEquals(Map.of("pool", "alpha", "tier", "gold"), alpha.labels());
        assertEquals(List.of(50L), beta.values());
        assertTrue(beta.labels().isEmpty());
        String leafFile = p.string(p.functions.get(p.locations.get(alpha.locationIds().get(
                p.functionNames(alpha).indexOf(ALPHA))).lines().get(0).functionId()).filename());
        assertEquals("dev/goro/pprof/ParkedPopulation.java", leafFile);
    }

    @Test
    void debug0_sameFramesInTwoProfiles_getTheSameAddresses() throws Exception {
        String a = profile(1), b = profile(1);
        String alphaA = a.lines().filter(l -> l.contains(ALPHA + "+")).findFirst().orElseThrow();
        String alphaB = b.lines().filter(l -> l.contains(ALPHA + "+")).findFirst().orElseThrow();
        assertEquals(alphaA, alphaB, "synthetic PCs are stable within a process, as Go's are");
    }

    @Test
    void writeGoroutineProfile_negativeDebug_throwsAndWritesNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pprof.writeGoroutineProfile(out, -1));
        assertEquals("debug must be >= 0, got -1", e.getMessage());
        assertEquals(0, out.size());
        assertThrows(NullPointerException.class, () -> Pprof.writeGoroutineProfile(null, 0));
    }

    @Test
    void writeGoroutineDump_knownPopulation_showsNamesLabelsStacksCreationSitesAndSummary() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pprof.writeGoroutineDump(out);
        String text = out.toString(StandardCharsets.UTF_8);
        String[] blocks = text.split("\n\n");
        assertTrue(blocks[0].matches("goro goroutine dump at \\S+, scheduler (gmp|jdk), GOMAXPROCS \\d+"), blocks[0]);
        int goroutines = 0, alpha = 0;
        for (int b = 1; b < blocks.length - 1; b++) {
            String[] lines = blocks[b].split("\n");
            assertTrue(lines[0].matches("goroutine \\d+( \"[^\"]*\")? \\[[^\\]]+\\]:"), lines[0]);
            assertTrue(lines[lines.length - 1].startsWith("\tstart function: "), blocks[b]);
            for (int k = 1; k < lines.length; k++) {
                assertTrue(lines[k].startsWith("\t"), lines[k]);
            }
            goroutines++;
            if (blocks[b].contains(ALPHA + "(")) {
                alpha++;
                assertEquals("\tlabels: {\"pool\":\"alpha\", \"tier\":\"gold\"}", lines[1]);
                assertTrue(blocks[b].contains("\n\tcreated by dev.goro.pprof.ParkedPopulation.lambda$"), blocks[b]);
            }
        }
        assertEquals(100, alpha);
        String summary = blocks[blocks.length - 1];
        Matcher s = Pattern.compile("(\\d+) goroutines?: .*\nwaiting on: .*park \\d+.*\n").matcher(summary);
        assertTrue(s.matches(), summary);
        assertEquals(goroutines, Integer.parseInt(s.group(1)));
        assertFalse(text.contains("\n\n\n"));
    }
}
