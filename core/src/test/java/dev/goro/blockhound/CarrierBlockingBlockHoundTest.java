package dev.goro.blockhound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.goro.Go;
import dev.goro.Goroutine;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockingOperationError;
import reactor.core.scheduler.Schedulers;

/**
 * Which calls goro's BlockHound integration reports: a goroutine blocking its carrier (file I/O, process start,
 * a wait while pinned) is caught, a goroutine that only parks is not, {@code Go.blocking} is allowed, and a
 * Reactor non-blocking thread waiting on a goro operation is caught. Runs in the BlockHound JVM
 * (see core/pom.xml); BlockHound throws, as it does by default.
 */
@Tag("blockhound")
class CarrierBlockingBlockHoundTest {
    private static final boolean WAIT_UNMOUNTS = java.lang.Runtime.version().feature() >= 24;

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void install() throws IOException {
        GoroBlockHound.installThrowing();
        file = Files.writeString(dir.resolve("data.txt"), "goro");
    }

    /** What happened when {@code body} ran in a goroutine named "probe". */
    private record Outcome(List<BlockingReport> reports, Throwable thrown, Goroutine goroutine) {
        BlockingReport only() {
            assertEquals(1, reports.size(), () -> "reports: " + reports);
            return reports.get(0);
        }

        void assertNoReport() {
            assertTrue(reports.isEmpty(), () -> "unexpected reports: " + reports);
            assertNull(thrown, () -> "unexpected failure: " + thrown);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Outcome inGoroutine(Body body) throws Exception {
        List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g;
        try (AutoCloseable ignored = GoroBlockHound.onReport(reports::add)) {
            g = Go.go("probe", () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            assertTrue(g.join(Duration.ofSeconds(30)), "probe goroutine hung");
        }
        return new Outcome(reports, thrown.get(), g);
    }

    // ---- Blocking kinds: reported ----

    @Test
    void fileRead_inGoroutine_reportedWithGoroutineCreationSiteAndFix() throws Exception {
        Outcome o = inGoroutine(() -> {
            try (InputStream in = new FileInputStream(file.toFile())) {
                in.read();
            }
        });
        BlockingReport r = o.only();
        assertEquals("java.io.FileInputStream.read0", r.method());
        assertNotNull(r.goroutine());
        assertEquals(o.goroutine().id(), r.goroutine().id());
        assertEquals("probe", r.goroutine().name());
        StackTraceElement site = r.goroutine().creationSite();
        assertEquals(CarrierBlockingBlockHoundTest.class.getName(), site.getClassName());
        assertEquals("inGoroutine", site.getMethodName());
        assertTrue(r.carrier().startsWith("goro-m"), r.carrier());
        assertNull(r.operation(), "called from user code, not through goro");
        assertTrue(r.fix().contains("Go.blocking(...)"), r.fix());
        assertEquals("java.io.FileInputStream", r.stack().get(0).getClassName());

        BlockingOperationError e = assertInstanceOf(BlockingOperationError.class, o.thrown());
        String m = e.getMessage();
        assertTrue(m.startsWith("Blocking call! java.io.FileInputStream#read0 in goroutine " + r.goroutine().id()
                + " \"probe\" on carrier goro-m"), m);
        assertTrue(m.contains("\ncreated by " + CarrierBlockingBlockHoundTest.class.getName() + ".inGoroutine"), m);
        assertTrue(m.contains("\nfix: file I/O blocks the carrier thread"), m);
        assertEquals("java.io.FileInputStream", e.getStackTrace()[0].getClassName(), "BlockHound's frames stripped");
    }

    @Test
    void fileWrite_inGoroutine_reported() throws Exception {
        Path out = dir.resolve("out.txt");
        Outcome o = inGoroutine(() -> {
            try (OutputStream os = new FileOutputStream(out.toFile())) {
                os.write(new byte[] {1, 2, 3});
            }
        });
        assertEquals("java.io.FileOutputStream.writeBytes", o.only().method());
        assertInstanceOf(BlockingOperationError.class, o.thrown());
    }

    @Test
    void nioFileRead_inGoroutine_reported() throws Exception {
        Outcome o = inGoroutine(() -> Files.readString(file));
        BlockingReport r = o.only();
        assertEquals("sun.nio.ch.FileChannelImpl.read", r.method());
        assertTrue(r.fix().contains("Go.blocking(...)"), r.fix());
    }

    @Test
    void nioFileWrite_inGoroutine_reported() throws Exception {
        Path out = dir.resolve("nio-out.txt");
        Outcome o = inGoroutine(() -> Files.writeString(out, "goro"));
        assertEquals("sun.nio.ch.FileChannelImpl.write", o.only().method());
    }

    @Test
    void randomAccessFileRead_inGoroutine_reported() throws Exception {
        Outcome o = inGoroutine(() -> {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                raf.read(new byte[4]);
            }
        });
        assertEquals("java.io.RandomAccessFile.readBytes", o.only().method());
    }

    @Test
    void processStart_inGoroutine_reportedWithGoBlockingFix() throws Exception {
        Outcome o = inGoroutine(() -> new ProcessBuilder("true").start());
        BlockingReport r = o.only();
        assertEquals("java.lang.ProcessImpl.forkAndExec", r.method());
        assertTrue(r.fix().contains("start it inside Go.blocking(...)"), r.fix());
    }

    /** A class whose initializer parks: the goroutine cannot unmount while it initializes a class. */
    static final class ParksInInitializer {
        static {
            LockSupport.parkNanos(1_000_000);
        }

        static void touch() {
        }
    }

    @Test
    void parkInClassInitializer_inGoroutine_reportedAsPinned() throws Exception {
        Outcome o = inGoroutine(ParksInInitializer::touch);
        BlockingReport r = o.only();
        assertEquals("jdk.internal.misc.Unsafe.park", r.method());
        assertTrue(r.fix().contains("pinned to its carrier by the class initializer of "
                + ParksInInitializer.class.getName()), r.fix());
        assertInstanceOf(BlockingOperationError.class, o.thrown());
    }

    /** A class whose initializer waits on a monitor. */
    static final class WaitsInInitializer {
        private static final Object LOCK = new Object();

        static {
            synchronized (LOCK) {
                try {
                    LOCK.wait(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        static void touch() {
        }
    }

    @Test
    void objectWaitInClassInitializer_inGoroutine_reportedAsPinned() throws Exception {
        Outcome o = inGoroutine(WaitsInInitializer::touch);
        BlockingReport r = o.only();
        assertEquals("java.lang.Object.wait", r.method());
        assertTrue(r.fix().contains("class initializer of " + WaitsInInitializer.class.getName()), r.fix());
    }

    /** Callback mode: the call proceeds, and the callback may itself block (write a file) without a new report. */
    @Test
    void install_callbackThatWritesAFile_callProceedsAndIsReportedOnce() throws Exception {
        Path sink = dir.resolve("reports.txt");
        List<BlockingReport> seen = new CopyOnWriteArrayList<>();
        GoroBlockHound.install(report -> {
            seen.add(report);
            try (OutputStream out = new FileOutputStream(sink.toFile(), true)) {
                out.write(report.message().getBytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        try {
            Outcome o = inGoroutine(() -> {
                try (InputStream in = new FileInputStream(file.toFile())) {
                    assertEquals('g', in.read());
                }
            });
            assertNull(o.thrown(), "callback mode does not throw");
            assertEquals(1, o.reports().size(), () -> "reports: " + o.reports());
            assertEquals(1, seen.size());
        } finally {
            GoroBlockHound.installThrowing();
        }
        assertTrue(Files.readString(sink).startsWith("Blocking call! java.io.FileInputStream#read0 in goroutine "));
    }

    // ---- Parking kinds: not reported ----

    @Test
    void sleep_inGoroutine_notReported() throws Exception {
        inGoroutine(() -> Thread.sleep(2)).assertNoReport();
    }

    @Test
    void lockSupportPark_inGoroutine_notReported() throws Exception {
        inGoroutine(() -> LockSupport.parkNanos(2_000_000)).assertNoReport();
    }

    @Test
    void sleepInsideSynchronized_onJdk24_notReported() throws Exception {
        assumeTrue(WAIT_UNMOUNTS, "virtual threads pin inside synchronized before JDK 24");
        Object lock = new Object();
        inGoroutine(() -> {
            synchronized (lock) {
                Thread.sleep(2);
            }
        }).assertNoReport();
    }

    @Test
    void objectWait_unpinnedOnJdk24_notReported() throws Exception {
        assumeTrue(WAIT_UNMOUNTS, "Object.wait pins virtual threads before JDK 24");
        Object lock = new Object();
        inGoroutine(() -> {
            synchronized (lock) {
                lock.wait(2);
            }
        }).assertNoReport();
    }

    /** SynchronousQueue spins with Thread.onSpinWait before it parks: a hint, not a block. */
    @Test
    void synchronousQueueHandOff_spinsThenParks_notReported() throws Exception {
        inGoroutine(() -> {
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            Goroutine producer = Go.go("producer", () -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        q.put(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 200; i++) {
                assertEquals(i, q.take());
            }
            producer.join();
        }).assertNoReport();
    }

    /** Virtual threads poll sockets and park: connect, accept, read and write only park the goroutines. */
    @Test
    void socketIo_inGoroutines_notReported() throws Exception {
        inGoroutine(() -> {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Goroutine client = Go.go("client", () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                        s.getOutputStream().write(42);
                        assertEquals(43, s.getInputStream().read());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
                try (Socket s = server.accept()) {
                    int b = s.getInputStream().read();
                    s.getOutputStream().write(b + 1);
                }
                client.join();
            }
        }).assertNoReport();
    }

    @Test
    void processWaitFor_inGoroutine_notReported() throws Exception {
        inGoroutine(() -> {
            Process p = Go.blocking(() -> new ProcessBuilder("true").start());
            assertEquals(0, p.waitFor()); // the JDK's reaper thread waits; the goroutine parks
        }).assertNoReport();
    }

    // ---- Go.blocking: allowed ----

    @Test
    void fileRead_insideGoBlocking_notReported() throws Exception {
        inGoroutine(() -> Go.blocking(() -> Files.readString(file))).assertNoReport();
    }

    /** A goro wait inside Go.blocking must not end the blocking section's permission. */
    @Test
    void fileRead_insideGoBlockingAfterAGoroWait_notReported() throws Exception {
        inGoroutine(() -> Go.blocking(() -> {
            Go.go("short", () -> { }).join();
            return Files.readString(file);
        })).assertNoReport();
    }

    @Test
    void fileRead_afterGoBlockingReturned_reported() throws Exception {
        Outcome o = inGoroutine(() -> {
            Go.blocking(() -> Files.readString(file));
            Files.readString(file);
        });
        assertEquals(1, o.reports().size(), () -> "reports: " + o.reports());
    }

    // ---- Non-blocking threads of Reactor calling goro operations ----

    @Test
    void goroutineJoin_onReactorParallelThread_reportedNamingTheOperation() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Goroutine waiter = Go.go("waiter", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        try (AutoCloseable ignored = GoroBlockHound.onReport(reports::add)) {
            Schedulers.parallel().schedule(() -> {
                try {
                    waiter.join();
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            assertInstanceOf(BlockingOperationError.class, thrown.get(30, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            waiter.join();
        }
        assertEquals(1, reports.size(), () -> "reports: " + reports);
        BlockingReport r = reports.get(0);
        assertEquals("jdk.internal.misc.Unsafe.park", r.method());
        assertTrue(r.thread().startsWith("parallel-"), r.thread());
        assertNull(r.goroutine());
        assertNull(r.carrier());
        assertEquals("dev.goro.Goroutine.join", r.operation());
        assertTrue(r.fix().contains("call it from a goroutine (Go.go)"), r.fix());
        assertTrue(r.message().startsWith("Blocking call! jdk.internal.misc.Unsafe#park in dev.goro.Goroutine.join "
                + "on non-blocking thread parallel-"), r.message());
    }

    /** goro marks NIO file channels for goroutines only: Reactor's threads keep BlockHound's usual list. */
    @Test
    void nioFileRead_onReactorParallelThread_notReported() throws Exception {
        List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        try (AutoCloseable ignored = GoroBlockHound.onReport(reports::add)) {
            Schedulers.parallel().schedule(() -> {
                try {
                    Files.readString(file);
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            assertNull(thrown.get(30, TimeUnit.SECONDS));
        }
        assertTrue(reports.isEmpty(), () -> "reports: " + reports);
    }

    @Test
    void goroutineJoin_onReactorBoundedElasticThread_notReported() throws Exception {
        List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        try (AutoCloseable ignored = GoroBlockHound.onReport(reports::add)) {
            Goroutine g = Go.go("short", () -> LockSupport.parkNanos(1_000_000));
            Schedulers.boundedElastic().schedule(() -> {
                try {
                    g.join();
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            assertNull(thrown.get(30, TimeUnit.SECONDS));
        }
        assertTrue(reports.isEmpty(), () -> "reports: " + reports);
    }
}
