package dev.goro.pool;

import dev.goro.Chan;
import dev.goro.GoInterruptedException;
import dev.goro.Select;
import dev.goro.Ticker;
import dev.goro.Time;
import dev.goro.context.Context;
import dev.goro.internal.chan.ChanLock;
import dev.goro.internal.chan.Sudog;
import dev.goro.internal.chan.WaitQ;
import dev.goro.internal.sched.Clock;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.sched.GoroFatalError;
import dev.goro.internal.sched.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/*
 * A pool of reusable worker goroutines, after github.com/panjf2000/ants v2 (pool.go, worker.go, worker_stack.go,
 * options.go): a capacity, a stack of idle workers, a scavenger that retires workers idle for longer than the
 * expiry, Tune, Release/ReleaseTimeout/Reboot, non-blocking mode, a bound on blocked submitters, a panic handler.
 *
 * Workers. A worker is a goroutine that owns a channel of capacity one (ants' workerChanCap). After each job it
 * takes the lock and, in this order: retires if the pool is closed or has more workers than its capacity (after a
 * tune down); else takes the job of the oldest blocked submitter, if any, and runs it without parking; else pushes
 * itself on the idle stack and receives from its channel (wait reason "chan receive", as an idle ants worker).
 * The channel is closed to retire an idle worker (release, scavenger, tune down); the receive then returns null.
 *
 * Submitting. Under the lock: pop an idle worker and hand it the job with a non-blocking send into its empty
 * channel (a worker parked in the receive gets it directly and runs next on the submitter's processor); else, if
 * running < capacity, count a new worker and start it with the job; else fail (non-blocking mode, or too many
 * submitters waiting) or wait: the submitter queues a sudog holding its job (wait reason "pool submit") and the
 * next worker to finish a job takes it. So a blocked submitter is served in arrival order, by a worker that never
 * parks in between, and returns only once its job has been taken.
 *
 * Invariants (under `lock`):
 *  (P1) running counts workers started and not retired: busy, idle, or between jobs. running <= capacity, except
 *       after a tune down, until enough busy workers have finished and retired.
 *  (P2) Submitters wait only when no worker is idle and running >= capacity: a worker that finds one waiting takes
 *       its job instead of going idle, a tune up starts workers for them, and a new submitter never overtakes
 *       them (it waits behind them, or finds an idle worker only when nobody waits).
 *  (P3) An idle worker is parked on (or about to receive from) its channel, whose buffer is empty; it is on the
 *       idle stack exactly once; the stack is ordered by idleSince, oldest at the bottom (workers are pushed when
 *       they go idle and popped from the top: the most recently used are reused first, ants' LIFO, so the
 *       scavenger finds the expired ones at the bottom).
 *  (P4) closed implies the idle stack and the submitter queue are empty.
 *  (P5) alive counts worker goroutines and the scavenger not yet exited; allDone is closed once closed && alive == 0.
 *
 * What differs from ants, and why:
 *  - A task that throws does not end its worker: the exception goes to the panic handler and the worker carries
 *    on (ants lets the goroutine die, frees its slot and starts another). Same slot accounting, no respawn.
 *  - Blocked submitters are served FIFO by direct hand-off. ants wakes one from a sync.Cond to retry, so a newcomer
 *    can take the worker first; and it counts a new worker after releasing its lock, so two submitters can both
 *    start one past the capacity. Here every decision is taken under the lock and the capacity holds (P1).
 *  - Capacity must be at least 1: there is no unlimited pool (a goroutine per task is what Go.go is for).
 *  - Pre-allocation sizes the idle stack for the full capacity up front, as ants' loop queue does; it does not
 *    forbid Tune (the stack grows on a tune up).
 *  - A worker that retires after a tune down does not wait for the scavenger: idle workers above the new
 *    capacity are retired by tune itself.
 *  - The scavenger goroutine starts with the first worker and stops at release, and "now" is goro's clock, read
 *    when a worker goes idle (ants keeps a ticktock goroutine refreshing a cached time).
 *
 * Lock order: the pool lock, then channel locks (only to close a retired worker's channel, which is done after
 * unlocking anyway). Nothing parks or readies a goroutine while holding the pool lock.
 */

