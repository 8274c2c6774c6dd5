package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * Flux -> channel -> goroutines -> channel -> Flux, end to end, with every element checked: nothing lost, nothing
 * duplicated, and, where one goroutine carries the stream, nothing reordered. {@code -Dgoro.stress.elements=N}
 * changes the count (default 10 million per pipeline).
 */
@Timeout(300)
class PipelineStressTest {
    private static final int N = Integer.getInteger("goro.stress.elements", 10_000_000);

    @Test
    void pipeline_oneWorker_everyElementOnceAndInOrder() {
        AtomicLong expect = new AtomicLong();
        long seen = run(1, v -> {
            long e = expect.getAndIncrement();
            if (v != e) {
                throw new AssertionError("out of order: got " + v + ", expected " + e);
            }
        });
        assertEquals(N, seen);
    }

    @Test
    void pipeline_fourWorkers_everyElementExactlyOnce() {
        BitSet bits = new BitSet(N);
        long seen = run(4, v -> {
            if (bits.get(v)) {
                throw new AssertionError("duplicated: " + v);
            }
            bits.set(v);
        });
        assertEquals(N, seen);
        assertEquals(N, bits.cardinality(), "lost elements");
    }

    /** Runs the pipeline with {@code workers} goroutines in the middle; returns how many elements came out. */
    private static long run(int workers, java.util.function.IntConsumer check) {
        ChanSubscription<Integer> in = GoFlux.toChan(Flux.range(0, N), 1024);
        Chan<Integer> out = Chan.make(1024);
        AtomicInteger running = new AtomicInteger(workers);
        for (int w = 0; w < workers; w++) {
            Go.go(() -> {
                for (int v : in.channel()) {
                    out.send(v);
                }
                if (running.decrementAndGet() == 0) {
                    out.close(); // the last worker out closes: Go's WaitGroup-then-close idiom
                }
            });
        }
        long t0 = System.nanoTime();
        Long count = GoFlux.from(out).doOnNext(check::accept).count().block(Duration.ofSeconds(280));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("pipeline with %d worker(s): %,d elements in %,d ms (%.0f ns/element)%n",
                workers, count, ms, ms * 1e6 / Math.max(1, count));
        return count;
    }
}
