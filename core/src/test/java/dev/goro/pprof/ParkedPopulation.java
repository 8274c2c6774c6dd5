package dev.goro.pprof;

import static org.junit.jupiter.api.Assertions.fail;

import dev.goro.Go;
import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.Runtime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A known goroutine population for profile tests: {@code alpha} goroutines parked in {@link #parkedInAlpha}
 * with labels pool=alpha, tier=gold, and {@code beta} parked in {@link #parkedInBeta} without labels. They
 * stay parked until {@link #close()}.
 */
final class ParkedPopulation implements AutoCloseable {
    static final String ALPHA = ParkedPopulation.class.getName() + ".parkedInAlpha";
    static final String BETA = ParkedPopulation.class.getName() + ".parkedInBeta";

    private final CountDownLatch release = new CountDownLatch(1);
    final int alpha;
    final int beta;

    private ParkedPopulation(int alpha, int beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    static ParkedPopulation start(int alpha, int beta) throws Exception {
        ParkedPopulation p = new ParkedPopulation(alpha, beta);
        Go.main(() -> {
            Pprof.doWithLabels(Pprof.labels("pool", "alpha", "tier", "gold"), () -> {
                for (int i = 0; i < alpha; i++) {
                    Go.go(() -> parkedInAlpha(p.release));
                }
            });
            for (int i = 0; i < beta; i++) {
                Go.go(() -> parkedInBeta(p.release));
            }
        });
        p.awaitParked();
        return p;
    }

    static void parkedInAlpha(CountDownLatch release) {
        await(release);
    }

    static void parkedInBeta(CountDownLatch release) {
        await(release);
    }

    private static void await(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (hang guard: 20 s) until every goroutine of the population is parked in its function. */
    private void awaitParked() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            int a = 0, b = 0;
            for (GoroutineInfo g : Runtime.goroutinesWithStacks()) {
                if (g.state() != GoroutineState.WAITING) {
                    continue;
                }
                for (StackTraceElement f : g.stack()) {
                    String fn = f.getClassName() + "." + f.getMethodName();
                    if (fn.equals(ALPHA)) {
                        a++;
                    } else if (fn.equals(BETA)) {
                        b++;
                    }
                }
            }
            if (a == alpha && b == beta) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("population did not park: alpha " + a + "/" + alpha + ", beta " + b + "/" + beta);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        release.countDown();
    }
}
