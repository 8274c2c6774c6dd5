package dev.goro;

import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoRuntime;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Goroutines: {@code go}, {@code gosched}, and the bridge from the plain-thread world ({@link #main}).
 *
 * <p>A goroutine is a JDK virtual thread run by goro's G/M/P scheduler (see docs/architecture.md), so
 * {@code Thread.currentThread()}, ThreadLocals, debuggers, JFR and thread dumps work inside it, and every
 * blocking call that parks a virtual thread (channels, locks, sleep, sockets) parks only the goroutine.
 *
 * <pre>{@code
 * Chan<String> done = Chan.make();
 * Go.go(() -> done.send("hello from a goroutine"));
 * System.out.println(done.recv());
 * }</pre>
 */
public final class Go {

    private Go() {
    }

    /**
     * Starts {@code task} in a new goroutine (Go's {@code go f()}). A goroutine started by another goroutine
     * runs next on the same processor ("runnext"); one started from a plain thread is queued globally.
     * An exception escaping {@code task} goes to the {@link #setUncaughtExceptionHandler handler}.
     *
     * @throws NullPointerException if {@code task} is null
     */
    public static void go(Runnable task) {
        GoRuntime.spawn(task, null, null, null);
    }

    /**
     * Starts {@code task} in a new goroutine named {@code name} and returns a handle on it.
     *
     * @param name shown in dumps and in the default exception report; null for none
     * @throws NullPointerException if {@code task} is null
     */
    public static Goroutine go(String name, Runnable task) {
        return GoRuntime.spawn(task, name, null, null, Goroutine::new);
    }

    /**
     * Yields the processor so other goroutines run (Go's {@code runtime.Gosched}); the caller goes to the back
     * of its processor's queue and resumes later. On a plain thread, a {@link Thread#yield()}.
     */
    public static void gosched() {
        Thread.yield();
    }

    /** The calling goroutine, or null when called from a plain thread. */
    public static Goroutine current() {
        G g = G.current();
        return g != null ? new Goroutine(Thread.currentThread(), g) : null;
    }

    /**
     * Runs a call that blocks its carrier thread (file I/O, a native call, a blocking JDBC driver) after handing
     * this goroutine's processor to another carrier, so the other goroutines keep running; takes a processor
     * back afterwards, waiting for one if all are busy (Go's entersyscallblock / exitsyscall). Use it around
     * calls that block without unmounting the virtual thread. Outside a goroutine it just runs the call.
     *
     * @return what {@code call} returned
     * @throws Exception what {@code call} threw
     */
    public static <T> T blocking(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call");
        GoRuntime.enterBlocking();
        try {
            return call.call();
        } finally {
            GoRuntime.exitBlocking();
        }
    }

    /** As {@link #blocking(Callable)} for a call without a result or checked exceptions. */
    public static void blocking(Runnable call) {
        Objects.requireNonNull(call, "call");
        GoRuntime.enterBlocking();
        try {
            call.run();
        } finally {
            GoRuntime.exitBlocking();
        }
    }

    /**
     * Runs {@code body} as a goroutine (Go's {@code main}), waits for it on the calling thread and returns its
     * result or rethrows what it threw. Called from a goroutine, runs {@code body} in place.
     *
     * @throws Exception what {@code body} threw, unchanged
     */
    public static <T> T main(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        if (G.current() != null) {
            return body.call();
        }
        Outcome<T> outcome = new Outcome<>();
        Thread t = GoRuntime.spawn(() -> {
            try {
                outcome.value = body.call();
            } catch (Throwable e) {
                outcome.error = e;
            }
        }, "main", null, null);
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the body is still running: keep waiting, restore the flag afterwards
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (outcome.error != null) {
            throw Go.<RuntimeException>sneaky(outcome.error);
        }
        return outcome.value;
    }

    /** As {@link #main(Callable)} for a body without a result. */
    public static void main(Runnable body) {
        Objects.requireNonNull(body, "body");
        try {
            main(() -> {
                body.run();
                return null;
            });
        } catch (Exception e) {
            throw Go.<RuntimeException>sneaky(e); // only unchecked ones can come out of a Runnable
        }
    }

    /**
     * Sets the handler for exceptions escaping goroutines; null restores the default, which logs them with the
     * goroutine's id, name and creation site.
     */
    public static void setUncaughtExceptionHandler(GoroutineExceptionHandler handler) {
        GoRuntime.setUncaughtHandler(handler == null ? null
                : (g, t) -> handler.uncaught(new Goroutine(Thread.currentThread(), g), t));
    }

    private static final class Outcome<T> {
        T value;
        Throwable error;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
