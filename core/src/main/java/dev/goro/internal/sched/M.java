package dev.goro.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * A machine (Go's {@code m}): a platform carrier thread that runs goroutines while it holds a P.
 *
 * <p><b>Ownership.</b> {@code p} is written only on this thread: by the scheduler loop, or by a goroutine
 * mounted on it (Go.blocking releasing or taking a P). Other threads learn whether the P is still this M's from
 * the P's ownership word, never from {@code p}. {@code nextp} and {@code spinningHandoff} are written by the
 * thread that wakes this M (startM) before the unpark, and read by this M after it, the unpark being the
 * happens-before edge (plus the volatile {@code nextp}).
 */
final class M extends Thread {
    final Sched sched;
    final int mid;
    /** The word meaning "this M owns its P and is running a goroutine on it". */
    final int inTaskWord;
    /** The word meaning "this M owns its P and is in scheduler code". */
    final int runningWord;

    P p;
    boolean spinning;
    volatile P nextp;
    volatile boolean nextSpinning;
    /** Next M in the scheduler's idle list; guarded by the scheduler lock. */
    M idleLink;

    // Written by this M with opaque stores (no fence: they are on every task's path), read by sysmon with opaque
    // loads: sysmon needs to see them change eventually, not in any order with other memory.
    /** Tasks started; sysmon compares successive readings to see a task that has run for too long. */
    private long taskSeq;
    /** The continuation running now, or null: how sysmon names the goroutine that holds the carrier. */
    private Runnable curTask;

    private int rng;

    M(Sched sched, int mid, P p, boolean spinning) {
        super(null, null, "goro-m" + mid, 0, false); // no inherited ThreadLocals: request context never sticks to an M
        this.sched = sched;
        this.mid = mid;
        this.inTaskWord = P.word(mid, P.IN_TASK);
        this.runningWord = P.word(mid, P.RUNNING);
        this.nextp = p;
        this.nextSpinning = spinning;
        this.rng = mid * 0x9E3779B9 | 1;
        setDaemon(true);
        setContextClassLoader(ClassLoader.getSystemClassLoader());
    }

    /** Linux thread id of this carrier, for sysmon's look at its kernel state; 0 when unknown. */
    volatile int nativeTid;

    @Override
    public void run() {
        nativeTid = KernelThreadState.currentTid();
        takeNextP();
        for (;;) {
            Runnable task = sched.findRunnable(this);
            runTask(task);
        }
    }

    /** Runs one goroutine continuation with the P lent (IN_TASK), then takes the P back if it is still ours. */
    private void runTask(Runnable task) {
        P pp = p;
        // Every schedule counts toward the 1-in-61 look at the global queue, runnext hand-offs included: the
        // global queue is where timers and event loops wake goroutines, which Go checks at every schedule, so a
        // pair of goroutines waking each other must not hold them off for a whole time slice.
        pp.schedtick++;
        if (!pp.inheritTime) {
            pp.sliceStart = Clock.coarseNanos();
        }
        if (spinning) {
            sched.resetSpinning(this);
        }
        CUR_TASK.setOpaque(this, task);
        TASK_SEQ.setOpaque(this, taskSeq + 1); // single writer
        pp.setStatusRelease(inTaskWord); // lend the P: sysmon may retake it from here on
        try {
            task.run();
        } catch (Throwable t) {
            // runContinuation does not throw; if the JDK ever does, the M must survive it.
            sched.reportInternal("goro-m" + mid + ": task threw", t);
        }
        CUR_TASK.setOpaque(this, null);
        pp = p; // Go.blocking inside the task may have released it or taken another
        if (pp != null && !pp.casStatus(inTaskWord, runningWord)) {
            p = null; // retaken by sysmon while we ran: find another or sleep (Go's exitsyscall slow path)
        }
    }

    /** Sysmon: the number of tasks this M has started. */
    long taskSeqOpaque() {
        return (long) TASK_SEQ.getOpaque(this);
    }

    /** Sysmon: the continuation running now, or null. */
    Runnable curTaskOpaque() {
        return (Runnable) CUR_TASK.getOpaque(this);
    }

    private static final java.lang.invoke.VarHandle TASK_SEQ, CUR_TASK;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            TASK_SEQ = l.findVarHandle(M.class, "taskSeq", long.class);
            CUR_TASK = l.findVarHandle(M.class, "curTask", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Adopts the P handed over by startM. This thread only. */
    void takeNextP() {
        P np = nextp;
        nextp = null;
        spinning = nextSpinning;
        acquireP(np);
    }

    void acquireP(P np) {
        np.setStatusRelease(runningWord);
        p = np;
    }

    /** Parks until startM hands a P over. This thread only, with no P. */
    void parkUntilHandedP() {
        while (nextp == null) {
            LockSupport.park(this);
        }
        takeNextP();
    }

    int nextRandom() {
        int x = rng; // xorshift32: stealing order only needs to differ between Ms and calls
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        rng = x;
        return x & Integer.MAX_VALUE;
    }
}
