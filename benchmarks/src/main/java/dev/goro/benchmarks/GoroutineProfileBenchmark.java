package dev.goro.benchmarks;

import dev.goro.Go;
import dev.goro.GoroutineState;
import dev.goro.pprof.Pprof;
import dev.goro.internal.pprof.Census;
import dev.goro.internal.sched.Allgs;
import dev.goro.internal.sched.G;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of seeing every goroutine: the goroutine profile in its three forms, the human dump and the count by
 * state, with {@code goroutines} goroutines parked in the same two places (half of them with labels), as a
 * server with many idle connections would have them.
 *
 * <p>Baseline in the same run: {@code stackWalksOnly}, the bare stack capture of every goroutine
 * ({@code Thread.getStackTrace()} through the goroutine registry), the floor every full form pays.
 * Output goes to a counting sink, so the figures are production cost, not I/O.
 *
 * <p>Time per operation and, with {@code -prof gc}, allocation per operation:
 * {@snippet lang="shell" :
 * mvn -q -pl benchmarks -am package -DskipTests
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false -Xmx8g \
 *      -jar benchmarks/target/benchmarks.jar GoroutineProfileBenchmark -prof gc
 * }
 * With a million goroutines the JVM needs a few GB of heap for the parked goroutines themselves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false",
        "-Xmx8g"})
public class GoroutineProfileBenchmark {

    @Param({"10000", "1000000"})
    public int goroutines;

    private CountDownLatch release;

    @Setup(Level.Trial)
    public void park() throws Exception {
        release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(goroutines);
        Go.main(() -> {
            Pprof.doWithLabels(Pprof.labels("pool", "labelled"), () -> {
                for (int i = 0; i < goroutines / 2; i++) {
                    Go.go(() -> parkLabelled(parked, release));
                }
            });
            for (int i = goroutines / 2; i < goroutines; i++) {
                Go.go(() -> parkPlain(parked, release));
            }
        });
        parked.await();
        // Parked means counted down and about to wait: give the last ones a moment to reach the latch.
        while (Census.countByState()[GoroutineState.WAITING.ordinal()] < goroutines) {
            Thread.sleep(10);
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        release.countDown();
    }

    static void parkLabelled(CountDownLatch parked, CountDownLatch release) {
        parked.countDown();
        awaitQuietly(release);
    }

    static void parkPlain(CountDownLatch parked, CountDownLatch release) {
        parked.countDown();
        awaitQuietly(release);
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Benchmark
    public long profileProto() throws IOException {
        CountingSink out = new CountingSink();
        Pprof.writeGoroutineProfile(out, 0);
        return out.bytes;
    }

    @Benchmark
    public long profileDebug1() throws IOException {
        CountingSink out = new CountingSink();
        Pprof.writeGoroutineProfile(out, 1);
        return out.bytes;
    }

    @Benchmark
    public long profileDebug2() throws IOException {
        CountingSink out = new CountingSink();
        Pprof.writeGoroutineProfile(out, 2);
        return out.bytes;
    }

    @Benchmark
    public long humanDump() throws IOException {
        CountingSink out = new CountingSink();
        Pprof.writeGoroutineDump(out);
        return out.bytes;
    }

    @Benchmark
    public int[] countByState() {
        return Census.countByState();
    }

    @Benchmark
    public void stackWalksOnly(Blackhole bh) {
        for (G g : Allgs.snapshot()) {
            Thread t = g.thread();
            if (t != null) {
                bh.consume(t.getStackTrace());
            }
        }
    }

    /** Counts the bytes and drops them: the figures are the cost of producing the output, not of I/O. */
    static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
