package dev.goro.benchmarks;

import dev.goro.Chan;
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
 * goro to Reactor: 1,048,576 integers produced by a goroutine and summed by a Reactor subscriber, beside plain
 * Reactor moving the same integers from one thread to another. Reports ns per element.
 *
 * <ul>
 *   <li>{@code goroFlux}: {@code GoFlux.flux(out -> out.send(i)...)}; the subscriber runs on the producer
 *       goroutine (each send is one onNext: no queue, no hop).</li>
 *   <li>{@code goroFluxPublishOn}: the same read through {@code publishOn(consumer, 1024)}, the shape of the Reactor
 *       baselines (producer and subscriber on different threads).</li>
 *   <li>{@code goroChan}: a producer goroutine sending into a channel of 1024, read by {@code GoFlux.from}: two
 *       goroutines, the channel between them.</li>
 *   <li>{@code reactorSink}, {@code reactorCreate}: as in {@link FluxToChanBenchmark}.</li>
 * </ul>
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar GoroutineToFluxBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"})
public class GoroutineToFluxBenchmark {
    static final int N = 1 << 20;

    @Param({"goroFlux", "goroFluxPublishOn", "goroChan", "reactorSink", "reactorCreate"})
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
    public long handOff() {
        return switch (impl) {
            case "goroFlux" -> sum(producerFlux());
            case "goroFluxPublishOn" -> sum(producerFlux().publishOn(consumer, ReactorHandOffs.BUFFER));
            case "goroChan" -> sum(channelFlux());
            case "reactorSink" -> ReactorHandOffs.unicastSinkPublishOn(N, producer, consumer);
            case "reactorCreate" -> ReactorHandOffs.createPublishOn(N, producer, consumer);
            default -> throw new IllegalArgumentException(impl);
        };
    }

    private static Flux<Integer> producerFlux() {
        return GoFlux.flux(out -> {
            for (int i = 0; i < N; i++) {
                out.send(i);
            }
        });
    }

    private static Flux<Integer> channelFlux() {
        return Flux.defer(() -> {
            Chan<Integer> c = Chan.make(ReactorHandOffs.BUFFER);
            Go.go(() -> {
                for (int i = 0; i < N; i++) {
                    c.send(i);
                }
                c.close();
            });
            return GoFlux.from(c);
        });
    }

    private static long sum(Flux<Integer> f) {
        return f.reduce(0L, (a, v) -> a + v).block();
    }
}
