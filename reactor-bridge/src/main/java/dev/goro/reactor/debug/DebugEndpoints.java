package dev.goro.reactor.debug;

import dev.goro.Go;
import dev.goro.pprof.Pprof;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * goro's debug endpoints for Reactor Netty, after Go's {@code net/http/pprof}:
 * <table>
 *   <caption>Endpoints (under a prefix, {@code /debug} by default)</caption>
 *   <tr><th>path</th><th>serves</th></tr>
 *   <tr><td>{@code /debug/pprof/}</td><td>an index of the profiles</td></tr>
 *   <tr><td>{@code /debug/pprof/goroutine?debug=0}</td><td>the goroutine profile, gzip-compressed
 *       profile.proto, for {@code go tool pprof http://host:port/debug/pprof/goroutine}</td></tr>
 *   <tr><td>{@code /debug/pprof/goroutine?debug=1}</td><td>counts per distinct stack and label set, as text</td></tr>
 *   <tr><td>{@code /debug/pprof/goroutine?debug=2}</td><td>Go's traceback of every goroutine</td></tr>
 *   <tr><td>{@code /debug/goroutines}</td><td>a dump for people: names, wait reasons and times, labels, stacks,
 *       creation sites, a summary by state</td></tr>
 *   <tr><td>{@code /debug/sched}</td><td>scheduler statistics ({@code Runtime.schedStats()}) and goroutines by
 *       state, as JSON</td></tr>
 * </table>
 * Mount them on an existing server, or start a server of their own:
 * <pre>{@code
 * HttpServer.create().port(8080)
 *         .route(routes -> DebugEndpoints.routes().accept(routes.get("/hello", hello)))
 *         .bindNow();
 * DisposableServer debug = DebugEndpoints.start("127.0.0.1", 6060);   // go tool pprof http://127.0.0.1:6060/debug/pprof/goroutine
 * }</pre>
 *
 * <p><strong>Threading:</strong> the event loop only parses the request and subscribes. Each response is
 * produced by a goroutine of its own (named {@code debug-endpoint}, so it appears in what it serves, as the
 * serving goroutine does in Go) and streamed in chunks of 32 KiB, one per unit of demand from the
 * connection: memory in flight stays bounded for a million goroutines, and a client that stops reading
 * parks the producing goroutine, never a carrier or an event loop. A client that disconnects stops the
 * producer at its next chunk.
 *
 * <p><strong>Security:</strong> like Go's {@code net/http/pprof}, these endpoints show what the program does
 * (stacks, labels, thread names) to anyone who can reach them: bind the stand-alone server to a loopback or
 * internal address, or put the routes behind your own access control.
 *
 * <p>Needs reactor-netty-http on the class path (an optional dependency of goro-reactor).
 */
public final class DebugEndpoints {
    /** The default path prefix, Go's. */
    public static final String DEFAULT_PREFIX = "/debug";

    /** At most this many chunks are requested ahead from the producer: 8 x 32 KiB in flight per response. */
    static final int PREFETCH_CHUNKS = 8;

    private static final String TEXT = "text/plain; charset=utf-8";

    private DebugEndpoints() {
    }

    /** Adds the endpoints under {@code /debug} to a server's routes (GET). */
    public static Consumer<HttpServerRoutes> routes() {
        return routes(DEFAULT_PREFIX);
    }

    /**
     * Adds the endpoints under {@code prefix} (e.g. {@code /admin/debug}) to a server's routes (GET).
     *
     * @throws IllegalArgumentException if {@code prefix} does not start with '/' or ends with one
     */
    public static Consumer<HttpServerRoutes> routes(String prefix) {
        String p = checkPrefix(prefix);
        return routes -> routes
                .get(p + "/pprof/", (req, res) -> index(res, p))
                .get(p + "/pprof/{profile}", DebugEndpoints::profile)
                .get(p + "/goroutines", (req, res) -> stream(res, TEXT, Pprof::writeGoroutineDump))
                .get(p + "/sched", (req, res) -> stream(res, "application/json", SchedJson::write));
    }

    /**
     * A handler for {@link HttpServer#handle} serving the endpoints under {@code /debug} and 404 elsewhere, for
     * a server that has no routes of its own.
     */
    public static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler() {
        String p = DEFAULT_PREFIX;
        return (req, res) -> {
            String path = new QueryStringDecoder(req.uri()).path();
            if (path.equals(p + "/pprof/") || path.equals(p + "/pprof")) {
                return index(res, p);
            }
            if (path.startsWith(p + "/pprof/")) {
                return profile(req, res, path.substring((p + "/pprof/").length()));
            }
            if (path.equals(p + "/goroutines")) {
                return stream(res, TEXT, Pprof::writeGoroutineDump);
            }
            if (path.equals(p + "/sched")) {
                return stream(res, "application/json", SchedJson::write);
            }
            return error(res, HttpResponseStatus.NOT_FOUND, "404 page not found"); // Go's http.NotFound text
        };
    }

    /**
     * Starts a server of its own serving only these endpoints under {@code /debug}, and waits until it is bound.
     * Use port 0 for any free port ({@link DisposableServer#port()} tells which). Dispose it to stop it.
     *
     * <p><strong>Blocking:</strong> blocks the caller until the socket is bound.
     */
    public static DisposableServer start(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return HttpServer.create().host(host).port(port).handle(handler()).bindNow();
    }

    private static Publisher<Void> profile(HttpServerRequest req, HttpServerResponse res) {
        return profile(req, res, Objects.requireNonNullElse(req.param("profile"), ""));
    }

    /** Go's pprof handler: debug parsed with Atoi (anything else counts as 0), unknown profiles are 404. */
    private static Publisher<Void> profile(HttpServerRequest req, HttpServerResponse res, String name) {
        if (!name.equals("goroutine")) {
            return error(res, HttpResponseStatus.NOT_FOUND, "Unknown profile");
        }
        Map<String, List<String>> query = new QueryStringDecoder(req.uri()).parameters();
        if (query.containsKey("seconds")) {
            return error(res, HttpResponseStatus.BAD_REQUEST,
                    "delta goroutine profiles (seconds=) are not supported: fetch two profiles and compare them "
                            + "with go tool pprof -diff_base");
        }
        int debug = atoi(first(query, "debug"));
        res.header("X-Content-Type-Options", "nosniff");
        if (debug > 0) {
            return stream(res, TEXT, out -> Pprof.writeGoroutineProfile(out, debug));
        }
        res.header("Content-Disposition", "attachment; filename=\"goroutine\"");
        return stream(res, "application/octet-stream", out -> Pprof.writeGoroutineProfile(out, 0));
    }

    private static Publisher<Void> index(HttpServerResponse res, String prefix) {
        String body = "goro " + prefix + "/pprof/\n\n"
                + "Profiles:\n"
                + "  goroutine  " + prefix + "/pprof/goroutine  stack traces of all current goroutines;"
                + " debug=1: counts per stack as text, debug=2: every goroutine's traceback\n\n"
                + "Also:\n"
                + "  " + prefix + "/goroutines  every goroutine with its name, wait, labels, stack and creation site\n"
                + "  " + prefix + "/sched       scheduler statistics as JSON\n";
        return res.header("Content-Type", TEXT).sendString(Flux.just(body));
    }

    private static Publisher<Void> error(HttpServerResponse res, HttpResponseStatus status, String message) {
        return res.status(status).header("Content-Type", TEXT).header("X-Content-Type-Options", "nosniff")
                .sendString(Flux.just(message + "\n"));
    }

    /** What a response body is written by; runs on the producing goroutine. */
    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private static Publisher<Void> stream(HttpServerResponse res, String contentType, BodyWriter writer) {
        return res.header("Content-Type", contentType).sendByteArray(body(writer).limitRate(PREFETCH_CHUNKS));
    }

    /**
     * The bytes {@code writer} produces, written by a new goroutine when subscribed and delivered in chunks as
     * demanded (see {@link ChunkedOutput}). Cancelling stops the goroutine at its next chunk.
     */
    static Flux<byte[]> body(BodyWriter writer) {
        return Flux.create((FluxSink<byte[]> sink) -> {
            ChunkedOutput out = new ChunkedOutput(sink);
            sink.onRequest(out::request);
            sink.onCancel(out::cancel);
            Go.go("debug-endpoint", () -> {
                try {
                    writer.write(out);
                    out.close();
                    sink.complete();
                } catch (Throwable t) {
                    sink.error(t); // dropped by the sink if it was cancelled
                }
            });
        });
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** Go's strconv.Atoi as net/http/pprof uses it: a decimal int, anything unparsable is 0. */
    static int atoi(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start with '/' and not end with one, got \"" + prefix + "\"");
        }
        return prefix;
    }
}
