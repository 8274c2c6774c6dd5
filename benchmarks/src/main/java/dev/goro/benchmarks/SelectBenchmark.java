package dev.goro.benchmarks;

import com.softwaremill.jox.Channel;
import dev.goro.Chan;
import dev.goro.Select;
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
 * W5: one goroutine selects (receive) over two unbuffered channels, each fed by its own producer; 400,000
 * receives in all; ns per receive. goro's {@link Select} beside Jox's {@code Select.select} in one run (the JDK
 * has no select). The answer (sum and per-channel counts) is checked every invocation.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SelectBenchmark \
 *      -jvmArgsAppend "--add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false -Dgoro.maxprocs=2 -Djdk.virtualThreadScheduler.parallelism=2"
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class SelectBenchmark {
    static final int TOTAL = 400_000;

    @Param({Runtimes.GORO, Runtimes.JOX})
    public String runtime;

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public long selectTwoProducers() throws Exception {
        return Runtimes.GORO.equals(runtime) ? goro() : jox();
    }

    private long goro() throws Exception {
        return Runtimes.drive(runtime, () -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            int half = TOTAL / 2;
            Runtimes.spawn(runtime, () -> {
                for (int i = 0; i < half; i++) {
                    a.send(i);
                }
            });
            Runtimes.spawn(runtime, () -> {
                for (int i = half; i < TOTAL; i++) {
                    b.send(i);
                }
            });
            long sum = 0;
            long fromA = 0;
            for (int i = 0; i < TOTAL; i++) {
                int v = Select.select(Select.recv(a), Select.recv(b));
                sum += v;
                if (v < half) {
                    fromA++;
                }
            }
            ChannelBenchmark.check(fromA, half);
            return ChannelBenchmark.check(sum, (long) TOTAL * (TOTAL - 1) / 2);
        });
    }

    private long jox() throws Exception {
        return Runtimes.drive(runtime, () -> {
            Channel<Integer> a = Channel.newRendezvousChannel();
            Channel<Integer> b = Channel.newRendezvousChannel();
            int half = TOTAL / 2;
            CountDownLatch started = new CountDownLatch(2);
            Runtimes.spawn(runtime, () -> {
                started.countDown();
                try {
                    for (int i = 0; i < half; i++) {
                        a.send(i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Runtimes.spawn(runtime, () -> {
                started.countDown();
                try {
                    for (int i = half; i < TOTAL; i++) {
                        b.send(i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long sum = 0;
            long fromA = 0;
            for (int i = 0; i < TOTAL; i++) {
                int v = com.softwaremill.jox.Select.select(a.receiveClause(), b.receiveClause());
                sum += v;
                if (v < half) {
                    fromA++;
                }
            }
            ChannelBenchmark.check(fromA, half);
            return ChannelBenchmark.check(sum, (long) TOTAL * (TOTAL - 1) / 2);
        });
    }
}
