package dev.goro.benchmarks;

import dev.goro.Go;
import java.util.concurrent.Callable;

/**
 * The goroutine runtimes the benchmarks compare: goro's G/M/P scheduler, and JDK virtual threads on the JDK's
 * default scheduler (with java.util.concurrent queues, or with Jox channels). A driver body runs inside a goroutine (goro) or a default-scheduler virtual thread
 * (jdk), the way Go's main is a goroutine, so that everything it starts inherits the right scheduler.
 */
final class Runtimes {
    static final String GORO = "goro";
    static final String JDK = "jdk";
    /** Jox channels on JDK virtual threads (default scheduler). */
    static final String JOX = "jox";

    private Runtimes() {
    }

    /** Runs {@code body} as a driver on the named runtime and returns its result. */
    static <T> T drive(String runtime, Callable<T> body) throws Exception {
        if (GORO.equals(runtime)) {
            return Go.main(body);
        }
        Object[] out = new Object[1];
        Throwable[] err = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                out[0] = body.call();
            } catch (Throwable e) {
                err[0] = e;
            }
        });
        t.join();
        if (err[0] != null) {
            throw new IllegalStateException(err[0]);
        }
        @SuppressWarnings("unchecked")
        T result = (T) out[0];
        return result;
    }

    /** Starts {@code task} on the runtime of the calling driver (goro: a goroutine; jdk: a virtual thread). */
    static void spawn(String runtime, Runnable task) {
        if (GORO.equals(runtime)) {
            Go.go(task);
        } else {
            Thread.startVirtualThread(task);
        }
    }
}
