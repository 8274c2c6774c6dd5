package dev.goro.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * {@code --self-test}: exercises a running {@link SampleServer} the way a user would with curl, nc and
 * {@code go tool pprof}, and checks each answer against one computed here independently. Runs on a plain thread,
 * with the JDK's own HTTP client and sockets.
 */
final class SelfTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30); // a hang guard, not a performance check

    private final SampleServer server;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private int failures;

    private SelfTest(SampleServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    /** Runs every check, printing one line each; returns the number that failed. */
    static int run(SampleServer server, PrintStream out) {
        SelfTest t = new SelfTest(server, out);
        t.check("GET /", () -> t.get("/").body().contains("/primes?n="));
        t.check("GET /primes?n=25 (a channel as a Flux)", () -> t.get("/primes?n=25").body().equals(firstPrimes(25)));
        t.check("TCP session SET/GET/DEL/LEN/QUIT", t::tcpSession);
        t.check("GET /kv/sample (a goroutine's result as a Mono)", () -> t.get("/kv/sample").body().equals("set over tcp\n"));
        t.check("PUT /kv/lang then GET over TCP", t::putThenTcpGet);
        t.check("GET /kv/missing is 404", () -> t.get("/kv/missing").statusCode() == 404);
        t.check("GET /debug/pprof/goroutine (gzipped profile.proto)", t::pprofProto);
        t.check("GET /debug/pprof/goroutine?debug=1", () -> t.get("/debug/pprof/goroutine?debug=1").body()
                .startsWith("goroutine profile: total "));
        out.println(t.failures == 0 ? "self-test: all checks passed" : "self-test: " + t.failures + " checks FAILED");
        return t.failures;
    }

    private interface Check {
        boolean passes() throws Exception;
    }

    private void check(String name, Check c) {
        String verdict;
        try {
            verdict = c.passes() ? "ok  " : "FAIL";
        } catch (Exception e) {
            verdict = "FAIL (" + e + ")";
        }
        if (!verdict.startsWith("ok")) {
            failures++;
        }
        out.println("  " + verdict + " " + name);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.httpUrl() + path)).timeout(TIMEOUT);
    }

    /** The first {@code n} primes by trial division, one per line. */
    static String firstPrimes(int n) {
        StringBuilder sb = new StringBuilder();
        int found = 0;
        for (long c = 2; found < n; c++) {
            boolean prime = true;
            for (long d = 2; d * d <= c; d++) {
                if (c % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                sb.append(c).append('\n');
                found++;
            }
        }
        return sb.toString();
    }

    private boolean tcpSession() throws IOException {
        List<String> answers = tcp("SET sample set over tcp", "GET sample", "DEL nothing", "LEN", "QUIT");
        return answers.equals(List.of("OK", "set over tcp", "0", "1", "BYE"));
    }

    private boolean putThenTcpGet() throws Exception {
        HttpResponse<String> put = http.send(request("/kv/lang").PUT(HttpRequest.BodyPublishers.ofString("go")).build(),
                HttpResponse.BodyHandlers.ofString());
        return put.statusCode() == 200 && tcp("GET lang", "QUIT").equals(List.of("go", "BYE"));
    }

    /** Sends each command on one connection; returns the answers (after the greeting). */
    private List<String> tcp(String... commands) throws IOException {
        InetSocketAddress a = server.tcpAddress();
        try (Socket s = new Socket()) {
            s.connect(a, (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream o = s.getOutputStream();
            if (!in.readLine().startsWith("goro kv")) {
                throw new IOException("no greeting");
            }
            List<String> answers = new ArrayList<>();
            for (String c : commands) {
                o.write((c + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
                answers.add(in.readLine());
            }
            return answers;
        }
    }

    /** The profile is gzip (what go tool pprof reads) and names the goroutines' functions. */
    private boolean pprofProto() throws Exception {
        HttpResponse<byte[]> r = http.send(request("/debug/pprof/goroutine").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] b = r.body();
        if (r.statusCode() != 200 || b.length < 2 || (b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b) {
            return false;
        }
        try (GZIPInputStream z = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            String proto = new String(z.readAllBytes(), StandardCharsets.ISO_8859_1);
            return proto.contains("KvStore.serve"); // a function name in the profile's string table
        }
    }
}
