package dev.goro.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code go tool pprof} on what goro writes. CI installs Go (Debian: {@code golang-go}); where
 * no {@code go} command can be found the calling test is skipped with a message saying so, printed too, so a
 * skip never passes silently.
 */
final class GoTool {
    private GoTool() {
    }

    /** The {@code go} command: on PATH, else where Debian's and the official installs put it; null if none. */
    static Path find() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "go"));
                }
            }
        }
        candidates.add(Path.of("/usr/lib/go/bin/go"));
        candidates.add(Path.of("/usr/local/go/bin/go"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The {@code go} command, or a skipped test with a visible message. */
    static Path require() {
        Path go = find();
        if (go == null) {
            String msg = "go not found (PATH, /usr/lib/go/bin, /usr/local/go/bin): install Go "
                    + "(Debian: apt-get install -y golang-go) to check goroutine profiles with go tool pprof";
            System.err.println("SKIPPED: " + msg);
            Assumptions.abort(msg);
        }
        return go;
    }

    /** Runs {@code go tool pprof args...} and returns its standard output; fails on a non-zero exit. */
    static String pprof(Path go, Path workDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(go.toString(), "tool", "pprof"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "pprof", ".out");
        Path err = Files.createTempFile(workDir, "pprof", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PPROF_TMPDIR", workDir.toString()); // where pprof saves fetched profiles
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS); // hang guard only
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "go tool pprof did not finish: " + cmd);
        assertEquals(0, p.exitValue(), () -> "go tool pprof failed: " + cmd + "\n" + read(err));
        return read(out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "<" + e + ">";
        }
    }
}
