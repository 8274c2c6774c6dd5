package dev.goro.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.Runtime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The Micrometer binder, registered on a SimpleMeterRegistry and read as the scheduler changes. */
class GoroutineMetricsTest {

    @Test
    void bindTo_registry_registersEveryMeterWithItsTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoroutineMetrics(Duration.ZERO, Tags.of("app", "test")).bindTo(registry);
        Set<String> ids = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            assertEquals("test", m.getId().getTag("app"), m.getId().toString());
            String extra = m.getId().getTag("state") != null ? "{state=" + m.getId().getTag("state") + "}"
                    : m.getId().getTag("queue") != null ? "{queue=" + m.getId().getTag("queue") + "}"
                    : m.getId().getTag("reason") != null ? "{reason=" + m.getId().getTag("reason") + "}" : "";
            ids.add(m.getId().getName() + extra + " " + m.getId().getType());
        }
        assertEquals(new TreeSet<>(List.of(
                "goro.goroutines{state=idle} GAUGE", "goro.goroutines{state=runnable} GAUGE",
                "goro.goroutines{state=running} GAUGE", "goro.goroutines{state=syscall} GAUGE",
                "goro.goroutines{state=waiting} GAUGE", "goro.goroutines.live GAUGE",
                "goro.goroutines.collected.parked COUNTER",
                "goro.sched.gomaxprocs GAUGE", "goro.sched.procs.idle GAUGE", "goro.sched.threads GAUGE",
                "goro.sched.threads.spinning GAUGE", "goro.sched.threads.idle GAUGE",
                "goro.sched.runqueue{queue=global} GAUGE", "goro.sched.runqueue{queue=local} GAUGE",
                "goro.sched.runqueue.local.max GAUGE",
                "goro.sched.steals COUNTER", "goro.sched.steals.goroutines COUNTER",
                "goro.sched.handoffs{reason=blocked} COUNTER", "goro.sched.handoffs{reason=computing} COUNTER",
                "goro.sched.handoffs{reason=explicit} COUNTER",
                "goro.sched.sysmon.wakeups COUNTER", "goro.sched.foreign.submits COUNTER")), ids);
    }

    @Test
    void goroutinesGauge_parkedGoroutinesComeAndGo_followsTheWaitingCount() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoroutineMetrics(Duration.ZERO, Tags.empty()).bindTo(registry);
        double before = waiting(registry);
        CountDownLatch parked = new CountDownLatch(40);
        CountDownLatch release = new CountDownLatch(1);
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            gs.add(Go.go("metrics-parked", () -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        parked.await();
        waitFor(() -> waiting(registry) >= before + 40);
        assertTrue(registry.get("goro.goroutines.live").gauge().value() >= 40);
        release.countDown();
        for (Goroutine g : gs) {
            g.join();
        }
        waitFor(() -> waiting(registry) <= before);
    }

    @Test
    void goroutinesGauge_withCensusMaxAge_reusesOneCountWithinTheWindow() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoroutineMetrics(Duration.ofHours(1), Tags.empty()).bindTo(registry);
        double first = waiting(registry);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            Go.go(() -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        parked.await();
        Thread.sleep(20);
        assertEquals(first, waiting(registry), "the census is an hour old at most: not retaken");
        release.countDown();
    }

    @Test
    void schedMeters_readTheRuntime_matchSchedStatsAndCountExplicitHandoffs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoroutineMetrics().bindTo(registry);
        assertEquals(Runtime.gomaxprocs(), registry.get("goro.sched.gomaxprocs").gauge().value());
        assertTrue(registry.get("goro.sched.threads").gauge().value() >= 1);
        double explicit = registry.get("goro.sched.handoffs").tag("reason", "explicit").functionCounter().count();
        Go.main(() -> Go.blocking(() -> { }));
        if (Runtime.usesGoroScheduler()) {
            assertTrue(registry.get("goro.sched.handoffs").tag("reason", "explicit").functionCounter().count()
                    >= explicit + 1, "Go.blocking hands its P off");
        }
    }

    @Test
    void constructor_negativeCensusAge_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GoroutineMetrics(Duration.ofSeconds(-1), Tags.empty()));
        assertEquals("censusMaxAge must not be negative, got PT-1S", e.getMessage());
        assertThrows(NullPointerException.class, () -> new GoroutineMetrics(null, Tags.empty()));
    }

    private static double waiting(SimpleMeterRegistry registry) {
        return registry.get("goro.goroutines").tag("state", "waiting").gauge().value();
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L; // hang guard
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(5);
        }
    }
}
