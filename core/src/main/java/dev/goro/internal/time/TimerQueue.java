package dev.goro.internal.time;

import dev.goro.internal.sched.Clock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * goro's timers: one 4-ary heap of deadlines ({@link TimerHeap}) and one platform daemon thread,
 * {@code goro-timer}, that sleeps until the earliest deadline and then expires every node that is due.
 *
 * <h2>Design</h2>
 * Go keeps a timer heap per P and lets each M run due timers from {@code findRunnable} and sleep in the
 * netpoller until the next one. goro's scheduler classes offer no such hook yet (see "What differs from Go" in
 * Sched), so the heap lives here and a dedicated thread drives it. What is kept from Go:
 * <ul>
 *   <li>a 4-ary heap with indexes in the nodes: add, move and remove are O(log n), so millions of pending timers
 *       cost one small node each and no scan;</li>
 *   <li>eager removal: Stop and Reset take a timer out of (or move it within) the heap at once, where Go marks
 *       it a zombie for its P to clean later; with a single heap under one lock the eager form is as cheap and
 *       keeps the heap exactly as large as the set of live timers;</li>
 *   <li>channel timers are in the heap only while a goroutine is blocked on their channel (Go 1.23's
 *       {@code blockTimerChan}, see {@link RuntimeTimer}): an unreferenced {@code Time.after} or Ticker is not
 *       referenced from here and is collected like any other object;</li>
 *   <li>every reading of now is {@link Clock#nanoTime()}, through {@link #now()}.</li>
 * </ul>
 * Expired nodes are taken out of the heap under the lock and run after it is released: their callbacks take
 * timer and channel locks, and the lock order is timer monitor, then channel lock, then this queue's lock,
 * never the reverse.
 *
 * <h2>Waking the timer thread</h2>
 * {@code sleepUntil} (guarded by {@code lock}) is the deadline the timer thread parks for: Long.MAX_VALUE when
 * the heap is empty, Long.MIN_VALUE while it is awake and running timers. An adder whose deadline is earlier
 * than {@code sleepUntil} lowers it and unparks the thread; a thread that is awake needs no wake-up, because it
 * takes the lock and recomputes its deadline before parking again. An unpark that arrives before the park
 * leaves a permit, so it is not lost.
 */
public final class TimerQueue {
    /** Most nodes expired per pass under one lock hold, so adders are not held off for long by a burst. */
    static final int BATCH = 256;

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final TimerHeap HEAP = new TimerHeap(); // guarded by LOCK
    private static long sleepUntil = Long.MAX_VALUE;       // guarded by LOCK
    private static Thread thread;                          // guarded by LOCK; started at the first add

    /** Subtracted from Clock readings so that timer times are always positive (0 means "not armed"). */
    private static final long ORIGIN = Clock.nanoTime() - 1;

    private TimerQueue() {
    }

    /**
     * Now on the timer time base: {@link Clock#nanoTime()} shifted so that it is positive (the JDK's nano time may
     * be negative, and a timer's {@code when} of 0 means "not armed", as in Go). Any thread.
     */
    public static long now() {
        return Clock.nanoTime() - ORIGIN;
    }

    /** The time base reading {@code nanos} from now, saturating at Long.MAX_VALUE (Go's {@code when(d)}). */
    public static long when(long nanos) {
        long now = now();
        if (nanos <= 0) {
            return now;
        }
        long t = now + nanos;
        return t < 0 ? Long.MAX_VALUE : t;
    }

    /** Files {@code n} under {@code when} (moving it if it is already filed). Any thread. */
    static void addOrMove(TimerHeap.Node n, long when) {
        Thread wake = null;
        LOCK.lock();
        try {
            HEAP.addOrMove(n, when);
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("goro-timer").unstarted(TimerQueue::run);
                thread.start();
            } else if (when < sleepUntil) {
                sleepUntil = when;
                wake = thread;
            }
        } finally {
            LOCK.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /**
     * Takes {@code n} out of the heap; false if it was not there (never filed, removed, or already taken out to
     * expire). A timer that wakes early because its head was removed just recomputes: no wake-up needed. Any
     * thread.
     */
    static boolean remove(TimerHeap.Node n) {
        // Racy read, benign: a node is filed only by its owner (a timer under its monitor, a sleeper on its own
        // thread), and the owner calling here sees its own filing. The timer thread may concurrently unfile it
        // (index becomes -1), which can only turn a stale ">= 0" into a locked no-op below. So -1 is final: a
        // channel timer that nobody ever waited on is stopped without touching the global lock.
        if (n.index < 0) {
            return false;
        }
        LOCK.lock();
        try {
            return HEAP.remove(n);
        } finally {
            LOCK.unlock();
        }
    }

    /** Number of nodes in the heap: pending sleeps, armed func timers, channel timers with blocked receivers. */
    public static int pending() {
        LOCK.lock();
        try {
            return HEAP.size();
        } finally {
            LOCK.unlock();
        }
    }

    /** The timer thread's loop (Go's timer-running part of findRunnable). */
    private static void run() {
        TimerHeap.Node[] batch = new TimerHeap.Node[BATCH];
        for (;;) {
            int n = 0;
            long now;
            long until;
            LOCK.lock();
            try {
                now = now();
                TimerHeap.Node min;
                while (n < BATCH && (min = HEAP.min()) != null && min.heapWhen <= now) {
                    batch[n++] = HEAP.poll();
                }
                if (n > 0) {
                    until = Long.MIN_VALUE; // awake: adders need not unpark us
                } else {
                    min = HEAP.min();
                    until = min == null ? Long.MAX_VALUE : min.heapWhen;
                }
                sleepUntil = until;
            } finally {
                LOCK.unlock();
            }
            if (n > 0) {
                for (int i = 0; i < n; i++) {
                    TimerHeap.Node node = batch[i];
                    batch[i] = null;
                    try {
                        node.expire(now);
                    } catch (Throwable t) {
                        // A timer callback must not kill the thread that runs every other timer.
                        System.getLogger("dev.goro.time").log(System.Logger.Level.ERROR, "timer callback failed", t);
                    }
                }
            } else if (until == Long.MAX_VALUE) {
                LockSupport.park(TimerQueue.class);
            } else {
                LockSupport.parkNanos(TimerQueue.class, until - now);
            }
        }
    }
}
