package dev.goro.benchmarks;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.pool.Pool;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Peak retained heap of a burst of parking tasks (the memory side of {@link PoolBenchmark#parkingTasks}): a
 * producer goroutine starts 200,000 tasks that all park on one gate, either through a {@link Pool} of 10,000 workers
 * (the producer then waits in {@code submit} once every worker is busy) or as a goroutine each. Heap used after a
 * full GC at that moment, minus the baseline, for each; median of 5 rounds, alternating.
 *
 * <pre>{@code
 * mvn -q -DskipTests package && java --add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false \
 *      -cp benchmarks/target/benchmarks.jar dev.goro.benchmarks.PoolMemory
 * }</pre>
 */
public final class PoolMemory {
    static final int TASKS = 200_000;
    static final int CAPACITY = 10_000;

    private PoolMemory() {
    }

    /**
     * Prints the retained bytes for each mode.
     *
     * @param args optional: number of rounds (default 5)
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] modes = {PoolBenchmark.POOL, PoolBenchmark.GOROUTINE};
        for (String m : modes) {
            measure(m); // warm-up round
        }
        long[][] results = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 2; i++) {
                results[i][r] = measure(modes[i]);
            }
        }
        for (int i = 0; i < 2; i++) {
            long[] rs = results[i].clone();
            Arrays.sort(rs);
            System.out.printf("RESULT\t%s\tpeak-retained\t%d\tbytes\tper-task=%d\tmin=%d\tmax=%d%n",
                    modes[i], rs[rs.length / 2], rs[rs.length / 2] / TASKS, rs[0], rs[rs.length - 1]);
        }
    }

    private static long measure(String mode) throws Exception {
        return Go.main(() -> {
            Pool pool = PoolBenchmark.POOL.equals(mode) ? new Pool(CAPACITY) : null;
            Chan<Boolean> gate = Chan.make();
            AtomicInteger parked = new AtomicInteger();
            CountDownLatch finished = new CountDownLatch(TASKS);
            Runnable task = () -> {
                parked.incrementAndGet();
                gate.recv();
                finished.countDown();
            };
            long base = usedAfterGc();
            Go.go(() -> {
                for (int i = 0; i < TASKS; i++) {
                    if (pool != null) {
                        pool.submit(task);
                    } else {
                        Go.go(task);
                    }
                }
            });
            // Saturated: every pool worker parked and the producer waiting in submit, or every goroutine parked.
            int expect = pool != null ? CAPACITY : TASKS;
            while (parked.get() < expect || (pool != null && pool.waiting() == 0)) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // let the last ones reach their park
            long used = usedAfterGc() - base;
            gate.close();
            finished.await();
            if (pool != null) {
                pool.release(Duration.ofMinutes(1));
            }
            return used;
        });
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
