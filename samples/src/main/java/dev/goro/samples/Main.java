package dev.goro.samples;

import dev.goro.Runtime;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import reactor.netty.ChannelBindException;

/**
 * The samples' program: counts the words of a directory tree with a Reactor/goroutine pipeline ({@link WordCount}),
 * then serves HTTP and a TCP key-value service on one event loop ({@link SampleServer}) until Ctrl-C.
 *
 * <pre>
 * mvn -q -pl samples -am -DskipTests package exec:exec
 * mvn -q -pl samples -am -DskipTests package exec:exec -Dgoro.samples.args="--self-test"
 * mvn -q -pl samples -am -DskipTests package exec:exec -Dgoro.samples.args="/some/dir --http-port 9000"
 * </pre>
 */
public final class Main {

    private static final String USAGE = """
            usage: Main [DIR] [options]
              DIR               directory tree to count words in (default: %s)
              --workers N       files read at once (default 8)
              --top N           most frequent words to print (default 10)
              --host H          address to serve on (default 127.0.0.1)
              --http-port N     HTTP port (default 8080; 0 = any free port)
              --tcp-port N      TCP key-value port (default 7070; 0 = any free port)
              --no-server       count words and exit
              --self-test       start the servers on free ports, check every route and the TCP service, exit 0 if all pass
            """;

    /** What {@link #run} returns when the servers keep running. */
    static final int SERVING = -1;

    private Main() {
    }

    /** The options of one run. */
    record Options(Path dir, int workers, int top, String host, int httpPort, int tcpPort, boolean server,
                   boolean selfTest) {
    }

    /**
     * Runs the program; exits when done, or keeps serving until the JVM is stopped (Ctrl-C).
     *
     * @param args see the usage ({@code --help})
     * @throws Exception if the program fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        if (code == SERVING) {
            new CountDownLatch(1).await(); // the shutdown hook stops the servers; the JVM then exits
        }
        System.exit(code);
    }

    /**
     * Runs the pipeline, then the servers. Returns the exit status, or {@link #SERVING} if the servers were left
     * running (with a shutdown hook that stops them).
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.printf(USAGE, defaultDir());
            return 2;
        }
        if (o == null) {
            out.printf(USAGE, defaultDir());
            return 0;
        }
        out.println("goro: scheduler=" + Runtime.schedStats().scheduler() + " GOMAXPROCS=" + Runtime.gomaxprocs());

        WordCount.Summary summary;
        try {
            summary = WordCount.run(o.dir(), o.workers(), progress(out));
        } catch (java.io.IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        summary.print(out, o.top());
        if (!o.server()) {
            return 0;
        }

        SampleServer server;
        try {
            server = SampleServer.start(o.host(), o.httpPort(), o.tcpPort(), summary);
        } catch (ChannelBindException | BindException e) {
            err.println("error: cannot listen on " + o.host() + " (HTTP port " + o.httpPort() + ", TCP port "
                    + o.tcpPort() + "): address in use or not local. Pick other ports with --http-port N and"
                    + " --tcp-port N (0 = any free port), or another --host.");
            return 2;
        }
        printHowToTry(out, server);
        if (o.selfTest()) {
            try {
                return SelfTest.run(server, out) == 0 ? 0 : 1;
            } finally {
                server.close();
            }
        }
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("stopped");
        }, "goro-samples-shutdown"));
        out.println("serving; Ctrl-C to stop");
        return SERVING;
    }

    /** A progress line on a terminal, at most ten times a second; nothing when the output is not a terminal. */
    private static Consumer<WordCount.Summary> progress(PrintStream out) {
        if (System.console() == null) {
            return null;
        }
        long[] last = {0};
        return s -> {
            long now = System.nanoTime();
            if (now - last[0] > 100_000_000L) {
                last[0] = now;
                out.print("\r  " + s.progressLine() + "   ");
                out.flush();
            }
        };
    }

    private static void printHowToTry(PrintStream out, SampleServer server) {
        String http = server.httpUrl();
        String tcp = SampleServer.hostPort(server.tcpAddress().getHostString(), server.tcpAddress().getPort());
        out.println();
        out.println("HTTP on " + http + " and TCP key-value on " + tcp + ", one " + server.transport()
                + " event loop");
        out.println("  curl " + http + "/");
        out.println("  curl -N '" + http + "/primes?n=50'");
        out.println("  nc " + tcp.replace(":", " ").replace("[", "").replace("]", "")
                + "        then type: SET greeting hello, GET greeting, QUIT");
        out.println("  curl " + http + "/kv/greeting");
        out.println("  curl -X PUT --data world " + http + "/kv/greeting");
        out.println("  curl '" + http + "/words?top=20'");
        out.println("  go tool pprof -top " + http + "/debug/pprof/goroutine");
        out.println("  curl '" + http + "/debug/pprof/goroutine?debug=2'");
    }

    /** The options, or null for --help. */
    static Options parse(String[] args) {
        Path dir = null;
        int workers = 8;
        int top = 10;
        String host = "127.0.0.1";
        Integer httpPort = null;
        Integer tcpPort = null;
        boolean server = true;
        boolean selfTest = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--workers" -> workers = positive(a, value(a, rest));
                case "--top" -> top = positive(a, value(a, rest));
                case "--host" -> host = value(a, rest);
                case "--http-port" -> httpPort = port(a, value(a, rest));
                case "--tcp-port" -> tcpPort = port(a, value(a, rest));
                case "--no-server" -> server = false;
                case "--self-test" -> selfTest = true;
                default -> {
                    if (a.startsWith("-") || dir != null) {
                        throw new IllegalArgumentException("unexpected argument: " + a);
                    }
                    dir = Path.of(a);
                }
            }
        }
        if (selfTest && !server) {
            throw new IllegalArgumentException("--self-test needs the servers: drop --no-server");
        }
        // the self-test must not depend on fixed ports being free
        int defaultHttp = selfTest ? 0 : 8080;
        int defaultTcp = selfTest ? 0 : 7070;
        return new Options(dir != null ? dir : defaultDir(), workers, top, host,
                httpPort != null ? httpPort : defaultHttp, tcpPort != null ? tcpPort : defaultTcp, server, selfTest);
    }

    /**
     * A directory of real text every machine has: the system's package documentation on Linux, else the JDK's
     * legal notices, else its configuration files.
     */
    static Path defaultDir() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        for (Path p : List.of(Path.of("/usr/share/doc"), javaHome.resolve("legal"), javaHome.resolve("conf"))) {
            if (Files.isDirectory(p) && Files.isReadable(p)) {
                return p;
            }
        }
        return javaHome;
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int positive(String option, String v) {
        int n = number(option, v);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + v);
        }
        return n;
    }

    private static int port(String option, String v) {
        int n = number(option, v);
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException(option + " must be a port in [0, 65535], got " + v);
        }
        return n;
    }

    private static int number(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + v);
        }
    }
}
