package dev.goro.internal.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The small pieces of Go's text formats the profiles are built from, pinned against real Go output. */
class GoFormatTest {

    /**
     * A block printed by Go 1.19's {@code pprof.Lookup("goroutine").WriteTo(w, 1)} (text/tabwriter, minwidth 1,
     * tabwidth 8, padding 1, padchar tab), copied byte for byte but for the program's own path, which sits in the
     * last column (never aligned): re-aligning its cells must give it back.
     */
    private static final String GO_BLOCK = ""
            + "#\t0x45c7e4\truntime/pprof.runtime_goroutineProfileWithLabels+0x24\t/usr/lib/go-1.19/src/runtime/mprof.go:846\n"
            + "#\t0x4ab0b4\truntime/pprof.writeRuntimeProfile+0xb4\t\t\t/usr/lib/go-1.19/src/runtime/pprof/pprof.go:723\n"
            + "#\t0x4aaecc\truntime/pprof.writeGoroutine+0x4c\t\t\t/usr/lib/go-1.19/src/runtime/pprof/pprof.go:683\n"
            + "#\t0x4a7e2a\truntime/pprof.(*Profile).WriteTo+0x14a\t\t\t/usr/lib/go-1.19/src/runtime/pprof/pprof.go:330\n"
            + "#\t0x4b4ec6\tmain.main+0x2c6\t\t\t\t\t\t/src/demo/main.go:21\n"
            + "#\t0x437191\truntime.main+0x211\t\t\t\t\t/usr/lib/go-1.19/src/runtime/proc.go:250\n";

    @Test
    void appendAligned_cellsOfARealGoBlock_reproducesGoTabwriterByteForByte() {
        List<String[]> rows = new ArrayList<>();
        for (String line : GO_BLOCK.split("\n")) {
            rows.add(line.split("\t+"));
        }
        StringBuilder sb = new StringBuilder();
        GoroutineProfile.appendAligned(sb, rows);
        assertEquals(GO_BLOCK, sb.toString());
    }

    @Test
    void appendAligned_cellWidthInRunesNotChars_alignsLikeGo() {
        // "é" and the emoji are one rune each: Go's tabwriter counts runes (the emoji is two Java chars).
        List<String[]> rows = List.of(new String[] {"#", "a\uD83D\uDE00bcdef", "x"}, new String[] {"#", "abcdéf", "y"});
        StringBuilder sb = new StringBuilder();
        GoroutineProfile.appendAligned(sb, rows);
        assertEquals("#\ta\uD83D\uDE00bcdef\tx\n#\tabcdéf\ty\n", sb.toString());
    }

    @Test
    void quote_specialAndNonPrintableCharacters_matchesGoStrconvQuote() {
        // Go 1.19: strconv.Quote("a\"b\\c\n\t\x01é😀\u00a0\u200b\x7f\a\v")
        StringBuilder sb = new StringBuilder();
        GoQuote.quote(sb, "a\"b\\c\n\t\u0001é\uD83D\uDE00\u00a0\u200b\u007f\u0007\u000b");
        assertEquals("\"a\\\"b\\\\c\\n\\t\\x01é\uD83D\uDE00\\u00a0\\u200b\\x7f\\a\\v\"", sb.toString());
    }

    @Test
    void appendLabels_severalLabels_sortedQuotedPairsLikeGoLabelMapString() {
        Map<String, String> labels = new TreeMap<>(Map.of("zone", "x", "worker", "a", "q\"k", "v"));
        StringBuilder sb = new StringBuilder();
        GoroutineProfile.appendLabels(sb, labels);
        assertEquals("{\"q\\\"k\":\"v\", \"worker\":\"a\", \"zone\":\"x\"}", sb.toString());
    }

    @Test
    void appendDuration_variousDurations_printsGoDurationStringTruncatedToMillis() {
        assertEquals("0s", duration(Duration.ZERO));
        assertEquals("0s", duration(Duration.ofNanos(999_999)));
        assertEquals("350ms", duration(Duration.ofMillis(350)));
        assertEquals("1s", duration(Duration.ofSeconds(1)));
        assertEquals("1.25s", duration(Duration.ofMillis(1250)));
        assertEquals("2m3.5s", duration(Duration.ofMillis(123_500)));
        assertEquals("1h0m0s", duration(Duration.ofHours(1)));
        assertEquals("26h3m4.005s", duration(Duration.ofMillis(26 * 3_600_000L + 3 * 60_000 + 4_005)));
    }

    @Test
    void sourcePath_classInPackage_isPackagePathPlusFileName() {
        assertEquals("com/example/Worker.java",
                GoroutineProfile.sourcePath(new StackTraceElement("com.example.Worker$Inner", "run", "Worker.java", 3)));
        assertEquals("Main.java", GoroutineProfile.sourcePath(new StackTraceElement("Main", "main", "Main.java", 1)));
        assertEquals("com/example/Gen",
                GoroutineProfile.sourcePath(new StackTraceElement("com.example.Gen", "run", null, -1)));
    }

    private static String duration(Duration d) {
        StringBuilder sb = new StringBuilder();
        GoroutineDump.appendDuration(sb, d);
        return sb.toString();
    }
}
