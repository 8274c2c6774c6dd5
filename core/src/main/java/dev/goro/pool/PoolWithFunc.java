package dev.goro.pool;

import dev.goro.GoInterruptedException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Pool} bound to one function (ants' {@code PoolWithFunc}): {@link #invoke} hands an argument to a worker,
 * which calls the function with it. Saves a task object per call, and reads as a bounded "for each".
 *
 * <pre>{@code
 * PoolWithFunc<Path> resize = new PoolWithFunc<>(8, img -> resizeImage(img)); // ants.NewPoolWithFunc(8, f)
 * for (Path img : images) {
 *     resize.invoke(img);                                                      // p.Invoke(img)
 * }
 * resize.release(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>Everything else (capacity, waiting, options, exceptions, lifecycle) is as for {@link Pool}.
 *
 * @param <T> the function's argument type
 */
public final class PoolWithFunc<T> extends WorkerPool {
    private final Consumer<? super T> fn;

    /**
     * A pool of {@code capacity} workers calling {@code fn}, with the default options.
     *
     * @throws IllegalArgumentException "invalid size for pool" if {@code capacity} is 0 or negative
     * @throws NullPointerException if {@code fn} is null (ants' "must provide function for pool")
     */
    public PoolWithFunc(int capacity, Consumer<? super T> fn) {
        this(capacity, fn, Pool.options());
    }

    /**
     * A pool of {@code capacity} workers calling {@code fn}, with {@code options} (copied).
     *
     * @throws IllegalArgumentException "invalid size for pool" if {@code capacity} is 0 or negative
     * @throws NullPointerException if {@code fn} or {@code options} is null
     */
    public PoolWithFunc(int capacity, Consumer<? super T> fn, Pool.Options options) {
        super(capacity, options);
        this.fn = Objects.requireNonNull(fn, "must provide function for pool");
    }

    /**
     * Calls the function with {@code arg} on a worker (ants' {@code Invoke}); waits for a worker exactly as
     * {@link Pool#submit} does.
     *
     * <p><strong>Blocking:</strong> as {@link Pool#submit}: wait reason "pool submit".
     *
     * @throws PoolOverloadException if every worker is busy and the pool may not wait (nothing was accepted)
     * @throws PoolClosedException "this pool has been closed" if the pool is or gets released (nothing accepted)
     * @throws GoInterruptedException if the caller is interrupted on entry or while it waits; nothing was accepted
     * @throws NullPointerException if {@code arg} is null
     */
    public void invoke(T arg) {
        submitJob(Objects.requireNonNull(arg, "arg"));
    }

    @Override
    @SuppressWarnings("unchecked")
    void runJob(Object job) {
        fn.accept((T) job);
    }
}
