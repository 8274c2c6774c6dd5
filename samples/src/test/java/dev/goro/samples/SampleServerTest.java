package dev.goro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP routes with the JDK's HTTP client over loopback, answers checked against independent computations. */
class SampleServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30); // hang guard only
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static SampleServer server;
    private static WordCount.Summary words;

    @BeforeAll
    static void start() throws Exception {
        words = WordCount.run(Path.of(System.getProperty("java.home"), "conf"), 4, null);
        server = SampleServer.start("127.0.0.1", 0, 0, words);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(server.httpUrl() + path));
    }

    @Test
    void primes_channelStreamedAsFlux_matchesTrialDivision() throws Exception {
        HttpResponse<String> r = send(at("/primes?n=300").GET());
        assertEquals(200, r.statusCode());
        assertEquals(SelfTest.firstPrimes(300), r.body());
        assertEquals("", send(at("/primes?n=0").GET()).body());
    }

    @Test
    void primes_badN_is400() throws Exception {
        assertEquals(400, send(at("/primes?n=-1").GET()).statusCode());
        assertEquals(400, send(at("/primes?n=abc").GET()).statusCode());
        assertEquals(400, send(at("/primes?n=" + (SampleServer.MAX_PRIMES + 1)).GET()).statusCode());
    }

    @Test
    void primes_clientDisconnects_sieveGoroutinesEnd() throws Exception {
        HttpResponse<InputStream> r = HTTP.send(at("/primes?n=" + SampleServer.MAX_PRIMES).timeout(TIMEOUT).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            assertEquals('2', body.read()); // the stream has begun
        }
        // the disconnect cancels the Flux, which closes the channel; the sieve then closes done for its chain
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (sieveGoroutines() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, sieveGoroutines(), "no sieve goroutine is left after the client went away");
    }

    private static long sieveGoroutines() {
        return Runtime.goroutines().stream().filter(g -> g.name() != null && g.name().startsWith("sieve")).count();
    }

    @Test
    void kv_putThenGet_goMonoAnswersFromTheStoreGoroutine() throws Exception {
        assertEquals(200, send(at("/kv/colour").PUT(HttpRequest.BodyPublishers.ofString("blue\n"))).statusCode());
        HttpResponse<String> r = send(at("/kv/colour").GET());
        assertEquals(200, r.statusCode());
        assertEquals("blue\n", r.body());
        assertEquals(404, send(at("/kv/none").GET()).statusCode());
    }

    @Test
    void words_topN_matchesThePipelinesSummary() throws Exception {
        HttpResponse<String> r = send(at("/words?top=5").GET());
        StringBuilder want = new StringBuilder();
        words.top(5).forEach(e -> want.append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
        assertEquals(want.toString(), r.body());
    }

    @Test
    void debugEndpoints_mounted_serveGoroutineProfiles() throws Exception {
        HttpResponse<String> text = send(at("/debug/pprof/goroutine?debug=2").GET());
        assertEquals(200, text.statusCode());
        assertTrue(text.body().contains("KvStore.serve"), "the store goroutine is in the dump");
        HttpResponse<byte[]> proto = HTTP.send(at("/debug/pprof/goroutine").timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(0x1f, proto.body()[0] & 0xff, "gzip, as go tool pprof expects");
        assertTrue(send(at("/").GET()).body().contains("/debug/pprof/"), "the help lists them");
    }
}
