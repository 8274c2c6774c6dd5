package dev.goro.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;

/**
 * Retained heap per parked goroutine (peer workload W3): 100,000 goroutines each block receiving on their own
 * rendezvous queue; heap used after a full GC, minus the baseline, divided by the count. goro and the JDK's
 * default scheduler measured in one process, alternating, median of 5 rounds each.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false \
 *      -cp benchmarks/target/benchmarks.jar dev.goro.benchmarks.ParkedMemory
 * }</pre>
 */
public final class ParkedMemory {
    static final int N = 100_000;

    private ParkedMemory() {
    }

    /**
     * Prints bytes per parked goroutine for each runtime.
     *
     * @param args optional: number of rounds (default 5)
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (String rt : new String[] {Runtimes.GORO, Runtimes.JDK}) {
            measure(rt); // warm-up round
        }
        long[][] results = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            results[0][r] = measure(Runtimes.GORO);
            results[1][r] = measure(Runtimes.JDK);
        }
        for (int i = 0; i < 2; i++) {
            long[] rs = results[i].clone();
            java.util.Arrays.sort(rs);
            System.out.printf("RESULT\t%s\tparked-retained\t%d\tbytes/goroutine\tmin=%d\tmax=%d%n",
                    i == 0 ? Runtimes.GORO : Runtimes.JDK, rs[rs.length / 2], rs[0], rs[rs.length - 1]);
        }
    }

    private static long measure(String runtime) throws Exception {
        return Runtimes.drive(runtime, () -> {
            @SuppressWarnings("unchecked")
            SynchronousQueue<Integer>[] qs = new SynchronousQueue[N];
            for (int i = 0; i < N; i++) {
                qs[i] = new SynchronousQueue<>();
            }
            CountDownLatch started = new CountDownLatch(N);
            CountDownLatch finished = new CountDownLatch(N);
            long base = usedAfterGc(); // the queues are the workload's, not the goroutines'
            for (int i = 0; i < N; i++) {
                SynchronousQueue<Integer> q = qs[i];
                Runtimes.spawn(runtime, () -> {
                    started.countDown();
                    try {
                        q.take();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    finished.countDown();
                });
            }
            started.await();
            Thread.sleep(200); // let every goroutine reach its park
            long used = usedAfterGc();
            for (SynchronousQueue<Integer> q : qs) {
                q.put(1);
            }
            finished.await();
            return (used - base) / N;
        });
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
