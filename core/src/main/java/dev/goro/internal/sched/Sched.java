package dev.goro.internal.sched;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.varhandle.MpscUnboundedVarHandleArrayQueue;

/**
 * The goroutine scheduler: Go's runtime/proc.go (Go 1.22-1.26) on JDK virtual threads.
 *
 * <h2>Goroutine scheduler</h2>
 * <ul>
 *   <li>G, goroutine: a JDK virtual thread; the JDK freezes and thaws its stack, goro decides where and when
 *       its continuation runs. The JDK hands us the continuation through {@link #execute} each time the thread
 *       becomes runnable (start, unpark, yield, timeout).</li>
 *   <li>M, machine: a platform carrier thread ({@link M}).</li>
 *   <li>P, processor: the right to run goroutines ({@link P}); GOMAXPROCS of them, each with a local run
 *       queue and a runnext slot. An M must hold a P to run goroutines.</li>
 * </ul>
 *
 * <h2>Placement</h2>
 * A continuation submitted by a goroutine running on one of our Ms (it started or woke another one) goes to
 * that M's P's runnext: the sender of a channel hand-off keeps running and the receiver runs next on the same
 * carrier, so communicating goroutines run as a pair ("Runnext hand-off"). A continuation resubmitted by the
 * carrier itself after an unmount (Thread.yield, a wake-up landing mid-unmount, join waiters) goes to the tail
 * of the local queue. Everything else (Netty loops, JDK timer and poller threads, main) goes to the global
 * queue and then {@link #wakeP}. Every 61st schedule of a P looks at the global queue first, so that local
 * work cannot starve it; a runnext chain inherits its time slice and yields its place after
 * {@link #TIME_SLICE_NANOS}.
 *
 * <h2>Worker thread parking/unparking ("Missed wakeup")</h2>
 * We must not keep Ms spinning when there is no work, yet every runnable goroutine must find an M promptly.
 * Rejected: waking an M on every submit (futex storms on ping-pong), never waking and relying on stealing
 * (work sits in queues while Ps idle), a central lock for all queues (contention). As in Go: an M that runs out
 * of local work becomes "spinning" and looks for work in other Ps' queues and the global queue; at most half of
 * the busy Ps' Ms spin. A submitter wakes an M only if there is an idle P and no spinning M. The two sides:
 * <ol>
 *   <li>Submitter: put the task in a queue, full fence (#StoreLoad), read nmspinning; if zero and a P is idle,
 *       CAS nmspinning 0 -&gt; 1 and start an M with that P.</li>
 *   <li>Spinning M that finds nothing: release its P, decrement nmspinning (a full fence), then look at every
 *       queue again; if anything is there, take a P back and spin again, else park.</li>
 * </ol>
 * Either the submitter sees the spinner, or the spinner's recheck sees the task.
 *
 * <h2>Stealing</h2>
 * A spinning M makes 4 passes over the Ps in a random order, each time taking half of a victim's queue;
 * victims' runnext only on the last pass, after a ~3 us pause if the victim is running (see P.runqGrab).
 *
 * <h2>Sysmon retake</h2>
 * We cannot preempt a goroutine, and the JDK cannot tell us when a carrier blocks in a system call. Instead an
 * M lends its P while it runs a task (state IN_TASK, as Go's _Psyscall), and {@link Sysmon} retakes the P of an
 * M whose task has not changed for too long, handing it to another M so that the other goroutines of that P keep
 * running. {@link #blocking} is the explicit form (Go's entersyscallblock). An M that finds its P retaken when
 * its task ends takes an idle P or parks.
 *
 * <h2>What differs from Go</h2>
 * No preemption (a CPU-bound goroutine keeps its carrier; sysmon adds capacity instead); no per-P timers or
 * netpoll inside findRunnable (JDK timeouts arrive through the JDK's timer threads, network readiness through
 * Netty's event loops, both as foreign submissions); the global queue is a lock-free JCTools MPSC queue (consumers take
 * turns under a lock, as under Go's sched.lock) instead of a list under sched.lock.
 */
