package dev.goro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The program end to end, in this JVM: the self-test mode, the pipeline alone, and its error messages. */
class MainTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            return Main.run(args, out, err);
        }
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static String jdkDir(String name) {
        return Path.of(System.getProperty("java.home"), name).toString();
    }

    @Test
    void selfTest_realDirectoryAndServers_allChecksPassExitZero() throws Exception {
        assertEquals(0, run(jdkDir("conf"), "--self-test"), out() + err());
        assertTrue(out().contains("word count of " + jdkDir("conf")), out());
        assertTrue(out().contains("go tool pprof -top http://127.0.0.1:"), out());
        assertTrue(out().contains("self-test: all checks passed"), out());
    }

    @Test
    void noServer_printsSummaryWithTheIndependentTotals() throws Exception {
        Path legal = Path.of(jdkDir("legal"));
        WordCountTest.Expected want = WordCountTest.countSingleThreaded(legal);
        assertEquals(0, run(legal.toString(), "--no-server", "--top", "3", "--workers", "3"), err());
        assertTrue(out().contains(String.format("%,d text files", want.text())), out());
        long total = want.words().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(out().contains(String.format("%,d words, %,d distinct; top 3:", total, want.words().size())), out());
    }

    @Test
    void portInUse_exitsTwoWithAddressInUseAdvice() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run(jdkDir("conf"), "--self-test", "--tcp-port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, code, out() + err());
        }
        assertTrue(err().contains("address in use"), err());
        assertTrue(err().contains("--tcp-port N"), err());
    }

    @Test
    void badArguments_exitTwoWithUsage() throws Exception {
        assertEquals(2, run("--workers", "zero"));
        assertTrue(err().contains("--workers needs a number, got zero"), err());
        assertTrue(err().contains("usage: Main [DIR] [options]"), err());
        assertEquals(2, run("--http-port", "70000"));
        assertEquals(1, run("/no/such/dir", "--no-server"));
        assertTrue(err().contains("not a readable directory: /no/such/dir"), err());
    }
}
