package dev.goro.benchmarks;

import dev.goro.Go;
import dev.goro.reactor.GoFlux;
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
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor to goro: 1,048,576 integers from a Flux into a goroutine that sums them, through
 * {@code GoFlux.toChan(flux, 1024)}, beside plain Reactor moving the same integers from one thread to another.
 * Reports ns per element.
 *
 * <ul>
 *   <li>{@code goro}: {@code Flux.range} into a channel of 1024, ranged over by a goroutine. The source is
 *       synchronous, so the refills run on the receiving goroutine itself: no thread hop per batch.</li>
 *   <li>{@code goroAsyncSource}: the same with {@code publishOn(single, 1024)} before the channel, so every value
 *       crosses from a Reactor thread into the goroutine.</li>
 *   <li>{@code reactorSink}: a bounded unicast sink (1024) filled by a producer thread, read through
 *       {@code publishOn(consumer, 1024)}.</li>
 *   <li>{@code reactorCreate}: {@code Flux.create} with a demand-respecting producer thread, read through
 *       {@code publishOn(consumer, 1024)}.</li>
 * </ul>
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FluxToChanBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class FluxToChanBenchmark {
    static final int N = 1 << 20;

    @Param({"goro", "goroAsyncSource", "reactorSink", "reactorCreate"})
    public String impl;

    private Scheduler producer;
    private Scheduler consumer;

    @Setup(Level.Trial)
    public void setUp() {
        producer = Schedulers.newSingle("producer");
        consumer = Schedulers.newSingle("consumer");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        producer.dispose();
        consumer.dispose();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long handOff() throws Exception {
        return switch (impl) {
            case "goro" -> sumInGoroutine(Flux.range(0, N));
            case "goroAsyncSource" -> sumInGoroutine(Flux.range(0, N).publishOn(producer, ReactorHandOffs.BUFFER));
            case "reactorSink" -> ReactorHandOffs.unicastSinkPublishOn(N, producer, consumer);
            case "reactorCreate" -> ReactorHandOffs.createPublishOn(N, producer, consumer);
            default -> throw new IllegalArgumentException(impl);
        };
    }

    private static long sumInGoroutine(Flux<Integer> source) throws Exception {
        return Go.main(() -> {
            long sum = 0;
            for (int v : GoFlux.toChan(source, ReactorHandOffs.BUFFER).channel()) {
                sum += v;
            }
            return sum;
        });
    }
}
