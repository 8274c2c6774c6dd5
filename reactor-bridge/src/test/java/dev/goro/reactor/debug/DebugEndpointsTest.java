package dev.goro.reactor.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.Runtime;
import dev.goro.pprof.Pprof;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The debug endpoints served by a real Reactor Netty server on 127.0.0.1 and fetched with a real HTTP client
 * (java.net.http) and with {@code go tool pprof}, after Go's net/http/pprof: same paths, same query parameter,
 * same content types, same error texts.
 */
class DebugEndpointsTest {
    private static final String PARKED_FN = DebugEndpointsTest.class.getName() + ".parkedForHttp";

    private static final CountDownLatch release = new CountDownLatch(1);
    private static DisposableServer server;
    private static HttpClient client;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Go.main(() -> Pprof.doWithLabels(Pprof.labels("endpoint", "test"), () -> {
            for (int i = 0; i < 25; i++) {
                Go.go(() -> parkedForHttp(release));
            }
        }));
        awaitParked(25);
        server = DebugEndpoints.start("127.0.0.1", 0);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        release.countDown();
        server.disposeNow();
    }

    static void parkedForHttp(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitParked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // hang guard
        while (true) {
            long parked = Runtime.goroutinesWithStacks().stream()
                    .filter(g -> g.state() == GoroutineState.WAITING)
                    .filter(g -> g.stack().stream().anyMatch(f -> (f.getClassName() + "." + f.getMethodName())
                            .equals(PARKED_FN)))
                    .count();
            if (parked == n) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "goroutines did not park: " + parked);
            Thread.sleep(10);
        }
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return get(server.port(), path);
    }

    private static HttpResponse<byte[]> get(int port, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET().build();
        return client.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void goroutineProfile_debug0_isGzipProfileWithGoHeaders() throws Exception {
        HttpResponse<byte[]> r = get("/debug/pprof/goroutine");
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"goroutine\"", r.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(raw.contains(PARKED_FN), "function names in the string table");
            assertTrue(raw.contains("goroutine") && raw.contains("count"));
        }
    }

    @Test
    void goroutineProfile_goToolPprofTopOnTheUrl_readsTheLiveProfile() throws Exception {
        Path go = findGo();
        String url = "http://127.0.0.1:" + server.port() + "/debug/pprof/goroutine";
        String top = goToolPprof(go, "-top", "-nodecount=200", url);
        assertTrue(top.contains("Type: goroutine"), top);
        Matcher m = Pattern.compile("(?m)^\\s+0\\s+0%\\s+\\S+%\\s+(\\d+)\\s+\\S+%\\s+"
                + Pattern.quote(PARKED_FN) + "$").matcher(top);
        assertTrue(m.find(), top);
        assertEquals("25", m.group(1), "cumulative count of the parked function");
        // The serving goroutine appears in what it serves, as in Go.
        assertTrue(top.contains("dev.goro.internal.pprof.GoroutineProfile.capture"), top);

        String tagged = goToolPprof(go, "-traces", "-tagfocus=endpoint=test", url);
        assertTrue(tagged.contains("endpoint:  test"), tagged);
        assertTrue(tagged.contains("        25   "), tagged);
    }

    @Test
    void goroutineProfile_debug1_isTextCountsWithLabels() throws Exception {
        HttpResponse<byte[]> r = get("/debug/pprof/goroutine?debug=1");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        String t = text(r);
        assertTrue(t.startsWith("goroutine profile: total "), t);
        assertTrue(Pattern.compile("(?m)^25 @( 0x[0-9a-f]+)+\n# labels: \\{\"endpoint\":\"test\"\\}\n").matcher(t).find(), t);
        assertTrue(t.contains("\t" + PARKED_FN + "+0x"), t);
    }

    @Test
    void goroutineProfile_debug2_isEveryTracebackIncludingTheServingGoroutine() throws Exception {
        String t = text(get("/debug/pprof/goroutine?debug=2"));
        assertTrue(t.startsWith("goroutine "), t);
        assertEquals(25, t.split(Pattern.quote(PARKED_FN + "(...)"), -1).length - 1, t);
        // Produced on a goroutine, not on the event loop: the writer's own traceback is in the output.
        assertTrue(List.of(t.split("\n\n")).stream().anyMatch(g -> g.matches("goroutine \\d+ \\[running\\]:\n(?s).*")
                && g.contains("\ndev.goro.internal.pprof.GoroutineProfile.writeTracebacks(...)\n")
                && g.contains("\ndev.goro.reactor.debug.DebugEndpoints.lambda$body$")), t);
    }

    @Test
    void goroutineProfile_unparsableDebug_isTreatedAsZeroLikeGoAtoi() throws Exception {
        HttpResponse<byte[]> r = get("/debug/pprof/goroutine?debug=x");
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(0x1f, r.body()[0] & 0xff);
    }

    @Test
    void pprof_unknownProfile_is404WithGoMessage() throws Exception {
        HttpResponse<byte[]> r = get("/debug/pprof/heap");
        assertEquals(404, r.statusCode());
        assertEquals("Unknown profile\n", text(r));
    }

    @Test
    void goroutineProfile_secondsParameter_is400() throws Exception {
        HttpResponse<byte[]> r = get("/debug/pprof/goroutine?seconds=5");
        assertEquals(400, r.statusCode());
        assertTrue(text(r).startsWith("delta goroutine profiles (seconds=) are not supported"), text(r));
    }

    @Test
    void index_listsTheEndpoints() throws Exception {
        String t = text(get("/debug/pprof/"));
        assertTrue(t.contains("/debug/pprof/goroutine") && t.contains("/debug/goroutines") && t.contains("/debug/sched"), t);
        assertEquals(404, get("/elsewhere").statusCode());
    }

    @Test
    void goroutines_humanDump_showsNameWaitLabelsAndTheServingGoroutine() throws Exception {
        HttpResponse<byte[]> r = get("/debug/goroutines");
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        String t = text(r);
        assertTrue(t.startsWith("goro goroutine dump at "), t);
        assertTrue(t.contains("\tlabels: {\"endpoint\":\"test\"}\n"), t);
        assertTrue(Pattern.compile("goroutine \\d+ \"debug-endpoint\" \\[running\\]:\n").matcher(t).find(),
                "the dump is produced on a goroutine of its own:\n" + t);
        assertTrue(Pattern.compile("(?m)^\\d+ goroutines: .*\nwaiting on: .*park \\d+").matcher(t).find(), t);
    }

    @Test
    void sched_isJsonOfSchedStatsAndStates() throws Exception {
        HttpResponse<byte[]> r = get("/debug/sched");
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        String j = text(r).trim();
        assertTrue(j.startsWith("{\"scheduler\":\"gmp\",") && j.endsWith("}"), j);
        assertEquals(Runtime.gomaxprocs(), intField(j, "gomaxprocs"));
        assertTrue(intField(j, "waiting") >= 25, j);
        for (String key : List.of("uptimeMillis", "idleProcs", "threads", "spinningThreads", "idleThreads",
                "globalRunQueue", "goroutines", "steals", "stolenTasks", "handoffsBlocked", "handoffsComputing",
                "handoffsExplicit", "sysmonWakeups", "foreignSubmits", "idle", "runnable", "running", "syscall")) {
            intField(j, key);
        }
        assertTrue(Pattern.compile("\"localRunQueues\":\\[\\d+(,\\d+)*\\]").matcher(j).find(), j);
        assertTrue(Pattern.compile("\"schedtrace\":\"SCHED \\d+ms: gomaxprocs=").matcher(j).find(), j);
    }

    private static long intField(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void routes_mountedUnderPrefixBesideOtherRoutes_serveBoth() throws Exception {
        DisposableServer app = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> {
                    routes.get("/hello", (req, res) -> res.sendString(Flux.just("hi")));
                    DebugEndpoints.routes("/admin/debug").accept(routes);
                })
                .bindNow();
        try {
            assertEquals("hi", text(get(app.port(), "/hello")));
            assertTrue(text(get(app.port(), "/admin/debug/pprof/")).contains("/admin/debug/pprof/goroutine"));
            String t = text(get(app.port(), "/admin/debug/pprof/goroutine?debug=1"));
            assertTrue(t.startsWith("goroutine profile: total "), t);
            assertTrue(text(get(app.port(), "/admin/debug/goroutines")).startsWith("goro goroutine dump"));
            assertTrue(text(get(app.port(), "/admin/debug/sched")).startsWith("{\"scheduler\""));
            assertEquals(404, get(app.port(), "/admin/debug/pprof/heap").statusCode());
            assertEquals(404, get(app.port(), "/debug/sched").statusCode());
        } finally {
            app.disposeNow();
        }
    }

    @Test
    void routesAndStart_badArguments_throw() {
        assertThrows(IllegalArgumentException.class, () -> DebugEndpoints.routes("debug"));
        assertThrows(IllegalArgumentException.class, () -> DebugEndpoints.routes("/debug/"));
        assertThrows(NullPointerException.class, () -> DebugEndpoints.routes(null));
        assertThrows(IllegalArgumentException.class, () -> DebugEndpoints.start("127.0.0.1", 70000));
    }

    @Test
    void body_subscriberRequestsOneChunk_producerParksUntilMoreIsRequestedAndStopsOnCancel() throws Exception {
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        AtomicReference<Thread> producer = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        byte[] chunk = new byte[ChunkedOutput.CHUNK];
        Flux<byte[]> body = DebugEndpoints.body(out -> {
            producer.set(Thread.currentThread());
            try {
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                writerError.set(e);
                throw e;
            } finally {
                finished.countDown();
            }
        });
        List<byte[]> received = new ArrayList<>();
        AtomicReference<Subscription> sub = new AtomicReference<>();
        body.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                sub.set(s);
                s.request(1);
            }

            @Override
            protected void hookOnNext(byte[] value) {
                synchronized (received) {
                    received.add(value);
                }
            }
        });
        awaitProducerParked(producer);
        assertEquals(1, count(received), "one chunk per unit of demand");
        assertEquals(ChunkedOutput.CHUNK, received.get(0).length);
        assertEquals(2, written.get(), "the producer holds one chunk ready and waits: memory stays bounded");

        sub.get().request(2);
        awaitCount(received, 3);
        awaitProducerParked(producer);
        assertEquals(4, written.get());

        sub.get().cancel();
        assertTrue(finished.await(10, TimeUnit.SECONDS), "the producer stops after a cancel");
        assertNotNull(writerError.get());
        assertEquals("response cancelled by the client", writerError.get().getMessage());
        assertFalse(written.get() > 5);
    }

    private static int count(List<byte[]> l) {
        synchronized (l) {
            return l.size();
        }
    }

    private static void awaitCount(List<byte[]> l, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // hang guard
        while (count(l) < n) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(2);
        }
        assertEquals(n, count(l));
    }

    /** Waits until the producing goroutine is parked in ChunkedOutput's wait for demand. */
    private static void awaitProducerParked(AtomicReference<Thread> producer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // hang guard
        while (true) {
            Thread t = producer.get();
            if (t != null) {
                GoroutineInfo g = Runtime.goroutinesWithStacks().stream().filter(i -> i.id() == t.threadId())
                        .findFirst().orElse(null);
                if (g != null && g.state() == GoroutineState.WAITING && g.stack().stream()
                        .anyMatch(f -> f.getClassName().equals(ChunkedOutput.class.getName()))) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "producer did not park");
            Thread.sleep(2);
        }
    }

    /** The go command, or a skipped test that says so (CI installs Debian's golang-go). */
    private static Path findGo() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "go"));
            }
        }
        candidates.add(Path.of("/usr/lib/go/bin/go"));
        candidates.add(Path.of("/usr/local/go/bin/go"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = "go not found (PATH, /usr/lib/go/bin, /usr/local/go/bin): install Go "
                + "(Debian: apt-get install -y golang-go) to check the endpoint with go tool pprof";
        System.err.println("SKIPPED: " + msg);
        Assumptions.abort(msg);
        return null;
    }

    private static String goToolPprof(Path go, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(go.toString(), "tool", "pprof"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "pprof", ".out");
        Path err = Files.createTempFile(tmp, "pprof", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PPROF_TMPDIR", tmp.toString());
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS); // hang guard only
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "go tool pprof did not finish");
        assertEquals(0, p.exitValue(), () -> "go tool pprof failed: " + cmd + "\n" + read(err));
        return Files.readString(out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