/** The machinery shared by {@link Pool} and {@link PoolWithFunc}; a job is a Runnable or an argument. */
abstract class WorkerPool {
    private static final String SUBMIT = "pool submit";
    private static final String RELEASE = "pool release";

    // Options, fixed at creation.
    private final long expiryNanos;
    private final boolean purge;
    private final boolean nonblocking;
    private final int maxBlockingTasks;
    private final Consumer<? super Throwable> panicHandler;

    private final ChanLock lock = new ChanLock();
    // Guarded by lock. The volatile ones are also read without it, racily, by the accessors (a snapshot, as ants).
    private volatile int capacity;
    private volatile int running;                          // (P1)
    private volatile int waiting;                          // submitters queued
    private volatile boolean closed;                       // (P4)
    private final WaitQ submitters = new WaitQ();          // (P2) sudogs whose elem is the job
    private Worker[] idle;                                 // (P3) idle[0..nidle) bottom to top
    private int nidle;
    private int alive;                                     // (P5)
    private Chan<Void> allDone = Chan.make();              // (P5)
    private boolean allDoneDecided;                        // (P5) someone is closing allDone (after unlocking)
    private Chan<Void> stopScavenger;                      // non-null while a scavenger runs for this epoch

    WorkerPool(int capacity, Pool.Options options) {
        checkCapacity(capacity);
        Objects.requireNonNull(options, "options");
        this.capacity = capacity;
        this.expiryNanos = saturatedNanos(options.expiry);
        this.purge = !options.disablePurge;
        this.nonblocking = options.nonblocking;
        this.maxBlockingTasks = options.maxBlockingTasks;
        this.panicHandler = options.panicHandler;
        this.idle = new Worker[options.preAlloc ? capacity : Math.min(capacity, 16)];
    }

    /** Runs one job on a worker goroutine. Exceptions are handled by the caller. */
    abstract void runJob(Object job) throws Throwable;

    /** One worker goroutine's state. */
    private static final class Worker {
        /** Jobs, one at a time; closed to retire the worker while it is idle. */
        final Chan<Object> jobs = Chan.make(1);
        /** {@link Clock#nanoTime()} when it last went idle; guarded by the pool lock. */
        long idleSince;
    }

    // ---------------------------------------------------------------------------------------------------
    // Submitting

