package dev.goro.internal.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.Runtime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** goro's JFR events, recorded with jdk.jfr.Recording and read back with RecordingFile. */
class GoroJfrEventsTest {

    @TempDir
    Path tmp;

    /** Runs {@code work} under a recording configured by {@code setup}; returns goro's events. */
    private List<RecordedEvent> record(Consumer<Recording> setup, ThrowingRunnable work) throws Exception {
        Path file = tmp.resolve("goro-" + System.nanoTime() + ".jfr");
        try (Recording r = new Recording()) {
            setup.accept(r);
            r.start();
            work.run();
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> out = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().startsWith("dev.goro.")) {
                out.add(e);
            }
        }
        return out;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static boolean stackHas(RecordedEvent e, String method) {
        if (e.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void goroutineStartAndEnd_enabled_recordIdentityCreationStackAndLifetime() throws Exception {
        long[] ids = new long[2];
        List<RecordedEvent> events = record(r -> {
            r.enable("dev.goro.GoroutineStart");
            r.enable("dev.goro.GoroutineEnd").withThreshold(Duration.ZERO);
        }, () -> Go.main(() -> {
            ids[0] = Go.current().id();
            Goroutine g = Go.go("jfr-worker", () -> sleep(30));
            ids[1] = g.id();
            g.join();
            return null;
        }));

        RecordedEvent start = named(events, "dev.goro.GoroutineStart").stream()
                .filter(e -> e.getLong("goroutineId") == ids[1]).findFirst().orElseThrow();
        assertEquals("jfr-worker", start.getString("name"));
        assertFalse(start.hasField("sampled"), "the sampling verdict is not recorded");
        assertEquals(ids[0], start.getLong("parentId"));
        assertTrue(start.getString("startFunction").startsWith(GoroJfrEventsTest.class.getName()),
                start.getString("startFunction"));
        assertTrue(start.getString("creationSite").startsWith(GoroJfrEventsTest.class.getName() + ".lambda$"),
                start.getString("creationSite"));
        assertTrue(stackHas(start, "goroutineStartAndEnd_enabled_recordIdentityCreationStackAndLifetime")
                || start.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getType().getName()
                .equals(GoroJfrEventsTest.class.getName())), "the spawner's stack");

        RecordedEvent end = named(events, "dev.goro.GoroutineEnd").stream()
                .filter(e -> e.getLong("goroutineId") == ids[1]).findFirst().orElseThrow();
        assertEquals("jfr-worker", end.getString("name"));
        assertTrue(end.getDuration().toMillis() >= 30, "lifetime " + end.getDuration());
    }

    @Test
    void goroutineStart_sampleOneInTen_recordsOneCreationInTen() throws Exception {
        List<RecordedEvent> events = record(r -> r.enable("dev.goro.GoroutineStart").with("sampleOneIn", "10"),
                () -> Go.main(() -> {
                    List<Goroutine> gs = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        gs.add(Go.go("sampled-" + i, () -> { }));
                    }
                    for (Goroutine g : gs) {
                        g.join();
                    }
                    return null;
                }));
        long sampled = named(events, "dev.goro.GoroutineStart").stream()
                .filter(e -> e.getString("name") != null && e.getString("name").startsWith("sampled-")).count();
        assertEquals(10, sampled);
    }

    @Test
    void goroutineStartAndEnd_notEnabled_recordNothing() throws Exception {
        List<RecordedEvent> events = record(r -> { }, () -> Go.main(() -> {
            Go.go("unrecorded", () -> { }).join();
            return null;
        }));
        assertTrue(named(events, "dev.goro.GoroutineStart").isEmpty());
        assertTrue(named(events, "dev.goro.GoroutineEnd").isEmpty());
    }

    @Test
    void goroutinePark_waitLongerThanThreshold_recordsWaitReasonAndWaiterStack() throws Exception {
        long[] waiter = new long[1];
        List<RecordedEvent> events = record(r -> r.enable("dev.goro.GoroutinePark").withThreshold(Duration.ofMillis(20)),
                () -> Go.main(() -> {
                    waiter[0] = Go.current().id();
                    Goroutine sleeper = Go.go("sleeper", () -> sleep(60));
                    joinInThisMethod(sleeper);
                    return null;
                }));
        RecordedEvent park = named(events, "dev.goro.GoroutinePark").stream()
                .filter(e -> e.getLong("goroutineId") == waiter[0]).findFirst().orElseThrow();
        assertEquals("goroutine join", park.getString("waitReason"));
        assertTrue(park.getDuration().toMillis() >= 20, "duration " + park.getDuration());
        assertTrue(stackHas(park, "joinInThisMethod"), "the waiting goroutine's stack");
    }

