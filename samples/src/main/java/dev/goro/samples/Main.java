package dev.goro.samples;

import dev.goro.Go;
import dev.goro.Runtime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** The samples' entry point: shows goroutines on goro's scheduler. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception if the demo fails
     */
    public static void main(String[] args) throws Exception {
        System.out.println("goro: scheduler=" + Runtime.schedStats().scheduler() + " GOMAXPROCS=" + Runtime.gomaxprocs());
        int n = 100_000;
        long t0 = System.nanoTime();
        long sum = Go.main(() -> {
            AtomicLong total = new AtomicLong();
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 1; i <= n; i++) {
                long v = i;
                Go.go(() -> {
                    total.addAndGet(v);
                    done.countDown();
                });
            }
            done.await();
            return total.get();
        });
        System.out.printf("%,d goroutines summed 1..%,d = %,d in %.1f ms%n", n, n, sum, (System.nanoTime() - t0) / 1e6);
        System.out.println(Runtime.schedStats().toSchedtraceLine());
    }
}
