package dev.goro.reactor;

import dev.goro.Time;
import dev.goro.context.Context;
import dev.goro.internal.sched.GoRuntime;
import java.time.Instant;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * A Reactor {@link Scheduler} whose tasks run in goroutines: {@code publishOn(goro)} and {@code subscribeOn(goro)}
 * move a pipeline onto goro's scheduler, where operators and user callbacks may call blocking-style goro code
 * (channels, select, {@link Await}, sleeps, locks) that parks only the goroutine.
 *
 * <pre>{@code
 * GoroScheduler goro = GoroScheduler.create("orders");
 * Flux<Receipt> receipts = orders
 *         .publishOn(goro)                            // each onNext below runs in a goroutine
 *         .map(o -> Select.select(                    // so it may park on channels
 *                 recv(fastPath(o), r -> r),
 *                 recv(Time.after(Duration.ofMillis(50)), t -> slowPath(o))));
 * }</pre>
 *
 * <ul>
 *   <li>{@link #schedule(Runnable)} starts the task in a new goroutine. Delayed and periodic tasks run on goro's
 *       timers ({@link Time#afterFunc}); periods are at a fixed rate, and a run that comes late is not skipped
 *       (as {@code ScheduledExecutorService.scheduleAtFixedRate}); a period of zero or less re-runs the task as
 *       soon as the previous run returns.</li>
 *   <li>A {@link Worker} runs its tasks one at a time, in the order they were scheduled (delayed ones in the order
 *       they became due), in a goroutine it starts when work arrives and that ends when its queue is empty.</li>
 *   <li>Disposing a task that has not started keeps it from running; disposing a running task from another thread
 *       interrupts it (a parked goro operation in it throws {@code GoInterruptedException}), as Reactor's own
 *       schedulers cancel their futures. Disposing a worker disposes its tasks; disposing the scheduler disposes
 *       every task and worker it made and rejects new ones ({@code RejectedExecutionException}), while goro's
 *       runtime, shared by every goroutine in the process, keeps running.</li>
 *   <li>Tasks pass through {@link Schedulers#onSchedule} (Reactor's decoration hooks, e.g. for context
 *       propagation); an exception a task throws goes to goro's handler for exceptions escaping goroutines
 *       ({@code Go.setUncaughtExceptionHandler}) and the task (a periodic one included) carries on.</li>
 * </ul>
 *
 * <p>Goroutines of the scheduler run in {@link Context#background()}: they carry neither the scheduling goroutine's
 * goro Context nor a Reactor Context ({@link ReactorContext#current()} is empty in them), since a task is not tied
 * to one subscription.
 */
public final class GoroScheduler implements Scheduler {
    /**
     * The goro Context of the goroutines the scheduler spawns: not the scheduling goroutine's (nor its Reactor
     * Context, which travels in it), since a task outlives and is not part of what scheduled it.
     */
    private static final Context DETACHED = Context.background();

    private final String name;
    /** Every task not yet finished and every live worker, for dispose. */
    private final Disposable.Composite tracked = Disposables.composite();

    private GoroScheduler(String name) {
        this.name = name;
    }

    /** A new scheduler named "goro". */
    public static GoroScheduler create() {
        return create("goro");
    }

    /** A new scheduler; {@code name} prefixes the names of its goroutines. */
    public static GoroScheduler create(String name) {
        return new GoroScheduler(Objects.requireNonNull(name, "name"));
    }

    @Override
    public Disposable schedule(Runnable task) {
        GoTask t = track(new GoTask(decorate(task), tracked, 0, false));
        start(name, t);
        return t;
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        GoTask t = track(new GoTask(decorate(task), tracked, 0, false));
        t.arm(unit.toNanos(delay), GoTask::run);
        return t;
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        GoTask t = track(new GoTask(decorate(task), tracked, unit.toNanos(period), true));
        t.arm(unit.toNanos(initialDelay), GoTask::run);
        return t;
    }

    @Override
    public Worker createWorker() {
        GoWorker w = new GoWorker(name + " worker", tracked);
        if (!tracked.add(w)) {
            w.dispose(); // the scheduler is disposed: the worker rejects everything
        }
        return w;
    }

    /** goro's clock ({@link Time#now()}), in {@code unit} since the epoch. */
    @Override
    public long now(TimeUnit unit) {
        Instant now = Time.now();
        return unit.convert(now.getEpochSecond(), TimeUnit.SECONDS) + unit.convert(now.getNano(), TimeUnit.NANOSECONDS);
    }

    /** Nothing to start: goroutines run on goro's shared runtime. */
    @Override
    public void init() {
    }

    /** Disposes every task and worker of this scheduler and rejects new ones; goro's runtime keeps running. */
    @Override
    public void dispose() {
        tracked.dispose();
    }

    @Override
    public boolean isDisposed() {
        return tracked.isDisposed();
    }

    @Override
    public String toString() {
        return "GoroScheduler(\"" + name + "\")";
    }

    private GoTask track(GoTask t) {
        if (!tracked.add(t)) {
            throw Exceptions.failWithRejected();
        }
        return t;
    }

    private static Runnable decorate(Runnable task) {
        return Schedulers.onSchedule(Objects.requireNonNull(task, "task"));
    }

    private static void start(String name, Runnable body) {
        GoRuntime.spawn(body, name, null, DETACHED);
    }

    /*
     * A worker ("Serial drain"): tasks go into an MPSC queue; whoever moves `wip` from 0 starts a drain goroutine,
     * which runs queued tasks one by one and exits when `wip` returns to 0 (Reactor's WIP pattern): one drain at a
     * time, so tasks never overlap and keep their queue order. Delayed and periodic tasks enter the queue when their
     * timer fires. Dispose marks the worker, disposes its delayed/periodic tasks (stopping their timers) and the
     * running one (interrupting it), and runs a drain of its own, if none is running, that empties the queue without
     * running anything; queued tasks are skipped by whichever drain finds them.
     */
    static final class GoWorker implements Worker {
        private static final AtomicIntegerFieldUpdater<GoWorker> WIP =
                AtomicIntegerFieldUpdater.newUpdater(GoWorker.class, "wip");

        private final String name;
        private final Disposable.Composite parent;
        private final Queue<GoTask> queue = Queues.<GoTask>unboundedMultiproducer().get();
        /** Delayed and periodic tasks (their timers must stop on dispose). */
        private final Disposable.Composite timed = Disposables.composite();
        private volatile int wip;
        private volatile boolean disposed;
        /** The task the drain goroutine is running, for dispose; written by the drain only. */
        private volatile GoTask current;

        GoWorker(String name, Disposable.Composite parent) {
            this.name = name;
            this.parent = parent;
        }

        @Override
        public Disposable schedule(Runnable task) {
            if (disposed) {
                throw Exceptions.failWithRejected();
            }
            GoTask t = new GoTask(decorate(task), null, 0, false);
            enqueue(t);
            return t;
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            GoTask t = trackTimed(new GoTask(decorate(task), timed, 0, false));
            t.arm(unit.toNanos(delay), this::enqueue);
            return t;
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            GoTask t = trackTimed(new GoTask(decorate(task), timed, unit.toNanos(period), true));
            t.arm(unit.toNanos(initialDelay), this::enqueue);
            return t;
        }

        private GoTask trackTimed(GoTask t) {
            if (disposed || !timed.add(t)) {
                throw Exceptions.failWithRejected();
            }
            return t;
        }

        /** Queues a task (now, or when its timer fires) and makes sure a drain runs. Any thread. */
        private void enqueue(GoTask t) {
            queue.offer(t);
            if (WIP.getAndIncrement(this) == 0) {
                start(name, this::drain);
            }
        }

        /** The drain goroutine: see "Serial drain". */
        private void drain() {
            int missed = 1;
            for (;;) {
                GoTask t;
                while ((t = queue.poll()) != null) {
                    if (!disposed) {
                        current = t;
                        t.run();
                        current = null;
                    }
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        @Override
        public void dispose() {
            if (disposed) {
                return;
            }
            disposed = true; // volatile: every drain from now on skips the tasks it polls
            parent.remove(this);
            timed.dispose();
            GoTask running = current;
            if (running != null) {
                running.dispose();
            }
            if (WIP.getAndIncrement(this) == 0) {
                int missed = 1;
                do {
                    queue.clear(); // we own the consumer side: no drain goroutine runs
                    missed = WIP.addAndGet(this, -missed);
                } while (missed != 0);
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }
}
