package dev.goro.internal.pprof;

import dev.goro.GoroutineState;
import dev.goro.internal.sched.Allgs;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.Tracebacks;

/**
 * Live goroutines counted by state, without stacks: one pass over the registry reading each goroutine's
 * status (and, for one that says running, its thread's state), so counting a million costs milliseconds, not
 * the seconds a profile takes.
 */
public final class Census {

    private Census() {
    }

    /** Counts indexed by {@link GoroutineState#ordinal()}; DEAD is always 0. Any thread. */
    public static int[] countByState() {
        int[] n = new int[GoroutineState.values().length];
        for (G g : Allgs.snapshot()) {
            GoroutineState s = Tracebacks.state(g);
            if (s != null && s != GoroutineState.DEAD) {
                n[s.ordinal()]++;
            }
        }
        return n;
    }
}
