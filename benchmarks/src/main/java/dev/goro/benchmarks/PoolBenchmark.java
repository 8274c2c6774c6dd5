package dev.goro.benchmarks;

import dev.goro.Go;
import dev.goro.Time;
import dev.goro.pool.Pool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link Pool} beside a goroutine per task, in one run (ants' BenchmarkAntsPool beside BenchmarkGoroutines). A
 * driver goroutine starts every task and waits for all of them; reports ns per task.
 * <ul>
 *   <li>{@code shortTasks}: 1,000,000 tasks that only count down a latch: the cost of handing a task to a reused
 *       worker against spawning a goroutine.</li>
 *   <li>{@code parkingTasks}: 100,000 tasks that each sleep 1 ms: the pool runs at most {@value #CAPACITY} at once
 *       and holds the driver back, the goroutines all park together. Retained memory for this shape is measured by
 *       {@link PoolMemory}.</li>
 * </ul>
 *
 * <pre>{@code
 * mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks.jar PoolBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class PoolBenchmark {
    static final int SHORT = 1_000_000;
    static final int PARKING = 100_000;
    /** Pool capacity for both workloads (ants' benchmarks use one large pool for all of theirs). */
    static final int CAPACITY = 10_000;
    static final String POOL = "pool";
    static final String GOROUTINE = "goroutine";

    @Param({POOL, GOROUTINE})
    public String mode;

    private Pool pool;

    @Setup(Level.Trial)
    public void setUp() {
        if (POOL.equals(mode)) {
            pool = new Pool(CAPACITY);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.release(Duration.ofMinutes(1));
        }
    }

    @Benchmark
    @OperationsPerInvocation(SHORT)
    public long shortTasks() throws Exception {
        return run(SHORT, null);
    }

    @Benchmark
    @OperationsPerInvocation(PARKING)
    public long parkingTasks() throws Exception {
        return run(PARKING, Duration.ofMillis(1));
    }

    private long run(int n, Duration sleep) throws Exception {
        return Go.main(() -> {
            CountDownLatch done = new CountDownLatch(n);
            Runnable task = sleep == null ? done::countDown : () -> {
                Time.sleep(sleep);
                done.countDown();
            };
            for (int i = 0; i < n; i++) {
                if (pool != null) {
                    pool.submit(task);
                } else {
                    Go.go(task);
                }
            }
            done.await();
            return done.getCount();
        });
    }
}