    /** Hands {@code job} to a worker, starting or waiting for one as the options say. Any thread. */
    final void submitJob(Object job) {
        GoInterruptedException.throwIfInterrupted(SUBMIT);
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new PoolClosedException();
        }
        if (nidle > 0) {
            Worker w = popIdle();
            lock.unlock();
            // Non-blocking on purpose: the slot is empty (P3), and a blocking send could throw on an interrupt
            // after the worker has left the stack, stranding it.
            if (!w.jobs.trySend(job)) {
                throw new GoroFatalError("submitJob: idle worker's channel is full");
            }
            return;
        }
        if (running < capacity) {
            Chan<Void> scavengerStop = countNewWorkerLocked();
            lock.unlock();
            startWorker(job, scavengerStop);
            return;
        }
        if (nonblocking || (maxBlockingTasks > 0 && waiting >= maxBlockingTasks)) {
            lock.unlock();
            throw new PoolOverloadException();
        }
        Sudog me = new Sudog(job, null, 0);
        submitters.enqueue(me);
        waiting++;
        lock.unlock();
        if (!me.await(WaitReason.POOL_SUBMIT, this)) {
            lock.lock();
            boolean removed = submitters.remove(me);
            if (removed) {
                waiting--;
            }
            lock.unlock();
            if (removed) {
                throw new GoInterruptedException(SUBMIT); // nothing was submitted
            }
            // A worker took the job at the same moment: it is submitted; the interrupt status stays set.
        }
        if (!me.success) {
            throw new PoolClosedException(); // released while we waited: the job was not accepted
        }
    }

    /**
     * Counts a worker about to start (P1, P5). Returns the stop channel of a scavenger that must start with it (the
     * first worker since creation or release), else null. Holds the lock.
     */
    private Chan<Void> countNewWorkerLocked() {
        assert lock.isHeldByCurrentThread();
        running++;
        alive++;
        if (purge && stopScavenger == null) {
            stopScavenger = Chan.make();
            alive++;
            return stopScavenger;
        }
        return null;
    }

    /** Starts a worker goroutine with its first job, and the scavenger if {@code scavengerStop} is given. No lock. */
    private void startWorker(Object first, Chan<Void> scavengerStop) {
        // Both get the background context: a long-lived worker must not keep a submitter's context, and the
        // values in it, alive (goroutines otherwise inherit their spawner's).
        if (scavengerStop != null) {
            GoRuntime.spawn(() -> scavenge(scavengerStop), null, null, Context.background());
        }
        Worker w = new Worker();
        GoRuntime.spawn(() -> work(w, first), null, null, Context.background());
    }

    // ---------------------------------------------------------------------------------------------------
    // Workers

    /** A worker goroutine's body. */
    private void work(Worker w, Object job) {
        try {
            while (job != null) {
                try {
                    runJob(job);
                } catch (Throwable t) {
                    handlePanic(t);
                }
                Thread.interrupted(); // an interrupt left by a task belongs to that task, not to the next one
                job = next(w);
            }
        } finally {
            exited();
        }
    }

    /**
     * What a worker does after a job: retire, take a waiting submitter's job, or go idle and wait for one. Returns
     * the next job, or null to exit. Own worker only.
     */
    private Object next(Worker w) {
        lock.lock();
        if (closed || running > capacity) {
            running--; // (P1) retire: released, or surplus after a tune down
            lock.unlock();
            return null;
        }
        Sudog s = submitters.dequeue();
        if (s != null) {
            waiting--;
            Object job = s.elem;
            s.elem = null;
            s.success = true;
            s.complete();
            lock.unlock();
            s.ready(); // the submitter returns: its job is ours
            return job;
        }
        w.idleSince = Clock.nanoTime();
        pushIdle(w);
        lock.unlock();
        for (;;) {
            try {
                return w.jobs.recv(); // null once the channel is closed: retired while idle
            } catch (GoInterruptedException e) {
                Thread.interrupted(); // only the pool ends its workers; it never interrupts them
            }
        }
    }

    /** Reports a task's exception; the worker lives on. Own worker only. */
    private void handlePanic(Throwable t) {
        if (panicHandler == null) {
            GoRuntime.reportUncaught(G.current(), t);
            return;
        }
        try {
            panicHandler.accept(t);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(t);
            GoRuntime.reportUncaught(G.current(), handlerFailure);
        }
    }

    /** A worker or the scavenger exits (P5). */
    private void exited() {
        lock.lock();
        alive--;
        Chan<Void> done = allDoneToCloseLocked();
        lock.unlock();
        if (done != null) {
            done.close();
        }
    }

    /** (P5): allDone if this caller must close it (once the lock is dropped), else null. Holds the lock. */
    private Chan<Void> allDoneToCloseLocked() {
        assert lock.isHeldByCurrentThread();
        if (closed && alive == 0 && !allDoneDecided) {
            allDoneDecided = true;
            return allDone;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------
    // The scavenger (ants' purgeStaleWorkers)

    /** Every expiry period, retires the workers idle for at least that long, until {@code stop} is closed. */
    private void scavenge(Chan<Void> stop) {
        Ticker ticker = Time.newTicker(Duration.ofNanos(expiryNanos));
        try {
            for (;;) {
                boolean stopped;
                try {
                    stopped = Select.select(Select.recv(stop, x -> true), Select.recv(ticker.channel(), x -> false));
                } catch (GoInterruptedException e) {
                    Thread.interrupted(); // as for workers: only release ends the scavenger
                    continue;
                }
                if (stopped) {
                    return;
                }
                retire(takeExpired());
            }
        } finally {
            ticker.stop();
            exited();
        }
    }

    /** Takes the idle workers whose idle time reached the expiry off the bottom of the stack. */
    private Worker[] takeExpired() {
        lock.lock();
        try {
            long now = Clock.nanoTime();
            // (P3): idleSince grows from the bottom up, so the expired workers are a prefix; find its end.
            int lo = 0;
            int hi = nidle;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (now - idle[mid].idleSince >= expiryNanos) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return takeBottomLocked(lo);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Tune, release, reboot

    /**
     * Changes the capacity at run time (ants' {@code Tune}). Growing starts workers at once for submitters that were
     * waiting; shrinking retires idle workers above the new capacity at once, and busy ones as they finish their
     * task, so the number of workers comes down to the new capacity without interrupting anything. Also allowed on
     * a released pool, for its next {@link #reboot()}. Never blocks.
     *
     * @throws IllegalArgumentException "invalid size for pool" if {@code newCapacity} is 0 or negative
     */
    public final void tune(int newCapacity) {
        checkCapacity(newCapacity);
        Worker[] surplus;
        List<Sudog> served = new ArrayList<>();
        List<Object> jobs = new ArrayList<>();
        Chan<Void> scavengerStop = null;
        lock.lock();
        try {
            capacity = newCapacity;
            // Down: idle workers above the new capacity retire now; busy ones retire when they finish (next()).
            surplus = takeBottomLocked(Math.min(nidle, Math.max(0, running - newCapacity)));
            // Up: start a worker for each waiting submitter the new capacity admits (P2).
            Sudog s;
            while (running < newCapacity && (s = submitters.dequeue()) != null) {
                waiting--;
                Chan<Void> stop = countNewWorkerLocked();
                if (stop != null) {
                    scavengerStop = stop;
                }
                jobs.add(s.elem);
                s.elem = null;
                s.success = true;
                s.complete();
                served.add(s);
            }
        } finally {
            lock.unlock();
        }
        retire(surplus);
        for (int i = 0; i < served.size(); i++) {
            startWorker(jobs.get(i), i == 0 ? scavengerStop : null);
            served.get(i).ready();
        }
    }

    /**
     * Releases the pool (ants' {@code Release}): no more submissions are accepted; idle workers exit now, busy
     * ones when their task ends (tasks are never interrupted); submitters still waiting get
     * {@link PoolClosedException} and keep their task; the scavenger stops. Does not wait: see
     * {@link #release(Duration)}. A released pool can be reopened with {@link #reboot()}.
     *
     * @throws PoolClosedException "this pool has been closed" if it was already released
     */
    public final void release() {
        close();
    }

    /**
     * Releases the pool as {@link #release()} does, then waits at most {@code timeout} for every worker (and the
     * scavenger) to exit (ants' {@code ReleaseTimeout}).
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason "select"), or blocks a plain thread,
     * while tasks are still running.
     *
     * @return true if all had exited in time, false if the time ran out (ants' {@code ErrTimeout})
     * @throws PoolClosedException "this pool has been closed" if it was already released
     * @throws GoInterruptedException if the caller is interrupted: on entry, before anything is done; while it
     *                                waits, after the pool has been released
     * @throws NullPointerException if {@code timeout} is null
     */
    public final boolean release(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        GoInterruptedException.throwIfInterrupted(RELEASE);
        Chan<Void> done = close();
        if (done.isClosed()) {
            return true;
        }
        return Select.select(Select.recv(done, x -> true), Select.recv(Time.after(timeout), x -> false));
    }

    /** Release; returns the channel closed once every worker and the scavenger have exited (P5). */
    private Chan<Void> close() {
        Worker[] idleWorkers;
        List<Sudog> rejected = new ArrayList<>();
        Chan<Void> stop;
        Chan<Void> done;
        Chan<Void> toClose;
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException();
            }
            closed = true;
            idleWorkers = takeBottomLocked(nidle);
            Sudog s;
            while ((s = submitters.dequeue()) != null) {
                s.success = false; // the job stays with its submitter, who gets PoolClosedException
                s.complete();
                rejected.add(s);
            }
            waiting = 0;
            stop = stopScavenger;
            stopScavenger = null;
            done = allDone;
            toClose = allDoneToCloseLocked(); // nothing alive: nothing to wait for
        } finally {
            lock.unlock();
        }
        retire(idleWorkers);
        rejected.forEach(Sudog::ready);
        if (stop != null) {
            stop.close();
        }
        if (toClose != null) {
            toClose.close();
        }
        return done;
    }

    /**
     * Reopens a released pool (ants' {@code Reboot}); does nothing on an open one. Workers of the released pool that
     * are still finishing a task carry on as workers of the reopened one. Never blocks.
     */
    public final void reboot() {
        lock.lock();
        try {
            if (closed) {
                closed = false;
                if (allDoneDecided) {
                    allDone = Chan.make(); // a fresh epoch (P5)
                    allDoneDecided = false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Accessors: racy snapshots, as ants' (volatile reads of fields written under the lock)

    /**
     * Number of workers (ants' {@code Running}): worker goroutines started and not retired, busy or idle. At most
     * {@link #cap()}, except for a while after a tune down.
     */
    public final int running() {
        return running;
    }

    /** How many more workers could start now (ants' {@code Free}): {@code cap() - running()}, at least 0. */
    public final int free() {
        return Math.max(0, capacity - running);
    }

    /** Number of submitters blocked waiting for a worker (ants' {@code Waiting}). */
    public final int waiting() {
        return waiting;
    }

    /** The capacity: the most workers the pool runs at once (ants' {@code Cap}). */
    public final int cap() {
        return capacity;
    }

    /** Whether the pool has been released and not rebooted (ants' {@code IsClosed}). */
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[cap=" + capacity + ", running=" + running + ", waiting=" + waiting
                + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------------
    // The idle stack (P3). All hold the lock.

    private void pushIdle(Worker w) {
        assert lock.isHeldByCurrentThread();
        if (nidle == idle.length) {
            idle = Arrays.copyOf(idle, Math.max(2 * idle.length, 16));
        }
        idle[nidle++] = w;
    }

    private Worker popIdle() {
        assert lock.isHeldByCurrentThread() && nidle > 0;
        Worker w = idle[--nidle];
        idle[nidle] = null;
        return w;
    }

    /** Removes the {@code k} oldest idle workers and counts them retired (P1); the caller closes their channels. */
    private Worker[] takeBottomLocked(int k) {
        assert lock.isHeldByCurrentThread() && k >= 0 && k <= nidle;
        if (k == 0) {
            return null;
        }
        Worker[] out = Arrays.copyOfRange(idle, 0, k);
        System.arraycopy(idle, k, idle, 0, nidle - k);
        Arrays.fill(idle, nidle - k, nidle, null);
        nidle -= k;
        running -= k;
        return out;
    }

    /** Retires idle workers taken off the stack: their receive returns null and they exit. Holds no lock. */
    private static void retire(Worker[] ws) {
        if (ws != null) {
            for (Worker w : ws) {
                w.jobs.close();
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // about 292 years: as good as never
        }
    }

    static void checkCapacity(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("invalid size for pool: " + capacity);
        }
    }

    /** For tests: checks P1-P4 (P1 in its strict form only when no tune down is pending). */
    final void checkInvariants() {
        lock.lock();
        try {
            if (nidle > running) {
                throw new GoroFatalError("checkInvariants: more idle workers than running ones");
            }
            if (waiting > 0 && (nidle > 0 || running < capacity)) {
                throw new GoroFatalError("checkInvariants: P2 submitters wait while a worker is free");
            }
            if (closed && (nidle > 0 || waiting > 0)) {
                throw new GoroFatalError("checkInvariants: P4 closed pool keeps idle workers or submitters");
            }
            for (int i = 1; i < nidle; i++) {
                if (idle[i].idleSince < idle[i - 1].idleSince) {
                    throw new GoroFatalError("checkInvariants: P3 idle stack out of order");
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
