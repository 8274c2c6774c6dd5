package dev.goro.blockhound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.GoroutineInfo;
import dev.goro.Runtime;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * goro's own internals never trigger BlockHound: a broad goroutine workload (spawns, joins, yields, hand-offs,
 * locks, sleeps, Go.blocking with real blocking calls and the carrier hand-off it causes, sysmon retaking a
 * busy processor, GOMAXPROCS changes, introspection, the uncaught-exception log, sockets) runs with BlockHound
 * installed and throwing, and produces no report. Runs in the BlockHound JVM (see core/pom.xml).
 */
@Tag("blockhound")
class GoroutineWorkloadBlockHoundTest {

    @TempDir
    Path dir;

    @Test
    void broadWorkload_withBlockHoundThrowing_reportsNothing() throws Exception {
        GoroBlockHound.installThrowing();
        List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        Path log = dir.resolve("uncaught.log");
        try (AutoCloseable ignored = GoroBlockHound.onReport(reports::add)) {
            Go.main(() -> {
                spawnsJoinsAndYields();
                handOffsLocksAndSleeps();
                goBlockingWithRealBlockingCalls();
                sysmonRetakesABusyProcessor();
                introspection();
                uncaughtExceptionIsLogged(log);
                socketsBetweenGoroutines();
                return null;
            });
        }
        assertTrue(reports.isEmpty(), () -> reports.size() + " reports, first: " + reports.get(0));
        assertTrue(Files.readString(log).contains("boom"), "the uncaught exception was logged from its goroutine");
    }

    private static void spawnsJoinsAndYields() throws Exception {
        int n = 2_000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicLong sum = new AtomicLong();
        for (int i = 0; i < n; i++) {
            int v = i;
            Go.go(() -> {
                sum.addAndGet(v);
                done.countDown();
            });
        }
        done.await();
        assertEquals((long) n * (n - 1) / 2, sum.get());
        List<Goroutine> yielders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            yielders.add(Go.go("yielder-" + i, () -> {
                for (int k = 0; k < 500; k++) {
                    Go.gosched();
                }
            }));
        }
        for (Goroutine g : yielders) {
            assertTrue(g.join(Duration.ofSeconds(30)));
        }
    }

    private static void handOffsLocksAndSleeps() throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Goroutine echo = Go.go("echo", () -> {
            try {
                for (int i = 0; i < 1_000; i++) {
                    pong.put(ping.take() + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 1_000; i++) {
            ping.put(i);
            assertEquals(i + 1, pong.take());
        }
        echo.join();

        ReentrantLock lock = new ReentrantLock();
        Semaphore permits = new Semaphore(2);
        Object monitor = new Object();
        long[] counter = {0};
        List<Goroutine> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(Go.go("worker-" + i, () -> {
                try {
                    for (int k = 0; k < 200; k++) {
                        lock.lock();
                        try {
                            counter[0]++;
                        } finally {
                            lock.unlock();
                        }
                        permits.acquire();
                        try {
                            LockSupport.parkNanos(10_000);
                        } finally {
                            permits.release();
                        }
                    }
                    Thread.sleep(1);
                    synchronized (monitor) {
                        monitor.notifyAll();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Goroutine g : workers) {
            g.join();
        }
        assertEquals(8 * 200, counter[0]);

        Goroutine sleeper = Go.go("sleeper", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // interrupted while parked: the expected way out
            }
        });
        LockSupport.parkNanos(1_000_000);
        sleeper.interrupt();
        assertTrue(sleeper.join(Duration.ofSeconds(30)));
    }

    private static void goBlockingWithRealBlockingCalls() throws Exception {
        Path file = Go.blocking(() -> Files.writeString(Files.createTempFile("goro", ".txt"), "carrier"));
        List<Goroutine> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(Go.go("reader-" + i, () -> {
                try {
                    Go.blocking(() -> {
                        try (InputStream in = new FileInputStream(file.toFile())) {
                            assertEquals('c', in.read());
                        }
                        Go.go(() -> { }); // a spawn from inside a blocking section
                        LockSupport.parkNanos(100_000);
                        try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
                            out.write('!');
                        }
                        return Files.readString(file);
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (Goroutine g : readers) {
            g.join();
        }
        Go.blocking(() -> Files.deleteIfExists(file));
    }

    private static void sysmonRetakesABusyProcessor() throws Exception {
        int procs = Runtime.gomaxprocs();
        List<Goroutine> spinners = new ArrayList<>();
        CountDownLatch queuedRan = new CountDownLatch(procs);
        for (int i = 0; i < procs; i++) {
            spinners.add(Go.go("spinner-" + i, () -> {
                long end = System.nanoTime() + 30_000_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait(); // a spin hint from a goroutine: not a blocking call
                }
            }));
        }
        for (int i = 0; i < procs; i++) {
            Go.go(queuedRan::countDown);
        }
        queuedRan.await();
        for (Goroutine g : spinners) {
            g.join();
        }
        int old = Runtime.setGOMAXPROCS(1);
        try {
            Go.go("after-resize", () -> { }).join();
        } finally {
            Runtime.setGOMAXPROCS(old);
        }
    }

    private static void introspection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Goroutine parked = Go.go("parked", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LockSupport.parkNanos(1_000_000);
        String all = Runtime.stack(true);
        assertTrue(all.contains("goroutine " + parked.id() + " ["), all);
        assertFalse(Runtime.stack(false).isEmpty());
        List<GoroutineInfo> infos = Runtime.goroutinesWithStacks();
        assertTrue(infos.stream().anyMatch(i -> i.id() == parked.id()));
        assertTrue(Runtime.goroutines().size() >= 2);
        assertTrue(Runtime.numGoroutine() >= 2);
        parked.state();
        parked.info();
        Runtime.schedStats().toSchedtraceLine();
        release.countDown();
        parked.join();
    }

    private static void uncaughtExceptionIsLogged(Path log) throws Exception {
        Logger runtimeLog = Logger.getLogger("dev.goro.runtime");
        OutputStream out = Go.blocking(() -> new FileOutputStream(log.toFile()));
        Handler toFile = new StreamHandler(out, new SimpleFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush(); // written from the failing goroutine itself, as Go prints a panic
            }
        };
        boolean parents = runtimeLog.getUseParentHandlers();
        runtimeLog.addHandler(toFile);
        runtimeLog.setUseParentHandlers(false);
        try {
            Go.go("fails", () -> {
                throw new IllegalStateException("boom");
            }).join();
        } finally {
            runtimeLog.removeHandler(toFile);
            runtimeLog.setUseParentHandlers(parents);
            Go.blocking(toFile::close);
        }
    }

    private static void socketsBetweenGoroutines() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Goroutine acceptor = Go.go("acceptor", () -> {
                for (int i = 0; i < 4; i++) {
                    try (Socket s = server.accept()) {
                        s.getOutputStream().write(s.getInputStream().read() + 1);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            for (int i = 0; i < 4; i++) {
                try (Socket c = new Socket()) {
                    c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                    c.getOutputStream().write(i);
                    assertEquals(i + 1, c.getInputStream().read());
                }
            }
            acceptor.join();
        }
    }
}
