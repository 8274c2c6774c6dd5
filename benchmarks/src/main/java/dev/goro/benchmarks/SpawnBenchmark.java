package dev.goro.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn + join of 1,000,000 goroutines (peer workload W2): each decrements a latch and exits; the driver waits
 * for all. goro beside JDK virtual threads on the default scheduler, in one run. Reports ns per goroutine.
 *
 * <pre>{@code
 * mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks.jar SpawnBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class SpawnBenchmark {
    static final int N = 1_000_000;

    @Param({Runtimes.GORO, Runtimes.JDK})
    public String runtime;

    @Benchmark
    @OperationsPerInvocation(N)
    public long spawnAndJoin() throws Exception {
        return Runtimes.drive(runtime, () -> {
            CountDownLatch done = new CountDownLatch(N);
            for (int i = 0; i < N; i++) {
                Runtimes.spawn(runtime, done::countDown);
            }
            done.await();
            return done.getCount();
        });
    }
}
