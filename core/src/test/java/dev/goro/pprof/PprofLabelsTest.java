package dev.goro.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.GoroutineInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Goroutine labels, after Go's pprof.Do / pprof.Labels / pprof.Label (runtime/pprof label.go, runtime.go):
 * labels are added for the length of a call and restored after it; a goroutine started meanwhile inherits the
 * labels in force and keeps them.
 */
class PprofLabelsTest {

    @Test
    void labels_laterPairWithSameKey_overridesEarlier() {
        assertEquals(Map.of("a", "2", "b", "1"), Pprof.labels("a", "1", "b", "1", "a", "2"));
    }

    @Test
    void labels_unevenArguments_throwsGoMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pprof.labels("a", "1", "b"));
        assertEquals("uneven number of arguments to pprof.Labels", e.getMessage());
    }

    @Test
    void labels_nullKeyOrValue_throwsNullPointer() {
        assertThrows(NullPointerException.class, () -> Pprof.labels(null, "1"));
        assertThrows(NullPointerException.class, () -> Pprof.labels("a", null));
    }

    @Test
    void doWithLabels_nested_mergesOverOuterAndRestoresEachLevel() throws Exception {
        List<Map<String, String>> seen = Go.main(() -> {
            Map<String, String> before = Pprof.goroutineLabels();
            List<Map<String, String>> inner = new ArrayList<>();
            Pprof.doWithLabels(Pprof.labels("a", "1", "b", "1"), () -> {
                Pprof.doWithLabels(Pprof.labels("b", "2", "c", "3"), () -> {
                    inner.add(Pprof.goroutineLabels());
                });
                inner.add(Pprof.goroutineLabels());
            });
            return List.of(before, inner.get(0), inner.get(1), Pprof.goroutineLabels());
        });
        assertEquals(Map.of(), seen.get(0));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), seen.get(1));
        assertEquals(Map.of("a", "1", "b", "1"), seen.get(2));
        assertEquals(Map.of(), seen.get(3));
    }

    @Test
    void doWithLabels_bodyThrows_restoresPreviousLabelsAndRethrows() throws Exception {
        Map<String, String> after = Go.main(() -> {
            Pprof.doWithLabels(Pprof.labels("keep", "yes"), () -> {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> Pprof.doWithLabels(Pprof.labels("tmp", "x"), (Runnable) () -> {
                            throw new IllegalStateException("boom");
                        }));
                assertEquals("boom", e.getMessage());
                assertEquals(Map.of("keep", "yes"), Pprof.goroutineLabels());
            });
            return Pprof.goroutineLabels();
        });
        assertEquals(Map.of(), after);
    }

    @Test
    void doWithLabels_callable_returnsBodyResult() throws Exception {
        String v = Go.main(() -> Pprof.doWithLabels(Pprof.labels("k", "v"), () -> Pprof.label("k")));
        assertEquals("v", v);
    }

    @Test
    void doWithLabels_goroutineStartedInside_inheritsLabelsAndKeepsThemAfterScope() throws Exception {
        CountDownLatch scopeDone = new CountDownLatch(1);
        AtomicReference<Map<String, String>> childAfterScope = new AtomicReference<>();
        AtomicReference<Map<String, String>> grandchild = new AtomicReference<>();
        Goroutine[] child = new Goroutine[1];
        Go.main(() -> {
            Pprof.doWithLabels(Pprof.labels("request", "42"), () -> {
                child[0] = Go.go("labelled-child", () -> {
                    await(scopeDone);
                    childAfterScope.set(Pprof.goroutineLabels());
                    Go.go(() -> grandchild.set(Pprof.goroutineLabels()));
                });
            });
            scopeDone.countDown();
        });
        child[0].join();
        assertEquals(Map.of("request", "42"), childAfterScope.get());
        waitFor(() -> grandchild.get() != null);
        assertEquals(Map.of("request", "42"), grandchild.get(), "inherited across generations");
    }

    @Test
    void doWithLabels_whileInScope_labelsShowInGoroutineInfo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inScope = new CountDownLatch(1);
        Goroutine g = Go.go("info-labels", () -> Pprof.doWithLabels(Pprof.labels("stage", "parse"), () -> {
            inScope.countDown();
            await(release);
        }));
        inScope.await();
        GoroutineInfo info = g.info();
        release.countDown();
        g.join();
        assertEquals(Map.of("stage", "parse"), info.labels());
    }

    @Test
    void doWithLabels_onPlainThread_throwsIllegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Pprof.doWithLabels(Pprof.labels("a", "b"), () -> { }));
        assertTrue(e.getMessage().startsWith("pprof labels belong to goroutines"), e.getMessage());
        assertEquals(Map.of(), Pprof.goroutineLabels());
        assertNull(Pprof.label("a"));
    }

    @Test
    void doWithLabels_nullLabelValue_throwsAndLeavesLabelsUnchanged() throws Exception {
        Map<String, String> after = Go.main(() -> Pprof.doWithLabels(Pprof.labels("a", "1"), () -> {
            Map<String, String> bad = new HashMap<>();
            bad.put("b", null);
            boolean[] ran = {false};
            assertThrows(NullPointerException.class, () -> Pprof.doWithLabels(bad, () -> ran[0] = true));
            assertEquals(false, ran[0], "the body does not run");
            return Pprof.goroutineLabels();
        }));
        assertEquals(Map.of("a", "1"), after);
    }

    @Test
    void goroutineLabels_returnedMap_isImmutableSnapshot() throws Exception {
        Map<String, String> m = Go.main(() -> Pprof.doWithLabels(Pprof.labels("a", "1"), Pprof::goroutineLabels));
        assertThrows(UnsupportedOperationException.class, () -> m.put("b", "2"));
        Map<String, String> same = Go.main(() -> Pprof.doWithLabels(m, Pprof::goroutineLabels));
        assertEquals(m, same);
        assertEquals(Map.of(), Go.main(Pprof::goroutineLabels));
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L; // hang guard
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(5);
        }
    }
}
