package dev.goro.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GOMAXPROCS parsing and the scheduler choice, including the fallback without --add-opens (a forked JVM). */
class GoRuntimeConfigTest {

    @Test
    void initialProcs_propertyWinsOverEnvironment() {
        assertEquals(3, GoRuntime.initialProcs("3", "5", 8));
        assertEquals(5, GoRuntime.initialProcs(null, "5", 8));
        assertEquals(8, GoRuntime.initialProcs(null, null, 8));
        assertEquals(5, GoRuntime.initialProcs(" ", " 5 ", 8));
    }

    @Test
    void initialProcs_badValues_areIgnoredAndDefaultToCpus() {
        assertEquals(8, GoRuntime.initialProcs(null, "abc", 8));
        assertEquals(8, GoRuntime.initialProcs(null, "0", 8));
        assertEquals(8, GoRuntime.initialProcs("-2", "-1", 8));
        assertEquals(4, GoRuntime.initialProcs("abc", "4", 8), "a bad property falls back to the env");
    }

    @Test
    void withoutOpens_auto_warnsOnceNamingTheFlag_andRunsOnJdkScheduler() throws Exception {
        Result r = fork(List.of());
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("scheduler=jdk ran=true"), r.output);
        assertTrue(r.output.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), r.output);
        int first = r.output.indexOf("--add-opens");
        assertEquals(-1, r.output.indexOf("--add-opens", first + 1), "warned once:\n" + r.output);
    }

    @Test
    void withoutOpens_gmpDemanded_failsFastWithTheSameExplanation() throws Exception {
        Result r = fork(List.of("-Dgoro.scheduler=gmp"));
        assertTrue(r.exit != 0, r.output);
        assertTrue(r.output.contains("-Dgoro.scheduler=gmp"), r.output);
        assertTrue(r.output.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), r.output);
    }

    @Test
    void withOpens_badGomaxprocsEnv_warnsAndUsesCpus() throws Exception {
        Result r = fork(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"), "abc");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("GOMAXPROCS=abc is not a positive integer"), r.output);
        assertTrue(r.output.contains("scheduler=gmp ran=true procs="
                + java.lang.Runtime.getRuntime().availableProcessors()), r.output);
    }

    record Result(int exit, String output) {
    }

    private static Result fork(List<String> jvmArgs) throws IOException, InterruptedException {
        return fork(jvmArgs, null);
    }

    private static Result fork(List<String> jvmArgs, String gomaxprocsEnv) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ForkedMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("GOMAXPROCS");
        if (gomaxprocsEnv != null) {
            pb.environment().put("GOMAXPROCS", gomaxprocsEnv);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM finished");
        return new Result(p.exitValue(), out);
    }

    /** Runs one goroutine and prints which scheduler ran it. */
    public static final class ForkedMain {
        public static void main(String[] args) throws Exception {
            boolean ran = dev.goro.Go.main(() -> Thread.currentThread().isVirtual());
            dev.goro.Go.go(() -> { });
            System.out.println("scheduler=" + dev.goro.Runtime.schedStats().scheduler() + " ran=" + ran
                    + " procs=" + dev.goro.Runtime.gomaxprocs());
        }
    }
}
