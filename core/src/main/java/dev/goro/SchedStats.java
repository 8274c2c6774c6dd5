package dev.goro;

import java.util.List;

/**
 * A snapshot of the scheduler's state and counters, read without stopping anything (each figure is exact at
 * some instant during the capture, not all at the same one), as Go's schedtrace prints it.
 *
 * @param scheduler          "gmp" for goro's G/M/P scheduler, "jdk" for the JDK's default one (fallback)
 * @param uptimeMillis       milliseconds since the runtime started
 * @param gomaxprocs         number of Ps
 * @param idleProcs          Ps with nothing to run
 * @param threads            Ms (carrier threads) created so far
 * @param spinningThreads    Ms looking for work
 * @param idleThreads        Ms parked without a P
 * @param globalRunQueue     tasks in the global run queue
 * @param localRunQueues     tasks in each P's local queue (runnext included)
 * @param goroutines         live goroutines
 * @param steals             successful steals from another P's queue
 * @param stolenTasks        tasks moved by those steals
 * @param handoffsBlocked    Ps retaken by sysmon from a carrier blocked in a goroutine (I/O, pinned park)
 * @param handoffsComputing  Ps retaken by sysmon from a carrier computing for too long
 * @param handoffsExplicit   Ps released by {@link Go#blocking}
 * @param sysmonWakeups      Ms woken by sysmon for stranded work (should stay 0; a missed-wakeup witness)
 * @param foreignSubmits     goroutine wake-ups that came from threads outside goro (timers, event loops)
 */
public record SchedStats(String scheduler, long uptimeMillis, int gomaxprocs, int idleProcs, int threads,
                         int spinningThreads, int idleThreads, int globalRunQueue, List<Integer> localRunQueues,
                         int goroutines, long steals, long stolenTasks, long handoffsBlocked,
                         long handoffsComputing, long handoffsExplicit, long sysmonWakeups, long foreignSubmits) {

    /** Copies the list so the record stays immutable. */
    public SchedStats {
        localRunQueues = List.copyOf(localRunQueues);
    }

    /**
     * The line Go prints for GODEBUG=schedtrace, e.g.
     * {@code SCHED 1004ms: gomaxprocs=2 idleprocs=0 threads=3 spinningthreads=0 idlethreads=1 runqueue=0 [0 0]},
     * followed by goro's counters.
     */
    public String toSchedtraceLine() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("SCHED ").append(uptimeMillis).append("ms: gomaxprocs=").append(gomaxprocs)
                .append(" idleprocs=").append(idleProcs)
                .append(" threads=").append(threads)
                .append(" spinningthreads=").append(spinningThreads)
                .append(" idlethreads=").append(idleThreads)
                .append(" runqueue=").append(globalRunQueue)
                .append(" [");
        for (int i = 0; i < localRunQueues.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(localRunQueues.get(i));
        }
        sb.append("] goroutines=").append(goroutines)
                .append(" steals=").append(steals)
                .append(" handoffs=").append(handoffsBlocked).append('/').append(handoffsComputing)
                .append('/').append(handoffsExplicit)
                .append(" (blocked/computing/explicit)");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toSchedtraceLine();
    }

}