    private static void joinInThisMethod(Goroutine g) throws InterruptedException {
        g.join();
    }

    @Test
    void goroutinePark_waitShorterThanThreshold_isNotRecorded() throws Exception {
        long[] waiter = new long[1];
        List<RecordedEvent> events = record(r -> r.enable("dev.goro.GoroutinePark").withThreshold(Duration.ofSeconds(30)),
                () -> Go.main(() -> {
                    waiter[0] = Go.current().id();
                    Go.go("quick", () -> sleep(5)).join();
                    return null;
                }));
        assertTrue(named(events, "dev.goro.GoroutinePark").stream().noneMatch(e -> e.getLong("goroutineId") == waiter[0]));
    }

    @Test
    void carrierStall_goroutinesComputingWithOthersQueued_recordsStallWithGoroutineAndDuration() throws Exception {
        Set<Long> spinners = ConcurrentHashMap.newKeySet();
        AtomicBoolean stalled = new AtomicBoolean();
        Set<String> reported = ConcurrentHashMap.newKeySet(); // "id blocked" as the public listener saw them
        List<RecordedEvent> events = record(r -> r.enable("dev.goro.CarrierStall"), () -> {
            AutoCloseable sub = Runtime.onCarrierStall(s -> {
                if (s.goroutine() != null) {
                    reported.add(s.goroutine().id() + " " + s.blocked());
                }
                stalled.set(true);
            });
            try {
                Go.main(() -> {
                    // More computing goroutines than processors, so each P has work queued behind a computing
                    // goroutine: sysmon retakes a P after 10 ms (Go's forcePreemptNS).
                    int n = Runtime.gomaxprocs() + 2;
                    List<Goroutine> gs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        gs.add(Go.go("spinner-" + i, () -> {
                            spinners.add(Go.current().id());
                            long deadline = System.nanoTime() + 10_000_000_000L; // hang guard
                            while (!stalled.get() && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                            }
                        }));
                    }
                    for (Goroutine g : gs) {
                        g.join();
                    }
                    return null;
                });
            } finally {
                sub.close();
            }
        });
        assertTrue(stalled.get(), "sysmon reported no stall");
        List<RecordedEvent> stalls = named(events, "dev.goro.CarrierStall");
        assertFalse(stalls.isEmpty(), "no dev.goro.CarrierStall event");
        RecordedEvent s = stalls.stream().filter(e -> spinners.contains(e.getLong("goroutineId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no stall names a spinner: " + stalls));
        assertTrue(s.getString("goroutineName").startsWith("spinner-"), s.getString("goroutineName"));
        assertTrue(s.getString("creationSite").startsWith(GoroJfrEventsTest.class.getName() + ".lambda$"),
                s.getString("creationSite"));
        assertNotNull(s.getString("carrier"));
        assertTrue(s.getLong("stalled") >= 1_000_000, "stalled ns " + s.getLong("stalled"));
        // Blocked or computing is sysmon's CPU-time verdict, which a loaded machine can sway: the event must
        // carry the same verdict the public listener got.
        assertTrue(reported.contains(s.getLong("goroutineId") + " " + s.getBoolean("blocked")),
                "event " + s + " not among " + reported);
        assertNull(s.getStackTrace(), "committed by sysmon: no stack");
    }

    @Test
    void netpollWait_hookUsedAroundAWait_recordsDescriptorAndMode() throws Exception {
        List<RecordedEvent> events = record(r -> r.enable("dev.goro.NetpollWait").withThreshold(Duration.ZERO),
                () -> Go.main(() -> {
                    Object e = Jfr.netpollWaitBegin();
                    assertNotNull(e, "enabled by the recording");
                    sleep(2);
                    Jfr.netpollWaitEnd(e, 42, true);
                    return null;
                }));
        RecordedEvent e = named(events, "dev.goro.NetpollWait").get(0);
        assertEquals(42, e.getInt("fd"));
        assertEquals("write", e.getString("mode"));
        assertTrue(e.getLong("goroutineId") > 0);
    }

    @Test
    void hooks_noRecording_returnNothingToEnd() {
        assertTrue(Jfr.AVAILABLE);
        assertNull(Jfr.netpollWaitBegin());
        assertNull(Jfr.parkBegin());
        assertNull(Jfr.goroutineStarted());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
