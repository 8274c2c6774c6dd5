package dev.goro.internal.sched;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every live goroutine (Go's {@code allgs}), keyed by id. Holds {@link G}s, which hold their threads weakly: see
 * "Reachability" in {@link G}.
 */
public final class Allgs {
    private static final ConcurrentHashMap<Long, G> ALL = new ConcurrentHashMap<>(1024);
    /** Goroutines the GC collected while parked: nothing could ever wake them (Go 1.26's goroutine leaks). */
    private static final LongAdder COLLECTED = new LongAdder();

    private Allgs() {
    }

    static void add(G g) {
        ALL.put(g.id, g);
    }

    static void remove(G g) {
        ALL.remove(g.id, g);
    }

    /** Number of live goroutines. Any thread. */
    public static int count() {
        reap();
        return ALL.size();
    }

    /** Number of goroutines collected while still parked, since the runtime started. */
    public static long collectedWhileParked() {
        reap();
        return COLLECTED.sum();
    }

    /** The G with this id, or null. */
    public static G get(long id) {
        return ALL.get(id);
    }

    /** A snapshot of all live Gs (weakly consistent, as ConcurrentHashMap iteration is). */
    public static List<G> snapshot() {
        reap();
        List<G> out = new ArrayList<>(ALL.size() + 16);
        for (G g : ALL.values()) {
            if (g.get() != null) {
                out.add(g);
            }
        }
        return out;
    }

    /** Drops the Gs of goroutines the GC collected. Any thread; sysmon calls it periodically. */
    static void reap() {
        Reference<? extends Thread> r;
        while ((r = G.QUEUE.poll()) != null) {
            G g = (G) r;
            if (ALL.remove(g.id, g) && g.status() != G.DEAD) {
                COLLECTED.increment();
            }
        }
    }
}
