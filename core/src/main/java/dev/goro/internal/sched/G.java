package dev.goro.internal.sched;

import dev.goro.internal.jfr.Jfr;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine's record (Go's {@code g}): identity, lineage, status and wait reason, kept beside the virtual
 * thread that runs it.
 *
 * <p><b>Reachability.</b> A G refers to its thread weakly, and the registry ({@link Allgs}) holds Gs, so the
 * registry never keeps a parked goroutine alive: a goroutine parked forever on a channel that nothing live can
 * reach is collected, and its G is then reaped from the registry through {@link #QUEUE}.
 *
 * <p><b>Finding the current G.</b> The thread refers to its G strongly through its uncaught-exception handler
 * slot: a G is installed as its goroutine's {@link Thread.UncaughtExceptionHandler}. That field exists on every
 * thread, so the lookup costs one field read and no memory, where a ThreadLocal would add a map of about 140
 * bytes to every goroutine. (Replacing the handler of a goroutine's thread by hand detaches it from its G.)
 *
 * <p><b>Ownership.</b> {@code status}, {@code waitReason} and {@code waitSince} are written by the goroutine
 * itself, except that a waker moves WAITING to RUNNABLE. Readers (dumps, profiles) read them racily: a
 * snapshot is a best-effort picture, as in Go, where it is taken without stopping the world only for text.
 */
public final class G extends WeakReference<Thread> implements Thread.UncaughtExceptionHandler {

    /** Status values, Go's {@code _G*} constants (runtime2.go). */
    public static final int IDLE = 0, RUNNABLE = 1, RUNNING = 2, SYSCALL = 3, WAITING = 4, DEAD = 6;

    static final ReferenceQueue<Thread> QUEUE = new ReferenceQueue<>();

    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(G.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    final long parentId;
    final String name;
    final StartSite start;
    /**
     * pprof labels (Go's {@code g.labels}): an immutable map, null when none. Set at spawn from the spawner's;
     * afterwards written only by the goroutine itself ({@code Pprof.doWithLabels}), and read racily by
     * profilers and by the goroutines it spawns. Volatile so a profiler on another thread sees a whole map, the
     * old one or the new one; the map being immutable, that reference is all it needs.
     */
    volatile Map<String, String> labels;
    /** A value the spawner attached for its own use (the Context the goroutine was started with); may be null. */
    final Object attachment;

    // Registry links, guarded by the Allgs stripe's monitor.
    G allPrev, allNext;
    boolean allLinked;

    private volatile int status;
    private WaitReason waitReason = WaitReason.ZERO; // plain: published by the release store of status
    private long waitSince;
    /** RUNNING or SYSCALL: what {@link #endWait} restores (a goro wait inside {@code Go.blocking}). Owner only. */
    private int statusAfterWait = RUNNING;
    /** The JFR long-park event of the current wait, null unless a recording enabled it. Own goroutine only. */
    private Object parkEvent;

    G(Thread thread, long parentId, String name, StartSite start, Map<String, String> labels, Object attachment) {
        super(thread, QUEUE);
        this.id = thread.threadId();
        this.parentId = parentId;
        this.name = name;
        this.start = start;
        this.labels = labels;
        this.attachment = attachment;
        this.status = RUNNABLE;
    }

    /** The calling goroutine's G, or null on a platform thread or a virtual thread goro did not start. */
    public static G current() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof G g ? g : null;
    }

    /** Goroutine body only, first thing. */
    void bind() {
        STATUS.setRelease(this, RUNNING);
    }

    /** Goroutine body only, last thing. */
    void exit() {
        STATUS.setRelease(this, DEAD);
    }

    /**
     * The goroutine body reports what it throws itself; this only runs if something escapes it (an error
     * thrown by the reporting), so it still is not silent.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        GoRuntime.reportUncaught(this, e);
    }

    public long id() {
        return id;
    }

    public long parentId() {
        return parentId;
    }

    public String name() {
        return name;
    }

    public StartSite start() {
        return start;
    }

    public Map<String, String> labels() {
        return labels; // volatile read: pairs with the store in setLabels
    }

    /**
     * Own goroutine only: replaces this goroutine's labels (Go's {@code runtime_setProfLabel}); goroutines it
     * spawns from now on inherit them. {@code labels} must be immutable, or null for none.
     */
    public void setLabels(Map<String, String> labels) {
        assert current() == this : "setLabels: not called by the goroutine itself";
        this.labels = labels; // volatile store: profilers on other threads read the new map whole
    }

    public Object attachment() {
        return attachment;
    }

    public int status() {
        return status;
    }

    public WaitReason waitReason() {
        return waitReason;
    }

    /** {@link Clock#coarseNanos()} when the current wait began; meaningful only while WAITING. */
    public long waitSince() {
        return waitSince;
    }

    /** The goroutine's thread, or null once it has been collected. */
    public Thread thread() {
        return get();
    }

    /**
     * Parks the calling thread once, recording {@code reason} while it waits if the caller is a goroutine. Like
     * {@link LockSupport#park(Object)} it may return spuriously or on interrupt: callers loop on their own
     * condition. Any thread.
     */
    public static void park(WaitReason reason, Object blocker) {
        G g = current();
        if (g == null) {
            LockSupport.park(blocker);
            return;
        }
        g.beginWait(reason);
        LockSupport.park(blocker);
        g.endWait();
    }

    /** As {@link #park(WaitReason, Object)}, for at most {@code nanos}. */
    public static void parkNanos(WaitReason reason, Object blocker, long nanos) {
        G g = current();
        if (g == null) {
            LockSupport.parkNanos(blocker, nanos);
            return;
        }
        g.beginWait(reason);
        LockSupport.parkNanos(blocker, nanos);
        g.endWait();
    }

    /** Own goroutine only: marks the start of a wait (Go's gopark bookkeeping). */
    public void beginWait(WaitReason reason) {
        statusAfterWait = status == SYSCALL ? SYSCALL : RUNNING;
        waitReason = reason;
        waitSince = Clock.coarseNanos();
        STATUS.setRelease(this, WAITING); // release: reason and since are visible to whoever sees WAITING
        if (Jfr.AVAILABLE) {
            parkEvent = Jfr.parkBegin(); // null (and nothing allocated) unless a recording wants long parks
        }
    }

    /**
     * Own goroutine only: the wait is over, the goroutine runs again, still inside {@code Go.blocking} if the
     * wait began there (the BlockHound integration and dumps read SYSCALL as "blocking is expected here").
     */
    public void endWait() {
        STATUS.setRelease(this, statusAfterWait);
        Object e = parkEvent;
        if (e != null) {
            parkEvent = null;
            Jfr.parkEnd(e, this, waitReason);
        }
        waitReason = WaitReason.ZERO;
    }

    /** Own goroutine only: Go's entersyscall / exitsyscall status, around {@code Go.blocking}. */
    void setStatus(int s) {
        STATUS.setRelease(this, s);
    }

    /**
     * Makes a waiting goroutine runnable (Go's goready): marks it RUNNABLE and unparks its thread. Any thread.
     * Benign race: if the goroutine has not yet parked, the unpark permit makes its park return at once.
     */
    public static void ready(Thread t) {
        LockSupport.unpark(t);
    }

    /** As {@link #ready(Thread)}, marking this G runnable for observers first. */
    public void ready() {
        Thread t = get();
        STATUS.compareAndSet(this, WAITING, RUNNABLE); // fails harmlessly if it never parked or already woke
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
