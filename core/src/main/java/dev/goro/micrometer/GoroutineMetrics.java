package dev.goro.micrometer;

import dev.goro.GoroutineState;
import dev.goro.Runtime;
import dev.goro.SchedStats;
import dev.goro.internal.pprof.Census;
import dev.goro.internal.sched.Allgs;
import dev.goro.internal.sched.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for goro's runtime: goroutines by state and the scheduler's counters
 * ({@link Runtime#schedStats()}), the figures Go's schedtrace prints.
 * <pre>{@code
 * new GoroutineMetrics().bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code goro.goroutines}</td><td>gauge</td><td>{@code state}: idle, runnable, running, syscall,
 *       waiting</td><td>live goroutines by state</td></tr>
 *   <tr><td>{@code goro.goroutines.live}</td><td>gauge</td><td></td><td>live goroutines (cheap)</td></tr>
 *   <tr><td>{@code goro.goroutines.collected.parked}</td><td>counter</td><td></td><td>goroutines the GC
 *       collected while parked: nothing could ever wake them (leaks)</td></tr>
 *   <tr><td>{@code goro.sched.gomaxprocs}</td><td>gauge</td><td></td><td>processors (Ps)</td></tr>
 *   <tr><td>{@code goro.sched.procs.idle}</td><td>gauge</td><td></td><td>Ps with nothing to run</td></tr>
 *   <tr><td>{@code goro.sched.threads}</td><td>gauge</td><td></td><td>carrier threads (Ms) created</td></tr>
 *   <tr><td>{@code goro.sched.threads.spinning}</td><td>gauge</td><td></td><td>Ms looking for work</td></tr>
 *   <tr><td>{@code goro.sched.threads.idle}</td><td>gauge</td><td></td><td>Ms parked without a P</td></tr>
 *   <tr><td>{@code goro.sched.runqueue}</td><td>gauge</td><td>{@code queue}: global, local (sum over Ps)</td>
 *       <td>goroutines waiting for a P</td></tr>
 *   <tr><td>{@code goro.sched.runqueue.local.max}</td><td>gauge</td><td></td><td>longest local queue</td></tr>
 *   <tr><td>{@code goro.sched.steals}</td><td>counter</td><td></td><td>successful steals</td></tr>
 *   <tr><td>{@code goro.sched.steals.goroutines}</td><td>counter</td><td></td><td>goroutines those steals
 *       moved</td></tr>
 *   <tr><td>{@code goro.sched.handoffs}</td><td>counter</td><td>{@code reason}: blocked, computing,
 *       explicit</td><td>Ps handed off by sysmon from a blocked or computing carrier, or by
 *       {@code Go.blocking}</td></tr>
 *   <tr><td>{@code goro.sched.sysmon.wakeups}</td><td>counter</td><td></td><td>Ms sysmon woke for stranded
 *       work (a missed-wakeup witness; should stay 0)</td></tr>
 *   <tr><td>{@code goro.sched.foreign.submits}</td><td>counter</td><td></td><td>wake-ups of goroutines from
 *       threads outside goro (timers, event loops)</td></tr>
 * </table>
 *
 * <p><strong>Cost:</strong> the scheduler figures are counters read on each scrape. Counting goroutines by
 * state walks the goroutine registry (milliseconds for a million goroutines), so the count is taken at most
 * once per {@code censusMaxAge} (default one second) and shared by the five state gauges of a scrape.
 *
 * <p>micrometer-core is an optional dependency of goro-core: this class loads only if the application has it.
 */
public final class GoroutineMetrics implements MeterBinder {
    /** Default age beyond which the goroutine count by state is taken again. */
    public static final Duration DEFAULT_CENSUS_MAX_AGE = Duration.ofSeconds(1);

    /** The runtime's statistics, held by a static field so that meters built on it are never collected. */
    private static final Supplier<SchedStats> STATS = Runtime::schedStats;

    private final long censusMaxAgeNanos;
    private final Iterable<Tag> tags;
    /** The last census; replaced whole, read by whichever thread scrapes: volatile. */
    private volatile StateCounts census;

    /** Census of goroutine states at a time. */
    private record StateCounts(long takenNanos, int[] counts) {
    }

    /** Meters without extra tags, goroutine states counted at most once a second. */
    public GoroutineMetrics() {
        this(DEFAULT_CENSUS_MAX_AGE, Tags.empty());
    }

    /**
     * @param censusMaxAge how long a count of goroutines by state may be reused ({@link Duration#ZERO}: count
     *                     on every read)
     * @param tags         tags added to every meter
     * @throws IllegalArgumentException if {@code censusMaxAge} is negative
     */
    public GoroutineMetrics(Duration censusMaxAge, Iterable<Tag> tags) {
        Objects.requireNonNull(censusMaxAge, "censusMaxAge");
        Objects.requireNonNull(tags, "tags");
        if (censusMaxAge.isNegative()) {
            throw new IllegalArgumentException("censusMaxAge must not be negative, got " + censusMaxAge);
        }
        this.censusMaxAgeNanos = censusMaxAge.toNanos();
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (GoroutineState s : GoroutineState.values()) {
            if (s == GoroutineState.DEAD) {
                continue;
            }
            Gauge.builder("goro.goroutines", this, m -> m.countOf(s))
                    .tags(tags).tag("state", s.goName())
                    .description("Live goroutines by state")
                    .baseUnit("goroutines")
                    .strongReference(true)
                    .register(registry);
        }
        gauge(registry, "goro.goroutines.live", "Live goroutines", st -> Allgs.count());
        FunctionCounter.builder("goro.goroutines.collected.parked", STATS, st -> Allgs.collectedWhileParked())
                .tags(tags)
                .description("Goroutines the GC collected while parked: nothing could ever have woken them")
                .baseUnit("goroutines")
                .register(registry);

        gauge(registry, "goro.sched.gomaxprocs", "Processors (Ps): goroutines that may run at once",
                st -> st.get().gomaxprocs());
        gauge(registry, "goro.sched.procs.idle", "Ps with nothing to run", st -> st.get().idleProcs());
        gauge(registry, "goro.sched.threads", "Carrier threads (Ms) created", st -> st.get().threads());
        gauge(registry, "goro.sched.threads.spinning", "Ms looking for work", st -> st.get().spinningThreads());
        gauge(registry, "goro.sched.threads.idle", "Ms parked without a P", st -> st.get().idleThreads());
        Gauge.builder("goro.sched.runqueue", STATS, st -> st.get().globalRunQueue())
                .tags(tags).tag("queue", "global")
                .description("Goroutines waiting for a P in the global run queue or in the local ones")
                .register(registry);
        Gauge.builder("goro.sched.runqueue", STATS,
                        st -> st.get().localRunQueues().stream().mapToInt(Integer::intValue).sum())
                .tags(tags).tag("queue", "local")
                .description("Goroutines waiting for a P in the global run queue or in the local ones")
                .register(registry);
        gauge(registry, "goro.sched.runqueue.local.max", "Longest local run queue",
                st -> st.get().localRunQueues().stream().mapToInt(Integer::intValue).max().orElse(0));

        counter(registry, "goro.sched.steals", "Successful steals from another P's run queue", null, null,
                st -> st.get().steals());
        counter(registry, "goro.sched.steals.goroutines", "Goroutines moved by steals", null, null,
                st -> st.get().stolenTasks());
        String handoffs = "Ps handed to another carrier: by sysmon from a blocked or computing carrier, "
                + "or by Go.blocking";
        counter(registry, "goro.sched.handoffs", handoffs, "reason", "blocked", st -> st.get().handoffsBlocked());
        counter(registry, "goro.sched.handoffs", handoffs, "reason", "computing",
                st -> st.get().handoffsComputing());
        counter(registry, "goro.sched.handoffs", handoffs, "reason", "explicit",
                st -> st.get().handoffsExplicit());
        counter(registry, "goro.sched.sysmon.wakeups", "Ms sysmon woke for stranded work (should stay 0)",
                null, null, st -> st.get().sysmonWakeups());
        counter(registry, "goro.sched.foreign.submits", "Goroutine wake-ups from threads outside goro",
                null, null, st -> st.get().foreignSubmits());
    }

    private void gauge(MeterRegistry registry, String name, String description,
                       ToDoubleFunction<Supplier<SchedStats>> f) {
        Gauge.builder(name, STATS, f).tags(tags).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String tagKey, String tagValue,
                         ToDoubleFunction<Supplier<SchedStats>> f) {
        FunctionCounter.Builder<Supplier<SchedStats>> b = FunctionCounter.builder(name, STATS, f)
                .tags(tags).description(description);
        if (tagKey != null) {
            b.tag(tagKey, tagValue);
        }
        b.register(registry);
    }

    /** Goroutines in state {@code s}, from a census at most {@code censusMaxAge} old. Any thread. */
    private double countOf(GoroutineState s) {
        long now = Clock.nanoTime();
        StateCounts c = census; // volatile read: a whole census, published by the store below
        if (c == null || now - c.takenNanos > censusMaxAgeNanos || censusMaxAgeNanos == 0) {
            // Benign race: two scrapers may both recount; each publishes a complete census.
            c = new StateCounts(now, Census.countByState());
            census = c;
        }
        return c.counts[s.ordinal()];
    }
}
