package dev.goro.sync;

import dev.goro.GoInterruptedException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Performs exactly one action (Go's {@code sync.Once}).
 *
 * <pre>{@code
 * private final Once once = new Once();
 * private Config config;
 *
 * Config config() {
 *     once.run(() -> config = Config.load());
 *     return config;
 * }
 * }</pre>
 *
 * <p>The first {@link #run(Runnable)} runs its action; every later call, with any action, does nothing. Calls
 * made while the action runs wait for it, so when any call returns the action has finished, and everything it
 * wrote is visible to the caller. If the action throws, the exception propagates to that caller and the Once
 * still counts as done, as a panicking function does in Go. For an action whose failure should be seen by
 * every caller, or that produces a value, use {@link #func(Runnable)} or {@link #value(Supplier)} (Go's
 * OnceFunc and OnceValue).
 *
 * <p><strong>Blocking:</strong> a call made while another goroutine runs the action parks the calling goroutine
 * (wait reason {@code sync.Mutex.Lock}, as in Go) or blocks the calling platform thread until it finishes. Once
 * the action has finished, calls never block. Calling {@code run} on the same Once from inside its action
 * waits forever, as in Go.
 *
 * <p><strong>Interruption:</strong> a call made before the action has finished throws
 * {@link GoInterruptedException} if the thread is interrupted on entry or while waiting for another goroutine's
 * action; it then runs nothing, and an action running elsewhere is not disturbed. Once the action has finished,
 * calls return without looking at the interrupt status.
 */
public final class Once {
    /** 0 until the action has returned or thrown; then 1, forever. Written under m. */
    private volatile int done;
    private final Mutex m = new Mutex();

    /** Creates a Once whose action has not run. */
    public Once() {
    }

    /**
     * Runs {@code action} if and only if this is the first call on this Once (Go's Do; {@code do} is a Java
     * keyword). Returns when the action has finished, whichever call ran it.
     *
     * @throws NullPointerException   if {@code action} is null
     * @throws GoInterruptedException if the action has not finished and the thread is interrupted on entry or
     *                                while waiting for it; nothing was run
     */
    public void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        // Fast path: a volatile read that acquires the action's writes (paired with the volatile store below).
        // Not a CAS deciding who runs: a loser of such a race would return before the action had finished.
        if (done == 0) {
            runSlow(action);
        }
    }

    private void runSlow(Runnable action) {
        m.lock();
        try {
            if (done == 0) {
                try {
                    action.run();
                } finally {
                    done = 1; // volatile store: publishes the action's writes; also after a throw (Go's defer)
                }
            }
        } finally {
            m.unlock();
        }
    }

    /** Whether the action has run (returned or thrown). */
    public boolean isDone() {
        return done != 0;
    }

    /**
     * Returns a Runnable that runs {@code action} only the first time it is called (Go's sync.OnceFunc). If the
     * action throws, every call, the first and all later ones, throws that same exception. After the action
     * has run, the returned Runnable no longer refers to it.
     *
     * @throws NullPointerException if {@code action} is null
     */
    public static Runnable func(Runnable action) {
        Objects.requireNonNull(action, "action");
        OnceValue<Void> v = new OnceValue<>(() -> {
            action.run();
            return null;
        });
        return v::get;
    }

    /**
     * Returns a Supplier that calls {@code supplier} only the first time and then returns the value it
     * produced, on every call (Go's sync.OnceValue). If the supplier throws, every call throws that same
     * exception. After the supplier has run, the returned Supplier no longer refers to it.
     *
     * @throws NullPointerException if {@code supplier} is null
     */
    public static <T> Supplier<T> value(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return new OnceValue<>(supplier);
    }

    /** The shared body of {@link #func} and {@link #value}. */
    private static final class OnceValue<T> implements Supplier<T> {
        private final Once once = new Once();
        // Written by the action inside once.run; read after it returns (the Once publishes them).
        private Supplier<T> supplier;
        private T result;
        private Throwable failure;

        OnceValue(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        @Override
        public T get() {
            once.run(this::compute);
            if (failure != null) {
                throw OnceValue.<RuntimeException>sneaky(failure);
            }
            return result;
        }

        private void compute() {
            Supplier<T> s = supplier;
            supplier = null; // let it be collected; runs only once anyway
            try {
                result = s.get();
            } catch (Throwable t) {
                failure = t; // rethrown below by get(), for this caller and every later one
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }
}
