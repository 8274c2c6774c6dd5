package dev.goro.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * The plain-Reactor baselines of the bridge benchmarks: {@code n} integers produced on one thread and consumed on
 * another, the two usual ways. Not {@code Flux.range(..).publishOn(..)}: range fuses with publishOn and never
 * changes thread for its values.
 */
final class ReactorHandOffs {
    /** Buffer of every hand-off in the bridge benchmarks (the channel capacity, the sink's queue, prefetch). */
    static final int BUFFER = 1024;

    private ReactorHandOffs() {
    }

    /**
     * A bounded unicast sink that a producer thread fills (yielding while the queue is full), read through
     * {@code publishOn(consumer)}. Returns the sum of the values, computed on the consumer thread.
     */
    static long unicastSinkPublishOn(int n, Scheduler producer, Scheduler consumer) {
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<Integer>get(BUFFER).get());
        producer.schedule(() -> {
            for (int i = 0; i < n; i++) {
                while (sink.tryEmitNext(i) == Sinks.EmitResult.FAIL_OVERFLOW) {
                    Thread.yield(); // full: let the consumer run (a spin starves it on a small machine)
                }
            }
            sink.tryEmitComplete();
        });
        return sink.asFlux().publishOn(consumer, BUFFER).reduce(0L, (a, v) -> a + v).block();
    }

    /**
     * {@code Flux.create} with a producer thread that emits only what was requested, parking while there is no
     * demand, read through {@code publishOn(consumer)}. Returns the sum of the values.
     */
    static long createPublishOn(int n, Scheduler producer, Scheduler consumer) {
        return Flux.<Integer>create(sink -> {
            AtomicLong requested = new AtomicLong();
            AtomicReference<Thread> thread = new AtomicReference<>();
            sink.onRequest(r -> {
                requested.getAndAdd(r); // then read thread: pairs with the producer's set-then-read (Dekker)
                Thread t = thread.get();
                if (t != null) {
                    LockSupport.unpark(t);
                }
            });
            producer.schedule(() -> {
                thread.set(Thread.currentThread());
                int i = 0;
                while (i < n) {
                    long r = requested.get();
                    if (r == 0) {
                        LockSupport.park(requested);
                        continue;
                    }
                    for (long k = 0; k < r && i < n; k++) {
                        sink.next(i++);
                    }
                    requested.addAndGet(-r);
                }
                sink.complete();
            });
        }).publishOn(consumer, BUFFER).reduce(0L, (a, v) -> a + v).block();
    }
}
