package dev.goro.samples;

import dev.goro.net.Listener;
import dev.goro.net.Net;
import dev.goro.net.Network;
import dev.goro.reactor.GoFlux;
import dev.goro.reactor.GoMono;
import dev.goro.reactor.debug.DebugEndpoints;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The sample's servers, on one event loop: a Reactor Netty {@link HttpServer} and the goroutine-per-connection
 * {@link KvServer}, both on the same {@link LoopResources}, so one epoll (or kqueue) serves the HTTP channels and
 * wakes the goroutines waiting on their TCP sockets.
 *
 * <table>
 *   <caption>HTTP routes</caption>
 *   <tr><th>route</th><th>what it shows</th></tr>
 *   <tr><td>{@code GET /primes?n=N}</td><td>a channel streamed as a Flux ({@link GoFlux#consume}): the primes of
 *       the goroutine {@link Sieve}, one chunked line each; a client that disconnects closes the channel and stops
 *       the sieve</td></tr>
 *   <tr><td>{@code GET /kv/{key}}, {@code PUT /kv/{key}}</td><td>a goroutine's result as a Mono
 *       ({@link GoMono#mono}): asks the {@link KvStore} goroutine the TCP service uses</td></tr>
 *   <tr><td>{@code GET /words?top=N}</td><td>the word-count pipeline's most frequent words</td></tr>
 *   <tr><td>{@code GET /debug/pprof/goroutine} ...</td><td>goro's debug endpoints ({@link DebugEndpoints})</td></tr>
 * </table>
 */
public final class SampleServer implements AutoCloseable {

    /** Most primes one request may ask for (one goroutine each). */
    static final int MAX_PRIMES = 100_000;

    private final LoopResources loops;
    private final KvStore store;
    private final KvServer kv;
    private final DisposableServer http;
    private final String transport;

    private SampleServer(LoopResources loops, KvStore store, KvServer kv, DisposableServer http, String transport) {
        this.loops = loops;
        this.store = store;
        this.kv = kv;
        this.http = http;
        this.transport = transport;
    }

    /**
     * Starts both servers on {@code host}; port 0 picks a free port.
     *
     * @param words the word count to serve at /words, or null
     * @throws java.net.BindException  if the TCP address is in use
     * @throws reactor.netty.ChannelBindException if the HTTP address is in use
     */
    public static SampleServer start(String host, int httpPort, int tcpPort, WordCount.Summary words)
            throws IOException {
        LoopResources loops = LoopResources.create("goro-samples", 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true);
        KvStore store = new KvStore();
        KvServer kv = null;
        try {
            Network net = Net.on(loops);
            Listener ln = net.listen(hostPort(host, tcpPort));
            kv = new KvServer(ln, store);
            DisposableServer http = HttpServer.create()
                    .runOn(loops)
                    .host(host)
                    .port(httpPort)
                    .route(routes -> {
                        routes.get("/", (req, res) -> text(res, help()))
                                .get("/primes", SampleServer::primes)
                                .get("/kv/{key}", (req, res) -> getKey(store, req, res))
                                .put("/kv/{key}", (req, res) -> putKey(store, req, res))
                                .get("/words", (req, res) -> words(words, req, res));
                        DebugEndpoints.routes().accept(routes);
                    })
                    .bindNow();
            return new SampleServer(loops, store, kv, http, net.transport());
        } catch (IOException | RuntimeException e) {
            if (kv != null) {
                kv.close();
            }
            store.close();
            loops.dispose();
            throw e;
        }
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The HTTP server's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String httpUrl() {
        InetSocketAddress a = (InetSocketAddress) http.address();
        return "http://" + hostPort(a.getHostString(), a.getPort());
    }

    /** The TCP service's address. */
    public InetSocketAddress tcpAddress() {
        return kv.address();
    }

    /** The poller's transport ("epoll", "kqueue" or "nio"). */
    public String transport() {
        return transport;
    }

    private static String help() {
        return """
                goro sample server
                  GET /primes?n=20          the first n primes from a goroutine sieve, streamed as a Flux of a channel
                  GET /kv/{key}             a key of the TCP key-value service, answered by a goroutine (GoMono)
                  PUT /kv/{key}             set a key (request body = value)
                  GET /words?top=10         the word count's most frequent words
                  GET /debug/pprof/         goroutine profiles (go tool pprof), /debug/goroutines, /debug/sched
                """;
    }

    private static Publisher<Void> primes(HttpServerRequest req, HttpServerResponse res) {
        int n;
        try {
            n = intParam(req, "n", 20);
        } catch (NumberFormatException e) {
            return error(res, HttpResponseStatus.BAD_REQUEST, "n must be a number");
        }
        if (n < 0 || n > MAX_PRIMES) {
            return error(res, HttpResponseStatus.BAD_REQUEST, "n must be in [0, " + MAX_PRIMES + "]");
        }
        return res.header("content-type", "text/plain; charset=utf-8")
                .sendString(GoFlux.consume(Sieve.primes(n)).map(p -> p + "\n"));
    }

    private static Publisher<Void> getKey(KvStore store, HttpServerRequest req, HttpServerResponse res) {
        String key = req.param("key");
        return GoMono.mono(() -> store.get(key))
                .flatMap(v -> text(res, v + "\n"))
                .switchIfEmpty(Mono.defer(() -> error(res, HttpResponseStatus.NOT_FOUND, "(nil)")));
    }

    private static Publisher<Void> putKey(KvStore store, HttpServerRequest req, HttpServerResponse res) {
        String key = req.param("key");
        return req.receive().aggregate().asString().defaultIfEmpty("")
                .flatMap(body -> GoMono.mono(() -> {
                    store.set(key, body.strip());
                    return "OK\n";
                }))
                .flatMap(ok -> text(res, ok));
    }

    private static Publisher<Void> words(WordCount.Summary summary, HttpServerRequest req, HttpServerResponse res) {
        if (summary == null) {
            return error(res, HttpResponseStatus.NOT_FOUND, "no word count: the pipeline did not run");
        }
        int top;
        try {
            top = intParam(req, "top", 10);
        } catch (NumberFormatException e) {
            return error(res, HttpResponseStatus.BAD_REQUEST, "top must be a number");
        }
        String body = summary.top(Math.max(0, top)).stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining("\n", "", "\n"));
        return text(res, body);
    }

    private static int intParam(HttpServerRequest req, String name, int otherwise) {
        Map<String, List<String>> params = new QueryStringDecoder(req.uri()).parameters();
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? otherwise : Integer.parseInt(v.get(0));
    }

    private static Mono<Void> text(HttpServerResponse res, String body) {
        return res.header("content-type", "text/plain; charset=utf-8").sendString(Mono.just(body)).then();
    }

    private static Mono<Void> error(HttpServerResponse res, HttpResponseStatus status, String message) {
        return res.status(status).header("content-type", "text/plain; charset=utf-8")
                .sendString(Mono.just(message + "\n")).then();
    }

    /** Stops the HTTP server, closes the TCP listener and connections, stops the store and the event loop. */
    @Override
    public void close() {
        http.disposeNow();
        kv.close();
        store.close();
        loops.disposeLater().block();
    }
}
