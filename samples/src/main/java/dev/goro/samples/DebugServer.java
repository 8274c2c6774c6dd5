package dev.goro.samples;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.Runtime;
import dev.goro.micrometer.GoroutineMetrics;
import dev.goro.pprof.Pprof;
import dev.goro.reactor.debug.DebugEndpoints;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import reactor.netty.DisposableServer;

/**
 * A small service's goroutines, to look at through goro's debug endpoints: 100 ingest workers waiting for
 * orders (labels pool=ingest), 20 billing workers each waiting for a child goroutine (pool=billing,
 * region=eu), 5 tickers sleeping, and every few seconds a burst of computing goroutines that makes sysmon hand
 * a processor off (a carrier stall).
 * {@snippet lang="shell" :
 * mvn -q -pl samples -am compile exec:exec -Dexec.executable=java \
 *     -Dgoro.samples.main=dev.goro.samples.DebugServer -Dgoro.samples.args="6060 60"
 * go tool pprof -top http://127.0.0.1:6060/debug/pprof/goroutine
 * curl 'http://127.0.0.1:6060/debug/pprof/goroutine?debug=1'
 * curl http://127.0.0.1:6060/debug/goroutines
 * curl http://127.0.0.1:6060/debug/sched
 * }
 * Arguments: the port (default 6060; 0 for any free one) and how many seconds to run (default: until
 * killed). At the end it prints the Micrometer meters.
 */
public final class DebugServer {

    private DebugServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6060;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 0;
        BlockingQueue<String> orders = new LinkedBlockingQueue<>();

        Go.main(() -> {
            Pprof.doWithLabels(Pprof.labels("pool", "ingest"), () -> {
                for (int i = 0; i < 100; i++) {
                    Go.go("ingest-" + i, () -> ingest(orders));
                }
            });
            Pprof.doWithLabels(Pprof.labels("pool", "billing", "region", "eu"), () -> {
                for (int i = 0; i < 20; i++) {
                    Go.go("billing-" + i, DebugServer::bill);
                }
            });
            for (int i = 0; i < 5; i++) {
                Go.go("ticker-" + i, DebugServer::tick);
            }
            Go.go("cruncher", DebugServer::crunchBursts);
        });

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoroutineMetrics().bindTo(registry);
        DisposableServer server = DebugEndpoints.start("127.0.0.1", port);
        String base = "http://127.0.0.1:" + server.port() + "/debug";
        System.out.println("goro debug endpoints on " + base + "/pprof/");
        System.out.println("  go tool pprof -top " + base + "/pprof/goroutine");
        System.out.println("  curl '" + base + "/pprof/goroutine?debug=1'   (debug=2: every traceback)");
        System.out.println("  curl " + base + "/goroutines");
        System.out.println("  curl " + base + "/sched");
        if (seconds <= 0) {
            server.onDispose().block();
            return;
        }
        Thread.sleep(seconds * 1000);
        for (Meter m : registry.getMeters()) {
            StringBuilder sb = new StringBuilder(m.getId().getName());
            m.getId().getTags().forEach(t -> sb.append(' ').append(t.getKey()).append('=').append(t.getValue()));
            for (Measurement v : m.measure()) {
                sb.append(' ').append(v.getStatistic().getTagValueRepresentation()).append('=').append(v.getValue());
            }
            System.out.println(sb);
        }
        server.disposeNow();
        System.exit(0);
    }

    /** An ingest worker: waits for orders that do not come. */
    static void ingest(BlockingQueue<String> orders) {
        try {
            while (true) {
                orders.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A billing worker: hands each invoice to a child goroutine and waits for it. */
    static void bill() {
        try {
            while (true) {
                Goroutine invoice = Go.go("invoice", () -> sleep(ThreadLocalRandom.current().nextInt(500, 3000)));
                invoice.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void tick() {
        while (true) {
            sleep(1000);
        }
    }

    /** Every 5 s, more computing goroutines than processors for 50 ms: sysmon retakes a processor. */
    static void crunchBursts() {
        while (true) {
            sleep(5000);
            for (int i = 0; i <= Runtime.gomaxprocs(); i++) {
                Go.go("crunch", () -> {
                    long end = System.nanoTime() + 50_000_000;
                    long x = 0;
                    while (System.nanoTime() < end) {
                        x += x * 31 + 7;
                    }
                    if (x == 42) {
                        System.out.print(""); // keeps the loop from being optimized away
                    }
                });
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
