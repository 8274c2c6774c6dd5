package dev.goro.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * The scheduler's own hand-off cost: two goroutines take turns through a shared counter, each parking with
 * LockSupport until the other unparks it; 100,000 round trips (2 parks, 2 unparks, 2 submits each). No channel,
 * no queue: this is the floor any channel ping-pong stands on. goro beside the JDK's default scheduler, at
 * GOMAXPROCS / parallelism 1 and 2. Reports ns per round trip.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar PingPongLockSupportBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class PingPongLockSupportBenchmark {
    static final int ROUNDS = 100_000;

    @Param({Runtimes.GORO, Runtimes.JDK})
    public String runtime;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int pingPong() throws Exception {
        return Runtimes.drive(runtime, () -> {
            AtomicInteger turn = new AtomicInteger();
            Thread ping = Thread.currentThread();
            Thread[] pong = new Thread[1];
            Thread.Builder builder = Runtimes.GORO.equals(runtime) ? null : Thread.ofVirtual();
            Runnable pongBody = () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    while (turn.get() != 2 * i + 1) {
                        LockSupport.park();
                    }
                    turn.set(2 * i + 2);
                    LockSupport.unpark(ping);
                }
            };
            if (builder == null) {
                pong[0] = dev.goro.internal.sched.GoRuntime.spawn(pongBody, null, null, null);
            } else {
                pong[0] = builder.start(pongBody);
            }
            for (int i = 0; i < ROUNDS; i++) {
                turn.set(2 * i + 1);
                LockSupport.unpark(pong[0]);
                while (turn.get() != 2 * i + 2) {
                    LockSupport.park();
                }
            }
            pong[0].join();
            return turn.get();
        });
    }
}