public final class Sched implements Executor {

    /** Time slice of a runnext chain before it yields to the rest of the queue: Go's forcePreemptNS, 10 ms. */
    static final long TIME_SLICE_NANOS = 10_000_000L;
    /** Every this many schedules a P checks the global queue first: Go's 61, a prime, so no pattern locks out. */
    static final int GLOBAL_CHECK_TICKS = 61;
    /** Steal passes over all Ps before giving up: Go's stealTries. */
    static final int STEAL_TRIES = 4;
    /** Upper bound on GOMAXPROCS, Go's _MaxGomaxprocs (1024); larger requests are capped, as Go does. */
    public static final int MAX_GOMAXPROCS = 1024;
    /** Spin rounds a mutex waiter may make before it parks: Go's {@code active_spin} (proc.go). */
    static final int ACTIVE_SPIN = 4;
    /** CPUs of the machine, read once: spinning on a single CPU only delays the holder. */
    private static final int NCPU = java.lang.Runtime.getRuntime().availableProcessors();
    /** Upper bound on Ms, as Go's sched.maxmcount (10000). */
    static final int MAX_M = Integer.getInteger("goro.maxThreads", 10_000);

    private final SchedLock lock = new SchedLock(); // Go's sched.lock: idle P and M lists, allp resizes
    /**
     * The global run queue: lock-free for producers (any thread), consumed under {@link #globrunqLock} as Go's
     * sched.runq is, since Ms take from it in batches and rarely contend.
     */
    private final MpscUnboundedVarHandleArrayQueue<Runnable> globrunq = new MpscUnboundedVarHandleArrayQueue<>(1024);
    private final Object globrunqLock = new Object();
    private final AtomicInteger npidle = new AtomicInteger();
    private final AtomicInteger nmspinning = new AtomicInteger();
    private final AtomicInteger nmidle = new AtomicInteger();
    private final AtomicInteger mcount = new AtomicInteger();
    private volatile P[] allp = new P[0];
    private volatile int gomaxprocs;
    private final List<M> allm = new ArrayList<>(); // guarded by lock
    private volatile M[] allmById = new M[8];        // copy-on-write under lock; read by sysmon
    private P pidle;   // guarded by lock
    private M midle;   // guarded by lock

    final LongAdder handoffsBlocked = new LongAdder();
    final LongAdder handoffsComputing = new LongAdder();
    final LongAdder handoffsExplicit = new LongAdder();
    final LongAdder sysmonWakeups = new LongAdder();
    private final LongAdder foreignSubmits = new LongAdder();

    private final VirtualThreads vthreads;
    final Sysmon sysmon;

    Sched(int procs) {
        this.vthreads = VirtualThreads.Reflective.on(this);
        lock.lock();
        try {
            resizeLocked(procs);
        } finally {
            lock.unlock();
        }
        this.sysmon = new Sysmon(this);
        sysmon.start();
    }

    VirtualThreads vthreads() {
        return vthreads;
    }

    // ---------------------------------------------------------------------------------------------------
    // Submission

    /**
     * Called by the JDK whenever a goroutine's continuation becomes runnable. Never throws, never parks, never
     * runs the task inline (it may be called from inside a task, from the JDK's poller and timer threads, and
     * twice for one thread; a duplicate run is a no-op in the JDK). Any thread.
     */
    @Override
    public void execute(Runnable task) {
        boolean queued = false;
        try {
            Thread carrier = vthreads.currentCarrier();
            if (carrier instanceof M m && m.sched == this) {
                P pp = m.p;
                if (pp != null) {
                    boolean fromGoroutine = Thread.currentThread() != m;
                    if (putLocal(m, pp, task, fromGoroutine)) {
                        queued = true;
                        wakeP();
                        return;
                    }
                }
            }
            foreignSubmits.increment();
            globrunqPut(task);
            queued = true;
            wakeP();
        } catch (Throwable t) {
            // Something outside goro's control threw on this path (an agent instrumenting a JDK method we call,
            // an OutOfMemoryError): the task must still run, and nothing may escape into the JDK's submit.
            if (!queued) {
                globrunqPut(task);
            }
            reportInternal("execute: recovered from " + t, t);
        }
    }

