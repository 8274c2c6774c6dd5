package dev.goro.internal.sched;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The system monitor (Go's {@code sysmon}): a platform thread, not holding a P, that wakes every 20 us to 10 ms
 * and
 * <ul>
 *   <li>retakes the P of an M whose goroutine has held its carrier for too long, and hands the P to another M
 *       ("Sysmon retake" in {@link Sched}); it tells a blocked carrier (asleep in the kernel, see
 *       {@link KernelThreadState}, or else using little CPU: file I/O, a pinned park, native code) from a
 *       computing one, and reports both as {@link CarrierStall}s;</li>
 *   <li>refreshes {@link Clock#coarseNanos()};</li>
 *   <li>reaps collected goroutines from the registry, wakes an M for stranded global work (a safety net that
 *       is counted, so a missed wakeup would show in the statistics), and prints schedtrace lines when
 *       {@code -Dgoro.schedtrace=<ms>} is set (Go's GODEBUG=schedtrace).</li>
 * </ul>
 */
final class Sysmon extends Thread {
    /** First and shortest sleep, Go's 20 us. */
    private static final long MIN_DELAY_NANOS = 20_000;
    /** Longest sleep, Go's 10 ms. */
    private static final long MAX_DELAY_NANOS = 10_000_000;
    /** Quiet cycles before the sleep starts doubling, Go's 50 (about 1 ms at 20 us). */
    private static final int IDLE_CYCLES_BEFORE_BACKOFF = 50;
    /**
     * A task that has held its carrier this long is examined: CPU time tells blocked from computing. A blocked
     * carrier with work waiting is retaken from here on.
     */
    static final long BLOCKED_THRESHOLD_NANOS = Long.getLong("goro.sysmon.blockedMicros", 1_000) * 1_000;
    /** A computing task is left alone this long before its P is retaken: Go's forcePreemptNS, 10 ms. */
    static final long COMPUTING_THRESHOLD_NANOS = Long.getLong("goro.sysmon.computingMicros", 10_000) * 1_000;
    /** Below this share of wall time spent on CPU, a stuck carrier counts as blocked. */
    private static final double BLOCKED_CPU_SHARE = 0.5;

    private final Sched sched;
    private final long schedtraceNanos;
    private final List<Consumer<CarrierStall>> listeners = new CopyOnWriteArrayList<>();
    private long lastTrace;
    private long lastReap;

    Sysmon(Sched sched) {
        super(null, null, "goro-sysmon", 0, false);
        this.sched = sched;
        long traceMs = parseTrace(System.getProperty("goro.schedtrace"));
        this.schedtraceNanos = traceMs * 1_000_000;
        setDaemon(true);
    }

    private static long parseTrace(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            System.getLogger("dev.goro.runtime").log(System.Logger.Level.WARNING,
                    "ignoring goro.schedtrace=" + v + ": not a number of milliseconds");
            return 0;
        }
    }

    void addListener(Consumer<CarrierStall> l) {
        listeners.add(l);
    }

    void removeListener(Consumer<CarrierStall> l) {
        listeners.remove(l);
    }

    @Override
    public void run() {
        long delay = MIN_DELAY_NANOS;
        int idle = 0;
        for (;;) {
            if (idle == 0) {
                delay = MIN_DELAY_NANOS;
            } else if (idle > IDLE_CYCLES_BEFORE_BACKOFF) {
                delay = Math.min(delay * 2, MAX_DELAY_NANOS);
            }
            long before = System.nanoTime();
            LockSupport.parkNanos(this, delay);
            long now = Clock.tick();
            try {
                // Sysmon itself was held up (a GC safepoint, the OS descheduling us): so were the carriers, and
                // what looks like a stuck task is that pause. Start every observation afresh.
                if (now - before > delay + BLOCKED_THRESHOLD_NANOS) {
                    forgetObservations();
                }
                boolean acted = retakeAll(now) | sched.wakeIfStranded();
                idle = acted ? 0 : idle + 1;
                if (now - lastReap > 100_000_000L) {
                    lastReap = now;
                    Allgs.reap();
                }
                if (schedtraceNanos > 0 && now - lastTrace >= schedtraceNanos) {
                    lastTrace = now;
                    System.err.println(sched.stats().toSchedtraceLine());
                }
            } catch (Throwable t) {
                sched.reportInternal("sysmon", t); // sysmon must survive anything: it is the safety net
            }
        }
    }

    private void forgetObservations() {
        for (P pp : sched.allp()) {
            pp.sysmonSeq = -1;
        }
    }

    private boolean retakeAll(long now) {
        boolean acted = false;
        P[] ps = sched.allp();
        int procs = Math.min(sched.gomaxprocs(), ps.length);
        for (int i = 0; i < ps.length; i++) {
            P pp = ps[i];
            int word = pp.statusVolatile();
            if (P.stateOf(word) != P.IN_TASK) {
                pp.sysmonSeq = -1;
                continue;
            }
            if (i >= procs) {
                // GOMAXPROCS shrank while this P's goroutine kept running: its owner would retire it at its
                // next schedule, which a goroutine that never parks postpones forever. Retire it now, so that
                // what is queued on it moves to the Ps that remain.
                if (sched.retake(pp, word)) {
                    sched.handoffP(pp);
                    acted = true;
                }
                continue;
            }
            M m = sched.mById(P.ownerOf(word));
            if (m == null) {
                continue;
            }
            long seq = m.taskSeqOpaque();
            if (seq != pp.sysmonSeq) {
                pp.sysmonSeq = seq; // a new task since we last looked: it has not been running long
                pp.sysmonWhen = now;
                pp.sysmonCpuWhen = 0;
                continue;
            }
            long stuck = now - pp.sysmonWhen;
            if (stuck < BLOCKED_THRESHOLD_NANOS) {
                continue;
            }
            // Two looks at least BLOCKED_THRESHOLD apart: a carrier is blocked if the kernel had it asleep at
            // both (Linux), else if it used less than half of the wall time in CPU.
            char kstate = KernelThreadState.state(m.nativeTid);
            boolean asleep = kstate == 'S' || kstate == 'D';
            long cpu = kstate == 0 ? Cpu.threadCpuNanos(m) : 0;
            if (pp.sysmonCpuWhen == 0) {
                pp.sysmonCpuWhen = now; // first look
                pp.sysmonCpu = cpu;
                pp.sysmonAsleep = asleep;
                continue;
            }
            if (now - pp.sysmonCpuWhen < BLOCKED_THRESHOLD_NANOS) {
                continue; // judge over a window long enough not to mistake a brief pause for a block
            }
            boolean blocked;
            if (kstate != 0) {
                blocked = asleep && pp.sysmonAsleep;
            } else if (cpu >= 0 && pp.sysmonCpu >= 0) {
                blocked = (double) (cpu - pp.sysmonCpu) / (now - pp.sysmonCpuWhen) < BLOCKED_CPU_SHARE;
            } else {
                blocked = false; // nothing to judge by: treat as computing, the conservative choice
            }
            pp.sysmonCpuWhen = now;
            pp.sysmonCpu = cpu;
            pp.sysmonAsleep = asleep;
            boolean othersWait = !pp.runqEmpty() || sched.globalQueueSize() > 0;
            boolean retake = blocked
                    ? othersWait || stuck >= COMPUTING_THRESHOLD_NANOS
                    : othersWait && stuck >= COMPUTING_THRESHOLD_NANOS;
            if (retake && sched.retake(pp, word)) {
                (blocked ? sched.handoffsBlocked : sched.handoffsComputing).increment();
                pp.sysmonSeq = -1;
                publish(new CarrierStall(m.getName(), goroutineOn(m), blocked, stuck));
                sched.handoffP(pp);
                acted = true;
            }
        }
        return acted;
    }

    private G goroutineOn(M m) {
        VirtualThreads vt = sched.vthreads();
        if (!(vt instanceof VirtualThreads.Reflective r)) {
            return null;
        }
        Thread running = r.threadOfTask(m.curTaskOpaque());
        if (running != null) {
            return running.getUncaughtExceptionHandler() instanceof G g ? g : null;
        }
        return Allgs.find(g -> { // slow path: look for the goroutine mounted on m
            Thread t = g.thread();
            return t != null && r.carrierOf(t) == m;
        });
    }

    private void publish(CarrierStall stall) {
        for (Consumer<CarrierStall> l : listeners) {
            try {
                l.accept(stall);
            } catch (Throwable t) {
                sched.reportInternal("carrier stall listener", t);
            }
        }
    }

    /** Thread CPU time, loaded lazily: java.management costs tens of milliseconds to initialize. */
    private static final class Cpu {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        private static final boolean ON = MX.isThreadCpuTimeSupported() && MX.isThreadCpuTimeEnabled();

        static long threadCpuNanos(Thread t) {
            return ON ? MX.getThreadCpuTime(t.threadId()) : -1;
        }
    }
}
