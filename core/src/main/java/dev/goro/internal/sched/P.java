package dev.goro.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor (Go's {@code p}): the right to run goroutines, GOMAXPROCS of them, each with a local run queue.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>The local queue {@code runq[head..tail)} holds at most {@link #RUNQ_SIZE} tasks; {@code head} and
 *       {@code tail} are free-running ints, so {@code tail - head} is the length even after wrap-around.</li>
 *   <li>Only the owner M writes {@code tail} and the slots at {@code tail}; any M advances {@code head} by CAS
 *       after copying the slots it takes (consumers: the owner's {@link #runqGet}, stealers'
 *       {@link #runqGrab}).</li>
 *   <li>{@code runnext} is set only by the owner; any M may take it by CAS to null.</li>
 *   <li>An idle P (on the scheduler's idle list) has an empty queue and no runnext.</li>
 * </ul>
 * Not an invariant: {@code head <= tail} as seen by a stealer that read them at different times; runqGrab
 * rereads until it sees a consistent pair.
 *
 * <h2>Ownership word</h2>
 * {@code status} packs the owner M's id and a state, so that a CAS both checks the state and that the P still
 * belongs to the M that thinks it owns it (a P retaken and handed to another M while the first was blocked
 * cannot be mistaken for the old lease: that is the ABA the id prevents).
 * <pre>
 *   status = ownerId &lt;&lt; 2 | state
 *   IDLE    (owner 0)  on the idle list or being handed off; nobody runs on it
 *   RUNNING            the owner M is in scheduler code; only it touches the P
 *   IN_TASK            the owner M is running a goroutine: the P is lent, as Go's _Psyscall. Sysmon or
 *                      Go.blocking may take it away by CAS IN_TASK -&gt; IDLE; the owner's own accesses from
 *                      inside the goroutine (execute) first CAS IN_TASK -&gt; RUNNING and back.
 *   DEAD               retired by a GOMAXPROCS decrease
 * </pre>
 */
final class P {
    /** Local run queue size: Go's 256, big enough to absorb bursts, small enough to steal half quickly. */
    static final int RUNQ_SIZE = 256;
    private static final int MASK = RUNQ_SIZE - 1;

    static final int IDLE = 0, RUNNING = 1, IN_TASK = 2, DEAD = 3;

    private static final VarHandle HEAD, TAIL, RUNNEXT, STATUS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(P.class, "head", int.class);
            TAIL = l.findVarHandle(P.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(P.class, "runnext", Runnable.class);
            STATUS = l.findVarHandle(P.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Sched sched;
    final int id;
    final Runnable[] runq = new Runnable[RUNQ_SIZE];
    @SuppressWarnings("unused") private volatile int head;
    @SuppressWarnings("unused") private volatile int tail;
    @SuppressWarnings("unused") private volatile Runnable runnext;
    @SuppressWarnings("unused") private volatile int status;

    // Owner M only (plain fields).
    /** Whether the task last returned by {@link #runqGet} came from runnext and inherits the time slice. */
    boolean inheritTime;
    /** Incremented at every schedule that does not inherit a time slice; drives the 1-in-61 global check. */
    int schedtick;
    /** {@link Clock#coarseNanos()} when the current time slice began; runnext hand-offs inherit it. */
    long sliceStart;
    /** Next P in the scheduler's idle list; guarded by the scheduler lock. */
    P idleLink;

    // Counters: written by the owner (plain), read racily by statistics.
    long steals, stolenTasks;

    // Sysmon only.
    long sysmonSeq = -1, sysmonWhen, sysmonCpu = -1, sysmonCpuWhen;

    P(Sched sched, int id) {
        this.sched = sched;
        this.id = id;
    }

    static int word(int ownerId, int state) {
        return ownerId << 2 | state;
    }

    static int stateOf(int word) {
        return word & 3;
    }

    static int ownerOf(int word) {
        return word >>> 2;
    }

    int statusVolatile() {
        return (int) STATUS.getVolatile(this);
    }

    void setStatusRelease(int word) {
        STATUS.setRelease(this, word); // release: the owner's queue writes happen-before a later CAS by sysmon
    }

    boolean casStatus(int expect, int update) {
        return STATUS.compareAndSet(this, expect, update);
    }

    private int headAcquire() {
        return (int) HEAD.getAcquire(this);
    }

    private int tailAcquire() {
        return (int) TAIL.getAcquire(this);
    }

    private int tailPlain() {
        return (int) TAIL.get(this);
    }

    private void setTailRelease(int t) {
        TAIL.setRelease(this, t); // store-release: publishes the slots below t to consumers (pairs with tailAcquire)
    }

    private boolean casHeadRelease(int expect, int update) {
        return HEAD.compareAndSet(this, expect, update); // cas-release: commits the consume of [expect, update)
    }

    Runnable runnextVolatile() {
        return (Runnable) RUNNEXT.getVolatile(this);
    }

    /**
     * Puts {@code r} on the local queue: into runnext when {@code next} (kicking the old runnext to the tail),
     * else at the tail. A full queue moves half of it to the global queue. Owner M only.
     */
    void runqPut(Runnable r, boolean next) {
        if (next) {
            Runnable old;
            do {
                old = (Runnable) RUNNEXT.getVolatile(this);
            } while (!RUNNEXT.compareAndSet(this, old, r)); // stealers may have cleared it meanwhile
            if (old == null) {
                return;
            }
            r = old; // kick the old runnext out to the regular queue
        }
        for (;;) {
            int h = headAcquire(); // load-acquire, synchronize with consumers
            int t = tailPlain();   // only the owner writes tail
            if (t - h < RUNQ_SIZE) {
                runq[t & MASK] = r;
                setTailRelease(t + 1);
                return;
            }
            if (runqPutSlow(r, h, t)) {
                return;
            }
            // the queue is not full anymore: a stealer took some meanwhile; retry the fast path
        }
    }

    /** Moves {@code r} and half of the full local queue to the global queue in one batch. Owner M only. */
    private boolean runqPutSlow(Runnable r, int h, int t) {
        int n = (t - h) / 2;
        if (n != RUNQ_SIZE / 2) {
            throw new GoroFatalError("runqPutSlow: queue is not full");
        }
        Runnable[] batch = new Runnable[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = runq[(h + i) & MASK];
        }
        if (!casHeadRelease(h, h + n)) {
            return false;
        }
        batch[n] = r;
        sched.globrunqPutBatch(batch);
        return true;
    }

    /**
     * Takes the next task: runnext first, then the head of the queue, and sets {@link #inheritTime}. Owner M
     * only.
     */
    Runnable runqGet() {
        Runnable next = (Runnable) RUNNEXT.getVolatile(this);
        // A runnext chain (two goroutines waking each other) keeps the slice it inherited; once the slice is
        // used up, the chain goes to the back of the queue so the others get a turn (Go reaches the same with
        // inheritTime plus sysmon preemption after 10 ms).
        if (next != null && Clock.coarseNanos() - sliceStart > Sched.TIME_SLICE_NANOS && !runqEmptyQueueOnly()) {
            if (RUNNEXT.compareAndSet(this, next, null)) {
                inheritTime = false;
                Runnable head = takeHead(); // make room first, so the put below never overflows
                if (head == null) {
                    // Stealers emptied the queue after our check: next is all there is. Requeueing it and
                    // returning null would report an empty P that still holds a task (pidlePut would throw).
                    return next;
                }
                runqPut(next, false);
                return head;
            }
            next = (Runnable) RUNNEXT.getVolatile(this);
        }
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            inheritTime = true;
            return next;
        }
        inheritTime = false;
        return takeHead();
    }

    /** Takes the head of the local queue. Owner M only. */
    private Runnable takeHead() {
        for (;;) {
            int h = headAcquire(); // load-acquire, synchronize with other consumers
            int t = tailPlain();
            if (t == h) {
                return null;
            }
            Runnable r = runq[h & MASK];
            if (casHeadRelease(h, h + 1)) {
                // Only the owner writes slots, so clearing our own taken slot cannot hit a newer task; it keeps a
                // parked goroutine from being retained by a stale slot (stolen slots stay until overwritten).
                runq[h & MASK] = null;
                return r;
            }
        }
    }

    private boolean runqEmptyQueueOnly() {
        return headAcquire() == tailPlain();
    }

    /**
     * Whether the P has nothing to run. Never true spuriously: a concurrent runqPut can move runnext into the
     * queue between our reads, so we reread tail to see that the snapshot was consistent. Any thread.
     */
    boolean runqEmpty() {
        for (;;) {
            int h = headAcquire();
            int t = tailAcquire();
            Runnable next = runnextVolatile();
            if (tailAcquire() == t) {
                return h == t && next == null;
            }
        }
    }

    /** Local queue length including runnext (racy snapshot). Any thread. */
    int runqSize() {
        int n = tailAcquire() - headAcquire();
        n = Math.max(0, Math.min(n, RUNQ_SIZE));
        return n + (runnextVolatile() != null ? 1 : 0);
    }

    /**
     * Copies half of this P's tasks into {@code batch} starting at {@code batchHead} and commits the take;
     * returns how many. With {@code stealRunnext}, an empty queue gives up its runnext. Any M.
     */
    private int runqGrab(Runnable[] batch, int batchHead, boolean stealRunnext) {
        for (;;) {
            int h = headAcquire(); // load-acquire, synchronize with other consumers
            int t = tailAcquire(); // load-acquire, synchronize with the producer
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    Runnable next = runnextVolatile();
                    if (next != null) {
                        if (stateOf(statusVolatile()) != IDLE) {
                            // The victim is running and likely to run its runnext itself in a moment (a goroutine
                            // that just woke another is about to park). Back off ~3 us before stealing it, Go's
                            // "~50x overshoot" of a ~50 ns hand-off; stealing it now would thrash the pair.
                            spinPause(3_000);
                        }
                        if (RUNNEXT.compareAndSet(this, next, null)) {
                            batch[batchHead & MASK] = next;
                            return 1;
                        }
                    }
                }
                return 0;
            }
            if (n > RUNQ_SIZE / 2) {
                continue; // read inconsistent h and t
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & MASK] = runq[(h + i) & MASK];
            }
            if (casHeadRelease(h, h + n)) {
                return n;
            }
        }
    }

    /**
     * Steals half of {@code victim}'s tasks into this P's queue and returns one of them to run, or null.
     * Owner M of this P only.
     */
    Runnable runqSteal(P victim, boolean stealRunnext) {
        int t = tailPlain();
        int n = victim.runqGrab(runq, t, stealRunnext);
        if (n == 0) {
            return null;
        }
        steals++;
        stolenTasks += n;
        n--;
        Runnable r = runq[(t + n) & MASK];
        runq[(t + n) & MASK] = null;
        if (n == 0) {
            return r;
        }
        int h = headAcquire(); // load-acquire, synchronize with consumers
        if (t - h + n >= RUNQ_SIZE) {
            throw new GoroFatalError("runqSteal: runq overflow");
        }
        setTailRelease(t + n); // store-release, makes the stolen tasks available to consumers
        return r;
    }

    /** Moves every local task (runnext included) to the global queue. Owner M, or whoever holds a retired P. */
    void drainToGlobal() {
        for (;;) {
            Runnable next = runnextVolatile();
            if (next == null) {
                break;
            }
            if (RUNNEXT.compareAndSet(this, next, null)) {
                sched.globrunqPut(next);
            }
        }
        for (Runnable r; (r = takeHead()) != null; ) {
            sched.globrunqPut(r);
        }
    }

    private static void spinPause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