    /**
     * Puts a task on the calling M's own P: runnext for a goroutine's submission, the tail for the carrier's.
     * Fails if the P is no longer this M's (retaken while its goroutine ran). Calling M only.
     */
    private boolean putLocal(M m, P pp, Runnable task, boolean next) {
        int s = pp.statusVolatile();
        if (s == m.runningWord) {
            pp.runqPut(task, next); // scheduler code of the owner itself
            return true;
        }
        if (s != m.inTaskWord || !pp.casStatus(m.inTaskWord, m.runningWord)) {
            return false; // lent and taken away: the P is not ours to touch
        }
        // Between the CAS and the release store below nobody else can take the P (sysmon CASes IN_TASK only).
        pp.runqPut(task, next);
        pp.setStatusRelease(m.inTaskWord);
        return true;
    }

    void globrunqPut(Runnable r) {
        globrunq.offer(r);
    }

    void globrunqPutBatch(Runnable[] batch) {
        for (Runnable r : batch) {
            globrunq.offer(r);
        }
    }

    /**
     * Tries to add one more M to run goroutines: only if a P is idle and nobody is spinning. See "Missed
     * wakeup". Any thread.
     */
    void wakeP() {
        VarHandle.fullFence(); // #StoreLoad: the task we queued is visible before we read the spinning count
        if (npidle.get() == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P pp = pidleGet();
        if (pp == null) {
            nmspinning.decrementAndGet();
            return;
        }
        startM(pp, true);
    }

    /**
     * Gives {@code pp} to an idle M (or a new one) and wakes it. {@code spin}: the M counts as spinning (the
     * caller already incremented nmspinning). Any thread.
     */
    private void startM(P pp, boolean spin) {
        M m;
        lock.lock();
        try {
            m = midle;
            if (m != null) {
                midle = m.idleLink;
                m.idleLink = null;
                nmidle.decrementAndGet();
            }
        } finally {
            lock.unlock();
        }
        if (m != null) {
            m.nextSpinning = spin;
            m.nextp = pp; // volatile: publishes nextSpinning with it
            LockSupport.unpark(m);
            return;
        }
        // A new M is built outside the lock: constructing a thread may load classes, which may block, and
        // nothing under the scheduler lock may block (see SchedLock).
        int id = mcount.incrementAndGet(); // ids start at 1: owner id 0 means "no owner" in P's status word
        if (id > MAX_M) {
            throw new GoroFatalError("startM: thread limit " + MAX_M + " reached (goro.maxThreads)");
        }
        m = new M(this, id, pp, spin);
        lock.lock();
        try {
            allm.add(m);
            M[] byId = allmById;
            if (id >= byId.length) {
                byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
            }
            byId[id] = m;
            allmById = byId; // volatile: sysmon sees the M before it can own a P
        } finally {
            lock.unlock();
        }
        m.start();
    }

    // ---------------------------------------------------------------------------------------------------
    // The scheduler loop

    /**
     * Finds a runnable task for {@code m}: local, global, stolen; parks the M when there is none. Returns with
     * {@code m.p} held. M's own thread only.
     */
    Runnable findRunnable(M m) {
        for (;;) {
            P pp = m.p;
            if (pp == null) {
                acquireIdlePOrPark(m);
                continue;
            }
            if (pp.id >= gomaxprocs) {
                retireP(m, pp);
                continue;
            }
            Runnable r;
            // A used-up time slice ends like a fresh schedule: the runnext chain yields its place, and the
            // global queue gets its look (Go gets both from preemption, which re-enters schedule()).
            boolean sliceOver = Clock.coarseNanos() - pp.sliceStart > TIME_SLICE_NANOS;
            if (sliceOver) {
                pp.demoteRunnext();
                pp.sliceStart = Clock.coarseNanos();
            }
            if ((sliceOver || pp.schedtick % GLOBAL_CHECK_TICKS == 0) && !globrunq.isEmpty()) {
                pp.schedtick++; // once per tick value, even if the global queue was empty by the time we looked
                r = globrunqGet(pp, 1);
                if (r != null) {
                    pp.inheritTime = false;
                    return r;
                }
            }
            r = pp.runqGet();
            if (r != null) {
                return r;
            }
            r = globrunqGet(pp, 0);
            if (r != null) {
                pp.inheritTime = false;
                return r;
            }
            int procs = gomaxprocs;
            if (m.spinning || 2 * nmspinning.get() < procs - npidle.get()) {
                if (!m.spinning) {
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                }
                r = stealWork(m, pp);
                if (r != null) {
                    pp.inheritTime = false;
                    return r;
                }
            }
            // Nothing to do: give the P back and park. See "Missed wakeup".
            lock.lock();
            try {
                if (!globrunq.isEmpty()) {
                    r = globrunqGet(pp, 0);
                    if (r != null) {
                        pp.inheritTime = false;
                        return r;
                    }
                }
                releasePLocked(m, pp);
            } finally {
                lock.unlock();
            }
            if (m.spinning) {
                m.spinning = false;
                if (nmspinning.decrementAndGet() < 0) {
                    throw new GoroFatalError("findRunnable: negative nmspinning");
                }
                // The spinner's half of "Missed wakeup": a submitter may have seen us spinning and not woken
                // anyone; look again at every queue now that we no longer count as spinning.
                if (anyWork() && reacquireIdleP(m)) {
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                    continue;
                }
            } else if (!globrunq.isEmpty() && reacquireIdleP(m)) {
                // The idle side of "Missed wakeup" for the global queue, which submitters fill without the
                // lock: our npidle increment (a full fence) came before this look, their offer before their
                // fenced read of npidle, so either they saw us idle and will wake someone, or we see the task.
                continue;
            }
            stopM(m);
        }
    }

    private boolean anyWork() {
        if (!globrunq.isEmpty()) {
            return true;
        }
        P[] ps = allp;
        int procs = Math.min(gomaxprocs, ps.length);
        for (int i = 0; i < procs; i++) {
            if (!ps[i].runqEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Takes an idle P for {@code m}, if there is one. M's own thread only. */
    private boolean reacquireIdleP(M m) {
        P pp = pidleGet();
        if (pp == null) {
            return false; // every P is taken again: their Ms will get to the work
        }
        m.acquireP(pp);
        return true;
    }

    /** Takes an idle P under the scheduler lock, or null. Any thread. */
    private P pidleGet() {
        lock.lock();
        try {
            return pidleGetLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Called when a spinning M found work: stop spinning and, as Go's resetspinning, maybe wake another. */
    void resetSpinning(M m) {
        m.spinning = false;
        if (nmspinning.decrementAndGet() < 0) {
            throw new GoroFatalError("resetSpinning: negative nmspinning");
        }
        wakeP();
    }

    private Runnable stealWork(M m, P pp) {
        P[] ps = allp;
        int procs = Math.min(gomaxprocs, ps.length);
        if (procs <= 1) {
            return null;
        }
        for (int pass = 0; pass < STEAL_TRIES; pass++) {
            boolean lastPass = pass == STEAL_TRIES - 1;
            // Random start and a stride coprime to procs visit every P once in a different order each time.
            int start = m.nextRandom() % procs;
            int stride = coprimeStride(procs, m.nextRandom());
            for (int i = 0, j = start; i < procs; i++, j = (j + stride) % procs) {
                P victim = ps[j];
                if (victim == pp || P.stateOf(victim.statusVolatile()) == P.IDLE) {
                    continue;
                }
                Runnable r = pp.runqSteal(victim, lastPass);
                if (r != null) {
                    return r;
                }
            }
            if (!globrunq.isEmpty()) {
                Runnable r = globrunqGet(pp, 0);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static int coprimeStride(int n, int rnd) {
        for (int k = 0; k < n; k++) {
            int s = 1 + (rnd + k) % n;
            if (gcd(s, n) == 1) {
                return s;
            }
        }
        return 1;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Takes a batch from the global queue: one to return, the rest onto {@code pp}'s local queue (Go's
     * globrunqget: a fair share, at most half a local queue). {@code max} 0 means no extra cap. Owner M only.
     */
    private Runnable globrunqGet(P pp, int max) {
        if (globrunq.isEmpty()) {
            return null;
        }
        synchronized (globrunqLock) { // single consumer at a time: the queue is MPSC
            Runnable first = globrunq.poll();
            if (first == null) {
                return null;
            }
            int n = globrunq.size() / Math.max(1, gomaxprocs) + 1;
            if (max > 0 && n > max) {
                n = max;
            }
            n = Math.min(n, P.RUNQ_SIZE / 2);
            for (int i = 1; i < n; i++) {
                Runnable r = globrunq.poll();
                if (r == null) {
                    break;
                }
                pp.runqPut(r, false);
            }
            return first;
        }
    }

    /** Parks an M without a P: first tries an idle P, else Go's stopm. M's own thread only. */
    private void acquireIdlePOrPark(M m) {
        P pp = pidleGet();
        if (pp != null) {
            m.acquireP(pp);
            return;
        }
        stopM(m);
    }

    /** Go's stopm: puts the M on the idle list and parks it until startM hands it a P. */
    private void stopM(M m) {
        lock.lock();
        try {
            m.idleLink = midle;
            midle = m;
            nmidle.incrementAndGet();
        } finally {
            lock.unlock();
        }
        m.parkUntilHandedP();
    }

    private void releasePLocked(M m, P pp) {
        m.p = null;
        pidlePutLocked(pp);
    }

    /** Gives up a P beyond GOMAXPROCS: its tasks go to the global queue and it is marked dead. Owner M only. */
    private void retireP(M m, P pp) {
        pp.drainToGlobal();
        pp.setStatusRelease(P.word(0, P.DEAD));
        m.p = null;
        if (m.spinning) {
            m.spinning = false;
            nmspinning.decrementAndGet();
        }
        wakeP();
    }

    // ---------------------------------------------------------------------------------------------------
    // Idle P list (sched.lock held)

    private P pidleGetLocked() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.idleLink;
            pp.idleLink = null;
            npidle.decrementAndGet();
        }
        return pp;
    }

    private void pidlePutLocked(P pp) {
        if (!pp.runqEmpty()) {
            throw new GoroFatalError("pidlePut: P has non-empty run queue");
        }
        pp.clearStaleSlotsIdle();
        pp.setStatusRelease(P.word(0, P.IDLE));
        pp.idleLink = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    // ---------------------------------------------------------------------------------------------------
    // Hand-off (sysmon retake, Go.blocking)

    /**
     * Go's handoffp: finds a home for a P whose M is blocked. The caller took the P by CAS IN_TASK -&gt; IDLE and
     * so owns it exclusively. Any thread.
     */
    void handoffP(P pp) {
        if (pp.id >= gomaxprocs) {
            pp.drainToGlobal();
            pp.setStatusRelease(P.word(0, P.DEAD));
            wakeP();
            return;
        }
        if (!pp.runqEmpty() || !globrunq.isEmpty()) {
            startM(pp, false);
            return;
        }
        // No work now; if nobody is spinning or idle, this M has to stay watchful for new work.
        if (nmspinning.get() + npidle.get() == 0 && nmspinning.compareAndSet(0, 1)) {
            startM(pp, true);
            return;
        }
        lock.lock();
        try {
            pidlePutLocked(pp);
        } finally {
            lock.unlock();
        }
        // A task may have been queued while the P was in neither place: wake someone for it.
        if (!globrunq.isEmpty()) {
            wakeP();
        }
    }

    /** Sysmon: takes a lent P away from its M. Returns false if the M took it back first. */
    boolean retake(P pp, int observedWord) {
        return P.stateOf(observedWord) == P.IN_TASK && pp.casStatus(observedWord, P.word(0, P.IDLE));
    }

    /**
     * Runs {@code body} after handing the caller's P to another M, and takes a P back after (Go's
     * entersyscallblock / exitsyscall). Caller: a goroutine.
     */
    void enterBlocking(G g) {
        Thread carrier = vthreads.currentCarrier();
        if (carrier instanceof M m && m.sched == this) {
            P pp = m.p;
            if (pp != null && pp.casStatus(m.inTaskWord, P.word(0, P.IDLE))) {
                m.p = null;
                handoffsExplicit.increment();
                handoffP(pp);
            }
        }
        if (g != null) {
            g.setStatus(G.SYSCALL);
        }
    }

    /** Second half of {@link #enterBlocking}: reacquire a P, or yield so the goroutine queues for one. */
    void exitBlocking(G g) {
        if (g != null) {
            g.setStatus(G.RUNNING);
        }
        Thread carrier = vthreads.currentCarrier();
        if (carrier instanceof M m && m.sched == this && m.p == null) {
            P pp = pidleGet();
            if (pp != null) {
                pp.setStatusRelease(m.inTaskWord);
                m.p = pp;
            } else {
                // No P free: queue up like any runnable goroutine (Go puts it on the global queue and stops the
                // M). The yield resubmits us through execute from a P-less carrier, i.e. to the global queue.
                Thread.yield();
            }
        }
    }

    /**
     * A voluntary preemption point (Go preempts at function prologues; goro at its own operations): if sysmon
     * took this goroutine's P away while it kept computing, yield, so that it queues for a P again instead of
     * running as one goroutine too many beyond GOMAXPROCS. Caller: a goroutine, outside any lock.
     */
    void preemptPoint() {
        if (vthreads.currentCarrier() instanceof M m && m.sched == this && m.p == null
                && Thread.currentThread() != m) {
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // GOMAXPROCS

    int gomaxprocs() {
        return gomaxprocs;
    }

    /** Go's procresize under stop-the-world, done incrementally: returns the previous value. Any thread. */
    int setMaxProcs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be >= 1, got " + n);
        }
        n = Math.min(n, MAX_GOMAXPROCS);
        int old;
        lock.lock();
        try {
            old = gomaxprocs;
            resizeLocked(n);
        } finally {
            lock.unlock();
        }
        for (int i = old; i < n; i++) {
            wakeP();
        }
        return old;
    }

    private void resizeLocked(int n) {
        P[] ps = allp;
        int old = gomaxprocs;
        if (n > ps.length) {
            P[] grown = java.util.Arrays.copyOf(ps, n);
            for (int i = ps.length; i < n; i++) {
                grown[i] = new P(this, i);
                grown[i].setStatusRelease(P.word(0, P.DEAD));
            }
            allp = grown;
            ps = grown;
        }
        gomaxprocs = n; // volatile: Ms beyond n retire their P at their next schedule
        // Revive Ps coming back into range.
        for (int i = old; i < n; i++) {
            if (P.stateOf(ps[i].statusVolatile()) == P.DEAD) {
                pidlePutLocked(ps[i]);
            }
        }
        // Retire idle Ps going out of range now; owned ones retire at their owner's next schedule.
        if (n < old) {
            P prev = null;
            for (P pp = pidle; pp != null; ) {
                P nextIdle = pp.idleLink;
                if (pp.id >= n) {
                    if (prev == null) {
                        pidle = nextIdle;
                    } else {
                        prev.idleLink = nextIdle;
                    }
                    pp.idleLink = null;
                    npidle.decrementAndGet();
                    pp.setStatusRelease(P.word(0, P.DEAD));
                } else {
                    prev = pp;
                }
                pp = nextIdle;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Observation

    P[] allp() {
        return allp;
    }

    M mById(int id) {
        M[] byId = allmById;
        return id > 0 && id < byId.length ? byId[id] : null;
    }

    int globalQueueSize() {
        return globrunq.size();
    }

    int idleProcs() {
        return npidle.get();
    }

    int spinningMs() {
        return nmspinning.get();
    }

    int idleMs() {
        return nmidle.get();
    }

    int threadCount() {
        lock.lock();
        try {
            return allm.size();
        } finally {
            lock.unlock();
        }
    }

    long foreignSubmits() {
        return foreignSubmits.sum();
    }

    /** Sysmon's safety net: work in the global queue, an idle P and nobody looking. Returns true if it woke. */
    boolean wakeIfStranded() {
        if (!globrunq.isEmpty() && npidle.get() > 0 && nmspinning.get() == 0) {
            sysmonWakeups.increment();
            wakeP();
            return true;
        }
        return false;
    }

    /** A snapshot of the scheduler for {@code Runtime.schedStats()} and schedtrace. Any thread. */
    public dev.goro.SchedStats stats() {
        P[] ps = allp;
        int procs = Math.min(gomaxprocs, ps.length);
        java.util.List<Integer> local = new ArrayList<>(procs);
        long steals = 0, stolen = 0;
        for (P pp : ps) {
            steals += pp.steals;
            stolen += pp.stolenTasks;
        }
        for (int i = 0; i < procs; i++) {
            local.add(ps[i].runqSize());
        }
        return new dev.goro.SchedStats("gmp", (System.nanoTime() - GoRuntime.startNanos()) / 1_000_000, procs,
                idleProcs(), threadCount(), spinningMs(), idleMs(), globalQueueSize(), local, Allgs.count(),
                steals, stolen, handoffsBlocked.sum(), handoffsComputing.sum(), handoffsExplicit.sum(),
                sysmonWakeups.sum(), foreignSubmits());
    }

    /** Subscribes to sysmon's carrier stalls. */
    public void addStallListener(java.util.function.Consumer<CarrierStall> l) {
        sysmon.addListener(l);
    }

    public void removeStallListener(java.util.function.Consumer<CarrierStall> l) {
        sysmon.removeListener(l);
    }

    /**
     * sync.Mutex's spin policy (Go's {@code sync_runtime_canSpin}): whether a goroutine that found a mutex held
     * may spin once more instead of parking. Spinning pays only when the holder is running on another
     * processor and nothing else is waiting for this one: so at most {@link #ACTIVE_SPIN} rounds, on a machine
     * with more than one CPU, when at least one other P is busy running goroutines, and when the caller's own
     * P has an empty run queue. A plain thread has no P; only the round and CPU limits apply to it. Any thread.
     */
    public boolean canSpin(int iter) {
        if (iter >= ACTIVE_SPIN || NCPU <= 1 || gomaxprocs <= npidle.get() + nmspinning.get() + 1) {
            return false;
        }
        Thread carrier = vthreads.currentCarrier();
        if (carrier instanceof M m && m.sched == this) {
            P pp = m.p; // plain read: written only by this carrier thread, which is running us
            return pp == null || pp.runqEmpty();
        }
        return true;
    }

    /** Changes GOMAXPROCS; returns the previous value. */
    public int setGomaxprocs(int n) {
        return setMaxProcs(n);
    }

    public int currentGomaxprocs() {
        return gomaxprocs;
    }

    void reportInternal(String what, Throwable t) {
        System.getLogger("dev.goro.runtime").log(System.Logger.Level.ERROR, what, t);
    }
}
