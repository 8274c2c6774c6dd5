package dev.goro.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.GoroutineInfo;
import dev.goro.Runtime;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * The transport-independent contract of goroutine sockets (after Netty's testsuite): each transport reruns it
 * by subclassing and saying which loops to use ({@link EpollNetpollTest}, {@link NioNetpollTest}). Loopback
 * only; every loop is bounded by a count, timeouts are hang guards only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class NetpollSpec {

    /** Whether this transport is native (true) or the NIO fallback. */
    abstract boolean preferNative();

    /** The transport name the network must report. */
    abstract String expectedTransport();

    LoopResources loops;
    Network net;

    @BeforeAll
    void setUpLoops() {
        loops = LoopResources.create("goro-" + expectedTransport(), 2, preferNative());
        net = Network.of(loops, preferNative());
    }

    @AfterAll
    void disposeLoops() {
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }

    // ---- helpers ----

    /** How long a test body may run before the harness declares a hang and dumps every goroutine. */
    static final Duration HANG_GUARD = Duration.ofSeconds(45);

    /**
     * Runs {@code body} as a goroutine and waits for it, rethrowing what it threw. A body still running after
     * {@link #HANG_GUARD} fails the test with all goroutines' tracebacks (Go's test timeout panic does the same).
     */
    static <T> T inGoroutine(java.util.concurrent.Callable<T> body) throws Exception {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Goroutine g = Go.go("test-body", () -> {
            try {
                value.set(body.call());
            } catch (Throwable t) {
                error.set(t);
            }
        });
        if (!g.join(HANG_GUARD)) {
            String dump = Runtime.stack(true);
            g.interrupt();
            fail("test body still running after " + HANG_GUARD + "; goroutines:\n" + dump);
        }
        Throwable t = error.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return value.get();
    }

    /** Starts an echo server: a goroutine per connection copying input to output until end of stream. */
    Listener echoServer(String address) throws IOException {
        Listener ln = net.listen(address);
        Go.go("echo-accept", () -> {
            try {
                for (;;) {
                    Conn c = ln.accept();
                    Go.go(() -> {
                        byte[] buf = new byte[32 * 1024];
                        try (c) {
                            for (int n; (n = c.read(buf)) > 0; ) {
                                c.write(buf, 0, n);
                            }
                            c.closeWrite();
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                }
            } catch (ClosedConnectionException e) {
                // listener closed: done
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        return ln;
    }

    static String addr(Listener ln) {
        InetSocketAddress a = ln.address();
        return (a.getAddress() instanceof Inet6Address ? "[::1]" : "127.0.0.1") + ":" + a.getPort();
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Waits (bounded) for the fd count to come back to {@code before}; NIO releases fds at its next select. */
    static void assertFdsBackTo(long before) throws Exception {
        long now = openFds();
        for (int i = 0; i < 100 && now > before; i++) {
            Thread.sleep(20);
            now = openFds();
        }
        assertTrue(now <= before, "descriptors leaked: " + before + " before, " + now + " after");
    }

    static void readFully(Conn c, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = c.read(b, off, b.length - off);
            if (n < 0) {
                throw new IOException("EOF after " + off + " of " + b.length);
            }
            off += n;
        }
    }

    static GoroutineInfo waitForState(long id, String reason) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (GoroutineInfo g : Runtime.goroutines()) {
                if (g.id() == id && reason.equals(g.waitReason())) {
                    return g;
                }
            }
            Thread.sleep(5);
        }
        fail("goroutine " + id + " never showed wait reason '" + reason + "'");
        return null;
    }

    // ---- transport ----

    @Test
    void network_onTheseLoops_usesExpectedTransport() {
        assertEquals(expectedTransport(), net.transport());
    }

    // ---- echo ----

    @Test
    void echo_randomPayloadsOverConcurrentConnections_arriveByteForByte() throws Exception {
        int[] sizes = {1, 2, 100, 1460, 4096, 65_535, 65_537, 300_000, 1 << 20, 16 << 20};
        int conns = 24;
        try (Listener ln = echoServer("127.0.0.1:0")) {
            String a = addr(ln);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            inGoroutine(() -> {
                CountDownLatch done = new CountDownLatch(conns);
                for (int i = 0; i < conns; i++) {
                    int size = sizes[i % sizes.length];
                    long seed = 1234 + i;
                    Go.go(() -> {
                        try (Conn c = net.dial(a)) {
                            byte[] payload = new byte[size];
                            new SplittableRandom(seed).nextBytes(payload);
                            // Writer and reader run at once, or a payload larger than the socket buffers deadlocks.
                            Goroutine w = Go.go("writer", () -> {
                                try {
                                    c.write(payload);
                                    c.closeWrite();
                                } catch (IOException e) {
                                    errors.add(e);
                                }
                            });
                            byte[] back = new byte[size];
                            readFully(c, back);
                            assertEquals(-1, c.read(new byte[1]), "echo sent more than it got");
                            w.join();
                            assertArrayEquals(payload, back, "payload of " + size + " bytes");
                        } catch (Throwable e) {
                            errors.add(e);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                done.await();
                return null;
            });
            if (!errors.isEmpty()) {
                throw new AssertionError(errors.size() + " connections failed", errors.peek());
            }
        }
    }

    @Test
    void echo_overIpv6Loopback_works() throws Exception {
        try (Listener ln = echoServer("[::1]:0")) {
            assertInstanceOf(Inet6Address.class, ln.address().getAddress());
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln))) {
                    assertInstanceOf(Inet6Address.class, c.remoteAddress().getAddress());
                    c.write("hello v6".getBytes());
                    byte[] b = new byte[8];
                    readFully(c, b);
                    assertEquals("hello v6", new String(b));
                }
                return null;
            });
        }
    }

    @Test
    void dial_hostName_resolvesWithoutBlockingCarrier() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial("localhost:" + ln.address().getPort(), Duration.ofSeconds(10))) {
                    c.write(new byte[] {42});
                    assertEquals(42, c.inputStream().read());
                }
                return null;
            });
        }
    }

    // Go's Dialer: "if d.Timeout != 0" — a zero timeout means no timeout, not an expired one.
    @Test
    void dial_zeroTimeout_meansNoTimeout() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln), Duration.ZERO)) {
                    c.write(new byte[] {7});
                    assertEquals(7, c.inputStream().read());
                }
                return null;
            });
        }
    }

    @Test
    void streams_blockingStyleCode_roundTrips() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln))) {
                    OutputStream out = c.outputStream();
                    new java.io.DataOutputStream(out).writeLong(0x0123456789ABCDEFL);
                    out.flush();
                    assertEquals(0x0123456789ABCDEFL, new DataInputStream(c.inputStream()).readLong());
                }
                return null;
            });
        }
    }

    // ---- many connections, descriptors ----

    @Test
    void openClose_10kConnections_descriptorCountComesBack() throws Exception {
        int total = 10_000, parallel = 64;
        try (Listener warm = net.listen("127.0.0.1:0"); Conn a = net.dial(addr(warm)); Conn b = warm.accept()) {
            // one full cycle first, so that lazily opened JDK and Netty descriptors are not counted as leaks
        }
        long before = openFds();
        try (Listener ln = net.listen("127.0.0.1:0")) {
            String a = addr(ln);
            Goroutine acceptor = Go.go("acceptor", () -> {
                try {
                    for (int i = 0; i < total; i++) {
                        ln.accept().close();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            inGoroutine(() -> {
                Semaphore slots = new Semaphore(parallel);
                CountDownLatch done = new CountDownLatch(total);
                for (int i = 0; i < total; i++) {
                    slots.acquire();
                    Go.go(() -> {
                        try (Conn c = net.dial(a)) {
                            c.read(new byte[1]); // end of stream once the server side closed
                        } catch (Throwable e) {
                            errors.add(e);
                        } finally {
                            slots.release();
                            done.countDown();
                        }
                    });
                }
                done.await();
                return null;
            });
            assertTrue(acceptor.join(Duration.ofSeconds(30)), () -> "acceptor stuck:\n" + Runtime.stack(true));
            if (!errors.isEmpty()) {
                throw new AssertionError(errors.size() + " dials failed", errors.peek());
            }
        }
        assertFdsBackTo(before);
    }

    // ---- deadlines ----

    @Test
    void read_pastDeadline_throwsTimeoutAndConnStaysUsable() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln))) {
                    c.setReadDeadline(Instant.now().plusMillis(50));
                    NetTimeoutException e = assertThrows(NetTimeoutException.class, () -> c.read(new byte[1]));
                    assertTrue(e.getMessage().startsWith("read tcp 127.0.0.1:"), e.getMessage());
                    assertTrue(e.getMessage().endsWith(": i/o timeout"), e.getMessage());
                    // Go: a deadline in the past fails at once, even with data waiting
                    c.setReadDeadline(null);
                    c.write(new byte[] {7});
                    byte[] one = new byte[1];
                    readFully(c, one);
                    assertEquals(7, one[0]);
                }
                return null;
            });
        }
    }

    @Test
    void readDeadline_movedEarlierWhileWaiting_wakesWaiterWithTimeout() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln))) {
                    c.setReadDeadline(Instant.now().plusSeconds(3600));
                    AtomicReference<Throwable> got = new AtomicReference<>();
                    Goroutine reader = Go.go("reader", () -> {
                        try {
                            c.read(new byte[1]);
                        } catch (Throwable e) {
                            got.set(e);
                        }
                    });
                    waitForState(reader.id(), "IO wait");
                    c.setReadDeadline(Instant.now().minusSeconds(1));
                    assertTrue(reader.join(Duration.ofSeconds(10)), "reader did not wake");
                    assertInstanceOf(NetTimeoutException.class, got.get());
                }
                return null;
            });
        }
    }

    @Test
    void readDeadline_movedLaterWhileWaiting_keepsWaitingForData() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln))) {
                    Instant first = Instant.now().plusSeconds(1);
                    c.setReadDeadline(first);
                    AtomicReference<Object> got = new AtomicReference<>();
                    Goroutine reader = Go.go("reader", () -> {
                        try {
                            byte[] b = new byte[1];
                            readFully(c, b);
                            got.set(b[0]);
                        } catch (Throwable e) {
                            got.set(e);
                        }
                    });
                    waitForState(reader.id(), "IO wait");
                    c.setReadDeadline(Instant.now().plusSeconds(3600)); // extend before the first one fires
                    Thread.sleep(Math.max(0, Duration.between(Instant.now(), first).toMillis()) + 200);
                    assertEquals(null, got.get(), "the reader must still be waiting past the first deadline");
                    c.write(new byte[] {9});
                    assertTrue(reader.join(Duration.ofSeconds(10)));
                    assertEquals((byte) 9, got.get());
                }
                return null;
            });
        }
    }

    @Test
    void write_toPeerThatDoesNotRead_parksInIoWaitThenTimesOutWithCount() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln)); Conn peer = ln.accept()) {
                    byte[] big = new byte[64 << 20]; // far more than loopback socket buffers hold
                    AtomicReference<Throwable> got = new AtomicReference<>();
                    Goroutine writer = Go.go("writer", () -> {
                        try {
                            c.write(big);
                        } catch (Throwable e) {
                            got.set(e);
                        }
                    });
                    waitForState(writer.id(), "IO wait");
                    c.setWriteDeadline(Instant.now());
                    assertTrue(writer.join(Duration.ofSeconds(10)));
                    NetTimeoutException e = assertInstanceOf(NetTimeoutException.class, got.get());
                    assertTrue(e.bytesTransferred > 0 && e.bytesTransferred < big.length, "" + e.bytesTransferred);
                    assertTrue(e.getMessage().startsWith("write tcp "), e.getMessage());
                }
                return null;
            });
        }
    }

    @Test
    void write_slowPeerDrains_writerResumesAndAllBytesArrive() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln)); Conn peer = ln.accept()) {
                    byte[] big = new byte[24 << 20];
                    new SplittableRandom(7).nextBytes(big);
                    Goroutine writer = Go.go("writer", () -> {
                        try {
                            c.write(big);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    waitForState(writer.id(), "IO wait"); // send buffer full: parked, not buffering in memory
                    byte[] back = new byte[big.length];
                    readFully(peer, back);
                    assertTrue(writer.join(Duration.ofSeconds(10)));
                    assertArrayEquals(big, back);
                }
                return null;
            });
        }
    }

    @Test
    void dial_deadlineAlreadyPassed_throwsTimeout() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                assertThrows(NetTimeoutException.class, () -> net.dial(addr(ln), Instant.now().minusSeconds(1)));
                return null;
            });
        }
    }

    @Test
    void dial_peerNeverAnswersSyn_timesOutWithIoTimeout() throws Exception {
        // A listener whose accept queue is full drops new SYNs: the connect stays pending, as to a dead host.
        try (java.net.ServerSocket full = new java.net.ServerSocket()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            String a = "127.0.0.1:" + full.getLocalPort();
            List<Conn> held = new java.util.ArrayList<>();
            long before = openFds();
            inGoroutine(() -> {
                NetTimeoutException timeout = null;
                for (int i = 0; i < 8 && timeout == null; i++) {
                    try {
                        held.add(net.dial(a, Duration.ofMillis(300)));
                    } catch (NetTimeoutException e) {
                        timeout = e;
                    }
                }
                assertNotNull(timeout, "some dial must wait for an answer that never comes");
                assertEquals("dial tcp " + a + ": i/o timeout", timeout.getMessage());
                return null;
            });
            held.forEach(Conn::close);
            assertFdsBackTo(before);
        }
    }

    // ---- half-close, close ----

    @Test
    void closeWrite_peerReadsEofAndCanStillReply() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln)); Conn peer = ln.accept()) {
                    c.write("request".getBytes());
                    c.closeWrite();
                    byte[] req = new byte[7];
                    readFully(peer, req);
                    assertEquals(-1, peer.read(new byte[16]), "peer sees end of stream after the half-close");
                    assertEquals(-1, peer.read(new byte[16]), "and again");
                    peer.write("reply".getBytes());
                    peer.close();
                    byte[] rep = new byte[5];
                    readFully(c, rep);
                    assertEquals("reply", new String(rep));
                    assertEquals(-1, c.read(new byte[1]));
                    assertThrows(SocketException.class, () -> c.write(new byte[1]), "write after closeWrite");
                }
                return null;
            });
        }
    }

    @Test
    void close_wakesParkedReaderAndWriterWithClosedError() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln)); Conn peer = ln.accept()) {
                    AtomicReference<Throwable> r = new AtomicReference<>(), w = new AtomicReference<>();
                    Goroutine reader = Go.go("reader", () -> {
                        try {
                            c.read(new byte[1]);
                        } catch (Throwable e) {
                            r.set(e);
                        }
                    });
                    Goroutine writer = Go.go("writer", () -> {
                        try {
                            c.write(new byte[64 << 20]);
                        } catch (Throwable e) {
                            w.set(e);
                        }
                    });
                    waitForState(reader.id(), "IO wait");
                    waitForState(writer.id(), "IO wait");
                    c.close();
                    assertTrue(reader.join(Duration.ofSeconds(10)) && writer.join(Duration.ofSeconds(10)));
                    ClosedConnectionException re = assertInstanceOf(ClosedConnectionException.class, r.get());
                    assertTrue(re.getMessage().endsWith("use of closed network connection"), re.getMessage());
                    assertInstanceOf(ClosedConnectionException.class, w.get());
                    c.close(); // idempotent
                }
                return null;
            });
        }
    }

    @Test
    void read_onClosedConn_throwsClosedWithGoText() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                Conn c = net.dial(addr(ln));
                try (Conn peer = ln.accept()) {
                    c.close();
                    ClosedConnectionException e = assertThrows(ClosedConnectionException.class,
                            () -> c.read(new byte[1]));
                    assertEquals("read tcp " + NetErrorsView.format(c.localAddress()) + "->"
                            + NetErrorsView.format(c.remoteAddress()) + ": use of closed network connection",
                            e.getMessage());
                    assertThrows(ClosedConnectionException.class, () -> c.write(new byte[1]));
                    assertThrows(ClosedConnectionException.class, () -> c.setDeadline(Instant.now()));
                }
                return null;
            });
        }
    }

    @Test
    void listenerClose_wakesParkedAccept() throws Exception {
        Listener ln = net.listen("127.0.0.1:0");
        AtomicReference<Throwable> got = new AtomicReference<>();
        Goroutine g = Go.go("acceptor", () -> {
            try {
                ln.accept();
            } catch (Throwable e) {
                got.set(e);
            }
        });
        waitForState(g.id(), "IO wait");
        ln.close();
        assertTrue(g.join(Duration.ofSeconds(10)));
        ClosedConnectionException e = assertInstanceOf(ClosedConnectionException.class, got.get());
        assertEquals("accept tcp " + NetErrorsView.format(ln.address()) + ": use of closed network connection",
                e.getMessage());
    }

    @Test
    void read_interruptedWhileParked_throwsGoInterruptedAndConsumesNothing() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Conn c = net.dial(addr(ln)); Conn peer = ln.accept()) {
                    AtomicReference<Throwable> got = new AtomicReference<>();
                    Goroutine reader = Go.go("reader", () -> {
                        try {
                            c.read(new byte[1]);
                        } catch (Throwable e) {
                            got.set(e);
                        }
                    });
                    waitForState(reader.id(), "IO wait");
                    reader.interrupt();
                    assertTrue(reader.join(Duration.ofSeconds(10)));
                    assertInstanceOf(GoInterruptedException.class, got.get());
                    peer.write(new byte[] {5});
                    byte[] b = new byte[1];
                    readFully(c, b); // the next reader gets the byte: no edge was lost
                    assertEquals(5, b[0]);
                }
                return null;
            });
        }
    }

    // ---- failures ----

    @Test
    void dial_closedPort_throwsConnectionRefused() throws Exception {
        Listener ln = net.listen("127.0.0.1:0");
        String a = addr(ln);
        ln.close();
        long before = openFds();
        inGoroutine(() -> {
            ConnectException e = assertThrows(ConnectException.class, () -> net.dial(a));
            assertEquals("dial tcp " + a + ": connect: connection refused", e.getMessage());
            return null;
        });
        assertFdsBackTo(before);
    }

    @Test
    void listen_addressInUse_throwsBindException() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            long before = openFds();
            BindException e = assertThrows(BindException.class, () -> net.listen(addr(ln)));
            assertEquals("listen tcp " + addr(ln) + ": bind: address already in use", e.getMessage());
            assertFdsBackTo(before);
        }
    }

    @Test
    void read_peerResets_throwsConnectionResetByPeer() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            inGoroutine(() -> {
                try (Socket jdk = new Socket("127.0.0.1", ln.address().getPort()); Conn c = ln.accept()) {
                    jdk.setSoLinger(true, 0); // close sends RST
                    jdk.close();
                    SocketException e = assertThrows(SocketException.class, () -> {
                        byte[] b = new byte[16];
                        while (c.read(b) >= 0) {
                            // nothing was sent; only the reset arrives
                        }
                    });
                    assertTrue(e.getMessage().endsWith(": connection reset by peer"), e.getMessage());
                }
                return null;
            });
        }
    }

    @Test
    void dialAndListen_malformedAddresses_throwIllegalArgumentWithGoText() {
        assertEquals("dial tcp: address 127.0.0.1: missing port in address",
                assertThrows(IllegalArgumentException.class, () -> net.dial("127.0.0.1")).getMessage());
        assertEquals("dial tcp: address ::1:80: too many colons in address",
                assertThrows(IllegalArgumentException.class, () -> net.dial("::1:80")).getMessage());
        assertEquals("dial tcp: address [::1:80: missing ']' in address",
                assertThrows(IllegalArgumentException.class, () -> net.dial("[::1:80")).getMessage());
        assertEquals("listen tcp: address 127.0.0.1:70000: invalid port",
                assertThrows(IllegalArgumentException.class, () -> net.listen("127.0.0.1:70000")).getMessage());
        assertEquals("dial tcp: lookup tcp/http: unknown port",
                assertThrows(IllegalArgumentException.class, () -> net.dial("127.0.0.1:http")).getMessage());
        assertThrows(NullPointerException.class, () -> net.dial(null));
    }

    @Test
    void dial_unknownHost_throwsUnknownHost() throws Exception {
        inGoroutine(() -> {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> net.dial("no-such-host.invalid:80"));
            assertEquals("dial tcp: lookup no-such-host.invalid: no such host", e.getMessage());
            return null;
        });
    }

    // ---- introspection ----

    @Test
    void blockedReader_showsIoWaitInGoroutineSnapshot() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            Conn c = net.dial(addr(ln));
            try (Conn peer = ln.accept()) {
                Goroutine reader = Go.go("io-waiter", () -> {
                    try {
                        c.read(new byte[1]);
                    } catch (IOException e) {
                        // closed below
                    }
                });
                GoroutineInfo info = waitForState(reader.id(), "IO wait");
                assertEquals("io-waiter", info.name());
                assertTrue(Runtime.stack(true).contains("[IO wait"), "traceback shows the wait");
            } finally {
                c.close();
            }
        }
    }

    @Test
    void plainThread_canDialReadAndWrite() throws Exception {
        try (Listener ln = echoServer("127.0.0.1:0"); Conn c = net.dial(addr(ln))) {
            c.write(new byte[] {1, 2, 3});
            byte[] b = new byte[3];
            readFully(c, b);
            assertArrayEquals(new byte[] {1, 2, 3}, b);
            assertNotNull(c.localAddress());
        }
    }

    @Test
    void readOnItsOwnLoopThread_throwsIllegalStateAndCloseThereDoesNotDeadlock() throws Exception {
        try (Listener ln = net.listen("127.0.0.1:0")) {
            Conn c = net.dial(addr(ln));
            try (Conn peer = ln.accept()) {
                io.netty.channel.IoEventLoop loop = ((TcpConn) c).fd().loop();
                Throwable t = loop.submit(() -> {
                    try {
                        c.read(new byte[1]);
                        return null;
                    } catch (Throwable e) {
                        return e;
                    }
                }).get(10, TimeUnit.SECONDS);
                assertInstanceOf(IllegalStateException.class, t);
                loop.submit(c::close).get(10, TimeUnit.SECONDS); // closes without waiting for its own loop
                assertThrows(ClosedConnectionException.class, () -> c.read(new byte[1]));
            }
        }
    }

    // ---- sharing Reactor Netty's loops ----

    @Test
    void httpServerAndGoroutineServer_onSameLoopResources_areServedBySameLoopThread() throws Exception {
        LoopResources shared = LoopResources.create("goro-shared", 1, preferNative());
        try {
            Network sharedNet = Network.of(shared, preferNative());
            Set<String> httpThreads = ConcurrentHashMap.newKeySet();
            DisposableServer http = HttpServer.create().host("127.0.0.1").port(0).runOn(shared, preferNative())
                    .handle((req, res) -> {
                        httpThreads.add(Thread.currentThread().getName());
                        return res.sendString(Mono.just("hi"));
                    })
                    .bindNow();
            try (Listener ln = sharedNet.listen("127.0.0.1:0")) {
                Set<String> pollThreads = ConcurrentHashMap.newKeySet();
                inGoroutine(() -> {
                    // Both servers at once: a goroutine echo exchange and HTTP requests, interleaved.
                    for (int i = 0; i < 4; i++) {
                        try (Conn c = sharedNet.dial(addr(ln)); Conn s = ln.accept()) {
                            c.write(new byte[] {(byte) i});
                            byte[] b = new byte[1];
                            readFully(s, b);
                            s.write(b);
                            readFully(c, b);
                            for (Conn x : List.of(c, s)) {
                                io.netty.channel.IoEventLoop loop = ((TcpConn) x).fd().loop();
                                pollThreads.add(loop.submit(() -> Thread.currentThread().getName()).get());
                            }
                        }
                        // A raw HTTP/1.1 request from a goroutine socket to the Reactor Netty server.
                        try (Conn h = sharedNet.dial("127.0.0.1:" + http.port())) {
                            h.write(("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes());
                            String resp = new String(h.inputStream().readAllBytes());
                            assertTrue(resp.startsWith("HTTP/1.1 200 OK") && resp.endsWith("hi"), resp);
                        }
                    }
                    return null;
                });
                assertEquals(1, httpThreads.size(), "one loop thread: " + httpThreads);
                assertEquals(httpThreads, pollThreads, "the same event-loop thread served both servers");
            } finally {
                http.disposeNow();
            }
        } finally {
            shared.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
    }

    @Test
    void reactorNettyClient_sendsToGoroutineServer_goroutineReadsEveryByte() throws Exception {
        byte[] payload = new byte[1 << 20];
        new SplittableRandom(11).nextBytes(payload);
        try (Listener ln = net.listen("127.0.0.1:0")) {
            AtomicReference<Object> got = new AtomicReference<>();
            Goroutine server = Go.go("server", () -> {
                try (Conn c = ln.accept()) {
                    got.set(c.inputStream().readAllBytes());
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            Connection client = TcpClient.create().host("127.0.0.1").port(ln.address().getPort())
                    .runOn(loops, preferNative()).connectNow(Duration.ofSeconds(10));
            client.outbound().sendByteArray(Mono.just(payload)).then().block(Duration.ofSeconds(10));
            client.disposeNow(Duration.ofSeconds(10));
            assertTrue(server.join(Duration.ofSeconds(10)));
            assertArrayEquals(payload, assertInstanceOf(byte[].class, got.get()));
        }
    }

    @Test
    void goroutineClient_sendsToReactorNettyServer_serverReceivesEveryByte() throws Exception {
        byte[] payload = new byte[1 << 20];
        new SplittableRandom(13).nextBytes(payload);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        DisposableServer tcp = TcpServer.create().host("127.0.0.1").port(0).runOn(loops, preferNative())
                .handle((in, out) -> {
                    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                    return in.receive().asByteArray().doOnNext(b -> {
                        got.writeBytes(b); // one connection: the loop delivers its chunks in order
                        if (got.size() >= payload.length) {
                            received.complete(got.toByteArray());
                        }
                    }).then();
                })
                .bindNow();
        try {
            inGoroutine(() -> {
                try (Conn c = net.dial("127.0.0.1:" + tcp.port())) {
                    c.write(payload);
                }
                return null;
            });
            assertArrayEquals(payload, received.get(10, TimeUnit.SECONDS));
        } finally {
            tcp.disposeNow();
        }
    }

    @Test
    void loopShutdown_wakesParkedReaderWithErrorAndCloseStillReleasesDescriptor() throws Exception {
        LoopResources doomed = LoopResources.create("goro-doomed", 1, preferNative());
        Network dn = Network.of(doomed, preferNative());
        long before = openFds();
        Listener ln = dn.listen("127.0.0.1:0");
        Conn c = dn.dial(addr(ln));
        Conn s = ln.accept();
        AtomicReference<Throwable> got = new AtomicReference<>();
        Goroutine reader = Go.go("reader", () -> {
            try {
                c.read(new byte[1]);
            } catch (Throwable e) {
                got.set(e);
            }
        });
        waitForState(reader.id(), "IO wait");
        doomed.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        assertTrue(reader.join(Duration.ofSeconds(10)), "reader woke when its loop shut down");
        assertInstanceOf(SocketException.class, got.get());
        assertTrue(got.get().getMessage().contains("shut down"), got.get().getMessage());
        c.close();
        s.close();
        ln.close();
        assertFdsBackTo(before);
    }

    /** Reaches the Go-style address format the messages use. */
    static final class NetErrorsView {
        static String format(InetSocketAddress a) {
            return dev.goro.internal.netpoll.NetErrors.format(a);
        }
    }
}
