package dev.goro.bench.net;

import dev.goro.Go;
import dev.goro.net.Conn;
import dev.goro.net.Listener;
import dev.goro.net.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * TCP echo, request/response, on loopback: the same load generator against three servers, one after the other
 * in one JVM, at each connection count.
 * <ul>
 *   <li>{@code goro}: goro netpoll, a goroutine per connection ({@code read} then {@code write}), polled by a
 *       Reactor Netty {@link LoopResources} (epoll on Linux);</li>
 *   <li>{@code reactor}: a Reactor Netty {@link TcpServer} echo handler on its own LoopResources of the same
 *       size;</li>
 *   <li>{@code jdk}: {@link ServerSocket} with a JDK virtual thread (default scheduler) per connection.</li>
 * </ul>
 * Load: {@code conns} client connections, each a JDK virtual thread doing blocking write-then-read-fully of a
 * {@code size}-byte message in a loop (one message in flight per connection); after {@code warmup} seconds it
 * counts round trips for {@code seconds} and samples each round trip's latency. Prints round trips per second
 * and p50/p99 latency per server and connection count. The client shares the machine with the server, so the
 * figures compare servers under the same load, not absolute capacity.
 *
 * <p>Command (from the repository root):
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false \
 *      -cp benchmarks/target/benchmarks.jar dev.goro.bench.net.TcpEchoBench \
 *      [--conns 1,64,1024] [--size 128] [--warmup 2] [--seconds 5] [--servers goro,reactor,jdk] [--loops 2]
 * }</pre>
 */
public final class TcpEchoBench {

    private TcpEchoBench() {
    }

    /** A running echo server. */
    private interface Server extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        int[] conns = {1, 64, 1024};
        int size = 128;
        int warmup = 2;
        int seconds = 5;
        int loops = 2;
        List<String> servers = List.of("goro", "reactor", "jdk");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--conns" -> conns = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--size" -> size = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--loops" -> loops = Integer.parseInt(v);
                case "--servers" -> servers = List.of(v.split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "# TCP echo, %d-byte messages, %d event-loop threads, %d s per run, %d cores%n",
                size, loops, seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %6s %14s %10s %10s%n", "server", "conns", "round trips/s", "p50 us",
                "p99 us");
        for (int c : conns) {
            for (String name : servers) {
                try (Server s = start(name, loops)) {
                    Result r = load(s.port(), c, size, warmup, seconds);
                    System.out.printf(Locale.ROOT, "%-8s %6d %14.0f %10.1f %10.1f%n", name, c, r.perSecond,
                            r.p50Nanos / 1e3, r.p99Nanos / 1e3);
                }
            }
        }
        System.exit(0); // the JDK server's and clients' virtual threads are parked in accept/read
    }

    private static Server start(String name, int loops) throws Exception {
        return switch (name) {
            case "goro" -> goroServer(loops);
            case "reactor" -> reactorServer(loops);
            case "jdk" -> jdkServer();
            default -> throw new IllegalArgumentException("unknown server " + name);
        };
    }

    private static Server goroServer(int loops) throws IOException {
        LoopResources lr = LoopResources.create("goro-echo", loops, true);
        Network net = Network.of(lr, true);
        Listener ln = net.listen("127.0.0.1:0");
        Go.go("echo-accept", () -> {
            try {
                for (;;) {
                    Conn c = ln.accept();
                    Go.go(() -> {
                        byte[] buf = new byte[16 * 1024];
                        try (c) {
                            for (int n; (n = c.read(buf)) > 0; ) {
                                c.write(buf, 0, n);
                            }
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                }
            } catch (IOException e) {
                // listener closed
            }
        });
        return new Server() {
            public int port() {
                return ln.address().getPort();
            }

            public void close() {
                ln.close();
                lr.disposeLater().block();
            }
        };
    }

    private static Server reactorServer(int loops) {
        LoopResources lr = LoopResources.create("reactor-echo", loops, true);
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0).runOn(lr)
                .handle((in, out) -> out.send(in.receive().retain()))
                .bindNow();
        return new Server() {
            public int port() {
                return s.port();
            }

            public void close() {
                s.disposeNow();
                lr.disposeLater().block();
            }
        };
    }

    private static Server jdkServer() throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        Thread.ofVirtual().start(() -> {
            try {
                for (;;) {
                    Socket c = ss.accept();
                    c.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> {
                        byte[] buf = new byte[16 * 1024];
                        try (c) {
                            InputStream in = c.getInputStream();
                            OutputStream out = c.getOutputStream();
                            for (int n; (n = in.read(buf)) > 0; ) {
                                out.write(buf, 0, n);
                            }
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                }
            } catch (IOException e) {
                // closed
            }
        });
        return new Server() {
            public int port() {
                return ss.getLocalPort();
            }

            public void close() {
                try {
                    ss.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        };
    }

    private record Result(double perSecond, long p50Nanos, long p99Nanos) {
    }

    /** Latency samples kept in all (the first ones of each connection's measured window, split evenly). */
    private static final int SAMPLES = 1 << 22;

    private static Result load(int port, int conns, int size, int warmup, int seconds) throws Exception {
        int perConn = Math.max(1024, SAMPLES / conns);
        long[][] samples = new long[conns][];
        int[] sampleCount = new int[conns];
        long[] counts = new long[conns];
        CountDownLatch connected = new CountDownLatch(conns);
        CountDownLatch done = new CountDownLatch(conns);
        long startMeasure = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup) + TimeUnit.MILLISECONDS.toNanos(500);
        long end = startMeasure + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> clients = new ArrayList<>(conns);
        for (int i = 0; i < conns; i++) {
            int id = i;
            samples[i] = new long[perConn];
            clients.add(Thread.ofVirtual().start(() -> {
                byte[] msg = new byte[size];
                byte[] back = new byte[size];
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    connected.countDown();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (;;) {
                        long t0 = System.nanoTime();
                        if (t0 - end >= 0) {
                            break;
                        }
                        out.write(msg);
                        for (int off = 0; off < size; ) {
                            int n = in.read(back, off, size - off);
                            if (n < 0) {
                                throw new IOException("server closed");
                            }
                            off += n;
                        }
                        long t1 = System.nanoTime();
                        if (t0 - startMeasure >= 0) {
                            counts[id]++;
                            if (sampleCount[id] < perConn) {
                                samples[id][sampleCount[id]++] = t1 - t0;
                            }
                        }
                    }
                } catch (IOException e) {
                    System.err.println("client " + id + ": " + e);
                    connected.countDown();
                } finally {
                    done.countDown();
                }
            }));
        }
        if (!done.await(warmup + seconds + 60L, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not finish");
        }
        long total = Arrays.stream(counts).sum();
        int n = Arrays.stream(sampleCount).sum();
        long[] all = new long[n];
        int k = 0;
        for (int i = 0; i < conns; i++) {
            System.arraycopy(samples[i], 0, all, k, sampleCount[i]);
            k += sampleCount[i];
        }
        Arrays.sort(all);
        return new Result(total / (double) seconds, n == 0 ? 0 : all[n / 2], n == 0 ? 0 : all[(int) (n * 0.99)]);
    }
}
