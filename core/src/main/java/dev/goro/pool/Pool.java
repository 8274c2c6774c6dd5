package dev.goro.pool;

import dev.goro.GoInterruptedException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pool of reusable worker goroutines with a fixed capacity, after github.com/panjf2000/ants' {@code Pool}: at most
 * {@link #cap()} tasks run at once, each on a worker that goes back to the pool when its task ends and is reused
 * for the next one; workers idle for longer than the expiry are retired.
 *
 * <pre>{@code
 * Pool pool = new Pool(1000);                         // p, _ := ants.NewPool(1000)
 * try {                                               // defer p.Release()
 *     for (Request r : requests) {
 *         pool.submit(() -> handle(r));               // _ = p.Submit(func() { handle(r) })
 *     }
 * } finally {
 *     pool.release();
 * }
 * }</pre>
 *
 * <p>Why a pool when goroutines are cheap: to bound how many tasks run (and hold memory) at once while a producer
 * submits a million of them, with the producer slowed to the pool's pace instead of a million parked goroutines;
 * and to keep hot, already-grown workers. {@link PoolWithFunc} binds the pool to one function.
 *
 * <p><strong>When every worker is busy</strong> {@link #submit} waits for one (in arrival order), unless the pool
 * is {@linkplain Options#nonblocking(boolean) non-blocking} or {@linkplain Options#maxBlockingTasks(int) enough
 * submitters already wait}: then it throws {@link PoolOverloadException} at once. A task submitted from inside one
 * of the pool's own tasks waits like any other, so a full pool whose tasks submit to it can deadlock (as in ants):
 * make such pools non-blocking.
 *
 * <p><strong>Tasks that throw</strong> do not kill their worker nor lose its place: the exception goes to the
 * {@linkplain Options#panicHandler(Consumer) panic handler}, by default to the goroutine exception handler
 * ({@code Go.setUncaughtExceptionHandler}), and the worker takes the next task.
 *
 * <p><strong>Nothing accepted is dropped:</strong> once {@code submit} returns, the task will run, even if the pool
 * is released meanwhile; a submit that throws has not accepted its task.
 *
 * <p><strong>Lifecycle:</strong> {@link #release()} stops the pool; {@link #release(Duration)} also waits for the
 * workers to finish; {@link #reboot()} reopens it. An unreleased pool keeps its idle workers and its scavenger
 * goroutine until they expire or forever ({@link Options#disablePurge(boolean)}): release pools you are done with.
 *
 * <p><strong>Threading:</strong> every method may be called from any goroutine or thread. Workers run with the
 * background context as their {@code Context.current()}: capture the context a task needs.
 */
public final class Pool extends WorkerPool {

    /**
     * A pool of {@code capacity} workers with the default options (ants' {@code NewPool(size)}).
     *
     * @throws IllegalArgumentException "invalid size for pool" if {@code capacity} is 0 or negative
     */
    public Pool(int capacity) {
        this(capacity, options());
    }

    /**
     * A pool of {@code capacity} workers with {@code options} (ants' {@code NewPool(size, opts...)}); the options
     * are copied, later changes to them do not affect the pool.
     *
     * @throws IllegalArgumentException "invalid size for pool" if {@code capacity} is 0 or negative
     * @throws NullPointerException if {@code options} is null
     */
    public Pool(int capacity, Options options) {
        super(capacity, options);
    }

    /** New options, all defaults, to adjust and pass to a constructor. */
    public static Options options() {
        return new Options();
    }

    /**
     * Runs {@code task} on a worker (ants' {@code Submit}): an idle one, else a new one if fewer than {@link #cap()}
     * exist, else waits for one to finish its task (see the class comment for the non-blocking options). Returns once
     * a worker has taken the task, not when the task has run.
     *
     * <p><strong>Blocking:</strong> only when every worker is busy and the pool is blocking: parks the calling
     * goroutine (wait reason "pool submit"), or blocks a plain thread, in line with the other waiting submitters.
     *
     * @throws PoolOverloadException if every worker is busy and the pool may not wait (nothing was accepted)
     * @throws PoolClosedException "this pool has been closed" if the pool is released, or is released while the
     *                             caller waits (nothing was accepted)
     * @throws GoInterruptedException if the caller is interrupted on entry or while it waits; nothing was accepted
     * @throws NullPointerException if {@code task} is null
     */
    public void submit(Runnable task) {
        submitJob(Objects.requireNonNull(task, "task"));
    }

    @Override
    void runJob(Object job) {
        ((Runnable) job).run();
    }

    /**
     * Pool options (ants' {@code Options}), set fluently and passed to a {@link Pool} or {@link PoolWithFunc}
     * constructor, which copies them.
     *
     * <pre>{@code
     * Pool pool = new Pool(100, Pool.options()
     *         .expiry(Duration.ofSeconds(10))
     *         .nonblocking(true)
     *         .panicHandler(t -> log.warn("task failed", t)));
     * }</pre>
     */
    public static final class Options {
        /** ants' {@code DefaultCleanIntervalTime}. */
        static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(1);

        Duration expiry = DEFAULT_EXPIRY;
        boolean disablePurge;
        boolean preAlloc;
        boolean nonblocking;
        int maxBlockingTasks;
        Consumer<? super Throwable> panicHandler;

        Options() {
        }

        /**
         * How long a worker may stay idle before the scavenger retires it, and how often the scavenger looks (ants'
         * {@code WithExpiryDuration}); zero means the default, one second.
         *
         * @throws IllegalArgumentException "invalid expiry for pool" if {@code expiry} is negative
         * @throws NullPointerException if {@code expiry} is null
         */
        public Options expiry(Duration expiry) {
            Objects.requireNonNull(expiry, "expiry");
            if (expiry.isNegative()) {
                throw new IllegalArgumentException("invalid expiry for pool: " + expiry);
            }
            this.expiry = expiry.isZero() ? DEFAULT_EXPIRY : expiry;
            return this;
        }

        /**
         * With true, idle workers are never retired and no scavenger runs (ants' {@code WithDisablePurge}); they
         * exit only at release, or when a tune down makes them surplus.
         */
        public Options disablePurge(boolean disable) {
            this.disablePurge = disable;
            return this;
        }

        /**
         * With true, the pool's bookkeeping for idle workers is allocated for the full capacity at creation, so it
         * never grows under load (ants' {@code WithPreAlloc}); worth it for pools of very large capacity. Workers
         * themselves still start on demand.
         */
        public Options preAlloc(boolean preAlloc) {
            this.preAlloc = preAlloc;
            return this;
        }

        /**
         * With true, a submit that finds every worker busy throws {@link PoolOverloadException} at once instead of
         * waiting (ants' {@code WithNonblocking}); {@link #maxBlockingTasks} then has no effect.
         */
        public Options nonblocking(boolean nonblocking) {
            this.nonblocking = nonblocking;
            return this;
        }

        /**
         * At most {@code max} submitters wait at once; one more throws {@link PoolOverloadException} (ants'
         * {@code WithMaxBlockingTasks}). 0, the default, means no limit.
         *
         * @throws IllegalArgumentException if {@code max} is negative
         */
        public Options maxBlockingTasks(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxBlockingTasks must be >= 0, got " + max);
            }
            this.maxBlockingTasks = max;
            return this;
        }

        /**
         * Receives what tasks throw, on the worker that ran the task, which then goes on to its next task (ants'
         * {@code WithPanicHandler}). Null restores the default: the goroutine exception handler. If the handler
         * itself throws, that goes to the goroutine exception handler, with the task's exception suppressed in it.
         */
        public Options panicHandler(Consumer<? super Throwable> handler) {
            this.panicHandler = handler;
            return this;
        }
    }
}
