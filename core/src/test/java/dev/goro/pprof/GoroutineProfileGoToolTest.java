package dev.goro.pprof;

import static dev.goro.pprof.ParkedPopulation.ALPHA;
import static dev.goro.pprof.ParkedPopulation.BETA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debug=0 goroutine profile read back by the real {@code go tool pprof}: 100 goroutines parked in one
 * function with labels pool=alpha, tier=gold, 50 in another without labels. Go's rule (runtime/pprof
 * printCountProfile): one sample per distinct stack and label set, valued with its goroutine count, frames
 * leaf first, labels as string labels.
 */
class GoroutineProfileGoToolTest {
    private static ParkedPopulation population;
    private static Path profile;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void writeProfile() throws Exception {
        population = ParkedPopulation.start(100, 50);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pprof.writeGoroutineProfile(out, 0);
        profile = tmp.resolve("goroutine.pb.gz");
        Files.write(profile, out.toByteArray());
    }

    @AfterAll
    static void release() {
        population.close();
    }

    /** One sample of {@code go tool pprof -raw}: count, function names leaf first, labels. */
    private record RawSample(long count, List<String> functions, List<String> files, String labels) {
    }

    @Test
    void profile_knownPopulation_goToolPprofRawHasOneSamplePerStackWithCountsAndLabels() throws Exception {
        String raw = GoTool.pprof(GoTool.require(), tmp, "-raw", profile.toString());
        assertTrue(raw.contains("PeriodType: goroutine count"), raw);
        assertTrue(raw.contains("\ngoroutine/count\n"), raw);

        List<RawSample> samples = parseRaw(raw);
        RawSample alpha = only(samples, ALPHA);
        RawSample beta = only(samples, BETA);
        assertEquals(100, alpha.count());
        assertEquals(50, beta.count());
        assertEquals("pool:[alpha] tier:[gold]", alpha.labels());
        assertEquals("", beta.labels());

        // Leaf first: the latch wait sits above the parking function, the goroutine's lambda below it.
        int await = alpha.functions().indexOf("java.util.concurrent.CountDownLatch.await");
        int park = alpha.functions().indexOf(ALPHA);
        assertTrue(await >= 0 && await < park, alpha.functions().toString());
        assertTrue(alpha.functions().get(park + 1).startsWith(ParkedPopulation.class.getName() + ".lambda$"),
                alpha.functions().toString());
        // File names and line numbers: the source path of the class and the line the goroutine parked at.
        assertEquals("dev/goro/pprof/ParkedPopulation.java:" + lineOf("parkedInAlpha"), alpha.files().get(park));
    }

    @Test
    void profile_knownPopulation_goToolPprofTracesShowsEachStackWithItsLabels() throws Exception {
        String traces = GoTool.pprof(GoTool.require(), tmp, "-traces", profile.toString());
        assertTrue(traces.contains("Type: goroutine"), traces);
        Map<String, String> alphaLabels = null;
        boolean sawAlpha = false, sawBeta = false;
        for (String block : traces.split("-----------\\+-+\n")) {
            List<String> frames = new ArrayList<>();
            Map<String, String> labels = new LinkedHashMap<>();
            long count = -1;
            for (String line : block.split("\n")) {
                Matcher first = Pattern.compile("^\\s+(\\d+)\\s+(\\S+)$").matcher(line);
                Matcher label = Pattern.compile("^\\s+(\\S+):\\s+(.+)$").matcher(line);
                if (count < 0 && first.matches()) {
                    count = Long.parseLong(first.group(1));
                    frames.add(first.group(2));
                } else if (count >= 0 && line.matches("^\\s+\\S+$")) {
                    frames.add(line.trim());
                } else if (count < 0 && label.matches()) {
                    labels.put(label.group(1), label.group(2).trim());
                }
            }
            if (frames.contains(ALPHA)) {
                assertEquals(100, count, block);
                alphaLabels = labels;
                sawAlpha = true;
            } else if (frames.contains(BETA)) {
                assertEquals(50, count, block);
                assertTrue(labels.isEmpty(), block);
                sawBeta = true;
            }
        }
        assertTrue(sawAlpha && sawBeta, traces);
        assertEquals(Map.of("pool", "alpha", "tier", "gold"), alphaLabels);
    }

    @Test
    void profile_tagFocusOnLabel_goToolPprofTopKeepsOnlyLabelledGoroutines() throws Exception {
        String top = GoTool.pprof(GoTool.require(), tmp, "-top", "-tagfocus=pool=alpha", profile.toString());
        Matcher m = Pattern.compile("Showing nodes accounting for (\\d+), [\\d.]+% of (\\d+) total").matcher(top);
        assertTrue(m.find(), top);
        assertEquals("100", m.group(1), top);
        assertTrue(top.contains(ALPHA), top);
        assertTrue(!top.contains(BETA), top);
    }

    /** Parses the Samples and Locations sections of {@code pprof -raw}. */
    private static List<RawSample> parseRaw(String raw) {
        Map<Long, List<String[]>> locations = new HashMap<>(); // id -> (function, file:line) lines
        Matcher loc = Pattern.compile("(?m)^\\s+(\\d+): 0x[0-9a-f]+ M=1 (\\S+) (\\S+) s=0$").matcher(raw);
        while (loc.find()) {
            locations.computeIfAbsent(Long.parseLong(loc.group(1)), k -> new ArrayList<>())
                    .add(new String[] {loc.group(2), loc.group(3)});
        }
        String samplesSection = raw.substring(raw.indexOf("Samples:"), raw.indexOf("Locations"));
        List<RawSample> out = new ArrayList<>();
        String[] lines = samplesSection.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher s = Pattern.compile("^\\s+(\\d+): ([\\d ]+)$").matcher(lines[i]);
            if (!s.matches()) {
                continue;
            }
            List<String> fns = new ArrayList<>(), files = new ArrayList<>();
            for (String id : s.group(2).trim().split(" ")) {
                List<String[]> l = locations.get(Long.parseLong(id));
                assertNotNull(l, "location " + id + " missing in\n" + raw);
                for (String[] f : l) {
                    fns.add(f[0]);
                    files.add(f[1]);
                }
            }
            String labels = i + 1 < lines.length && lines[i + 1].matches("^\\s+\\S+:\\[.*$") ? lines[i + 1].trim() : "";
            out.add(new RawSample(Long.parseLong(s.group(1)), fns, files, labels));
        }
        return out;
    }

    private static RawSample only(List<RawSample> samples, String function) {
        List<RawSample> found = samples.stream().filter(s -> s.functions().contains(function)).toList();
        assertEquals(1, found.size(), () -> "samples with " + function + ": " + found);
        return found.get(0);
    }

    /** The line in ParkedPopulation where {@code method} parks (its call to await). */
    static int lineOf(String method) {
        for (var info : dev.goro.Runtime.goroutinesWithStacks()) {
            for (StackTraceElement f : info.stack()) {
                if (f.getClassName().equals(ParkedPopulation.class.getName()) && f.getMethodName().equals(method)) {
                    return f.getLineNumber();
                }
            }
        }
        throw new AssertionError("no goroutine in " + method);
    }
}
