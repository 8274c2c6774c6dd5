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
 * Channel workloads of the peer harness (W1 ping-pong, W4 buffered 1x1, W4m buffered 4x4, W6 skynet), each
 * with goro's channels on goro's scheduler beside JDK virtual threads with SynchronousQueue /
 * ArrayBlockingQueue(1024) and beside Jox channels, in one run. Every invocation checks its answer.
 *
 * <p>GOMAXPROCS 1 and 2 are two runs (JMH cannot vary JVM flags by parameter). A {@code -jvmArgsAppend} on the
 * command line replaces the one in {@code @Fork}, so it must repeat goro's flags:
 * <pre>{@code
 * mvn -q -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar ChannelBenchmark \
 *      -jvmArgsAppend "--add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false -Dgoro.maxprocs=1 -Djdk.virtualThreadScheduler.parallelism=1"
 * java -jar benchmarks/target/benchmarks.jar ChannelBenchmark \
 *      -jvmArgsAppend "--add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false -Dgoro.maxprocs=2 -Djdk.virtualThreadScheduler.parallelism=2"
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class ChannelBenchmark {
    static final int PINGPONG = 100_000;
    static final int BUFFERED = 1_000_000;
    static final int BUFFER_CAPACITY = 1024;
    static final int SKYNET_SIZE = 1_000_000;
    static final int SKYNET_FANOUT = 10;

    @Param({Runtimes.GORO, Runtimes.JDK, Runtimes.JOX})
    public String runtime;

    /** W1: two goroutines bounce a token over two unbuffered channels; ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(PINGPONG)
    public long pingPong() throws Exception {
        return Runtimes.drive(runtime, () -> {
            Channels<Integer> ping = Channels.unbuffered(runtime);
            Channels<Integer> pong = Channels.unbuffered(runtime);
            CountDownLatch done = new CountDownLatch(1);
            Runtimes.spawn(runtime, () -> {
                try {
                    for (int i = 0; i < PINGPONG; i++) {
                        pong.send(ping.recv() + 1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                done.countDown();
            });
            long sum = 0;
            for (int i = 0; i < PINGPONG; i++) {
                ping.send(i);
                sum += pong.recv();
            }
            done.await();
            return check(sum, (long) PINGPONG * (PINGPONG + 1) / 2);
        });
    }

    /** W4: one producer, one consumer, capacity 1024; ns per item. */
    @Benchmark
    @OperationsPerInvocation(BUFFERED)
    public long buffered1x1() throws Exception {
        return buffered(1, 1);
    }

    /** W4m: four producers, four consumers, capacity 1024; ns per item. */
    @Benchmark
    @OperationsPerInvocation(BUFFERED)
    public long buffered4x4() throws Exception {
        return buffered(4, 4);
    }

    private long buffered(int producers, int consumers) throws Exception {
        return Runtimes.drive(runtime, () -> {
            Channels<Integer> ch = Channels.make(runtime, BUFFER_CAPACITY);
            long[] sums = new long[consumers];
            CountDownLatch done = new CountDownLatch(producers + consumers);
            int per = BUFFERED / producers;
            int perConsumer = BUFFERED / consumers;
            for (int p = 0; p < producers; p++) {
                int base = p * per;
                Runtimes.spawn(runtime, () -> {
                    try {
                        for (int i = base; i < base + per; i++) {
                            ch.send(i);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    done.countDown();
                });
            }
            for (int c = 0; c < consumers; c++) {
                int index = c;
                Runtimes.spawn(runtime, () -> {
                    long s = 0;
                    try {
                        for (int i = 0; i < perConsumer; i++) {
                            s += ch.recv();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    sums[index] = s;
                    done.countDown();
                });
            }
            done.await();
            long total = 0;
            for (long s : sums) {
                total += s;
            }
            return check(total, (long) BUFFERED * (BUFFERED - 1) / 2);
        });
    }

    /** W6: skynet, 1M leaves, fan-out 10, an unbuffered channel per node; ns per leaf. */
    @Benchmark
    @OperationsPerInvocation(SKYNET_SIZE)
    public long skynet() throws Exception {
        return Runtimes.drive(runtime, () -> {
            Channels<Long> root = Channels.unbuffered(runtime);
            Runtimes.spawn(runtime, () -> skynet(root, 0, SKYNET_SIZE));
            return check(root.recv(), 499_999_500_000L);
        });
    }

    private void skynet(Channels<Long> out, long num, int size) {
        try {
            if (size == 1) {
                out.send(num);
                return;
            }
            Channels<Long> results = Channels.unbuffered(runtime);
            int sub = size / SKYNET_FANOUT;
            for (int i = 0; i < SKYNET_FANOUT; i++) {
                long subNum = num + (long) i * sub;
                Runtimes.spawn(runtime, () -> skynet(results, subNum, sub));
            }
            long sum = 0;
            for (int i = 0; i < SKYNET_FANOUT; i++) {
                sum += results.recv();
            }
            out.send(sum);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long check(long got, long want) {
        if (got != want) {
            throw new IllegalStateException("wrong answer: " + got + ", want " + want);
        }
        return got;
    }
}
