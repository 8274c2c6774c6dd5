package dev.goro.internal.sched;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every live goroutine (Go's {@code allgs}). Holds {@link G}s, which hold their threads weakly: see
 * "Reachability" in {@link G}.
 *
 * <p>An intrusive doubly linked list through the Gs themselves, split into {@link #STRIPES} stripes by id, each
 * guarded by its own monitor: adding and removing a goroutine costs one uncontended lock and no allocation
 * (a map would add a node and a boxed key to every goroutine; see docs/performance.md, retained memory).
 * Iteration locks one stripe at a time, so a snapshot is weakly consistent, as Go's is without stop-the-world.
 */
public final class Allgs {
    /** Stripe count: a power of two, enough that two carriers spawning at once rarely share one. */
    private static final int STRIPES = 64;
    private static final Stripe[] TABLE = new Stripe[STRIPES];
    /** Goroutines the GC collected while parked: nothing could ever wake them (Go 1.26's goroutine leaks). */
    private static final LongAdder COLLECTED = new LongAdder();

    static {
        for (int i = 0; i < STRIPES; i++) {
            TABLE[i] = new Stripe();
        }
    }

    private Allgs() {
    }

    private static Stripe stripeOf(long id) {
        return TABLE[(int) (id ^ (id >>> 32)) & (STRIPES - 1)];
    }

    static void add(G g) {
        Stripe s = stripeOf(g.id);
        synchronized (s) {
            G head = s.head;
            g.allNext = head;
            if (head != null) {
                head.allPrev = g;
            }
            s.head = g;
            g.allLinked = true;
            s.count++;
        }
    }

    /** Unlinks {@code g}; returns false if it was not linked (already removed). */
    static boolean remove(G g) {
        Stripe s = stripeOf(g.id);
        synchronized (s) {
            if (!g.allLinked) {
                return false;
            }
            G prev = g.allPrev;
            G next = g.allNext;
            if (prev != null) {
                prev.allNext = next;
            } else {
                s.head = next;
            }
            if (next != null) {
                next.allPrev = prev;
            }
            g.allPrev = null;
            g.allNext = null;
            g.allLinked = false;
            s.count--;
            return true;
        }
    }

    /** Number of live goroutines. Any thread. */
    public static int count() {
        reap();
        int n = 0;
        for (Stripe s : TABLE) {
            synchronized (s) {
                n += s.count;
            }
        }
        return n;
    }

    /** Number of goroutines collected while still parked, since the runtime started. */
    public static long collectedWhileParked() {
        reap();
        return COLLECTED.sum();
    }

    /** The G with this id, or null. Scans one stripe: for diagnostics, not hot paths. */
    public static G get(long id) {
        Stripe s = stripeOf(id);
        synchronized (s) {
            for (G g = s.head; g != null; g = g.allNext) {
                if (g.id == id) {
                    return g;
                }
            }
        }
        return null;
    }

    /** The first live G that {@code test} accepts, or null; scans without copying. */
    static G find(java.util.function.Predicate<G> test) {
        for (Stripe s : TABLE) {
            synchronized (s) {
                for (G g = s.head; g != null; g = g.allNext) {
                    if (test.test(g)) {
                        return g;
                    }
                }
            }
        }
        return null;
    }

    /** A snapshot of all live Gs (weakly consistent: one stripe at a time). */
    public static List<G> snapshot() {
        reap();
        List<G> out = new ArrayList<>();
        for (Stripe s : TABLE) {
            synchronized (s) {
                for (G g = s.head; g != null; g = g.allNext) {
                    if (g.get() != null) {
                        out.add(g);
                    }
                }
            }
        }
        return out;
    }

    /** Drops the Gs of goroutines the GC collected. Any thread; sysmon calls it periodically. */
    static void reap() {
        Reference<? extends Thread> r;
        while ((r = G.QUEUE.poll()) != null) {
            G g = (G) r;
            if (remove(g) && g.status() != G.DEAD) {
                COLLECTED.increment();
            }
        }
    }

    /** One stripe's list head and size; guarded by its own monitor. Padded against false sharing. */
    @SuppressWarnings("unused")
    private static final class Stripe {
        long p0, p1, p2, p3, p4, p5, p6;
        G head;
        int count;
        long q0, q1, q2, q3, q4, q5, q6;
    }
}
