package dev.goro;

import static dev.goro.Select.otherwise;
import static dev.goro.Select.recv;
import static dev.goro.Select.recvOk;
import static dev.goro.Select.send;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's select rules (runtime/select.go) and ports of the select tests in runtime/chan_test.go. */
@Timeout(60)
class SelectTest {

    @Test
    void select_readyCase_runsItsHandlerAndReturnsItsResult() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        b.send(5);
        String r = Select.select(recv(a, v -> "a" + v), recv(b, v -> "b" + v));
        assertEquals("b5", r);
        assertTrue(Select.<Boolean>select(send(a, 1, () -> true), recv(b, v -> false)));
        assertEquals(1, a.recv());
    }

    @Test
    void select_noCaseReadyWithDefault_runsDefaultWithoutBlocking() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make(1);
        b.send(1); // full: a send case on b is not ready
        String r = Select.select(recv(a, v -> "a"), send(b, 2, () -> "b"), otherwise(() -> "default"));
        assertEquals("default", r);
        assertNull(Select.select(recv(a), otherwise()));
        assertEquals(1, b.len());
    }

    @Test
    void select_recvOnClosed_isReadyWithOkFalse() {
        Chan<Integer> c = Chan.make();
        c.close();
        Received<Integer> r = Select.select(recvOk(c, x -> x), recv(Chan.make(), v -> null));
        assertEquals(Received.closed(), r);
    }

    @Test
    void select_sendOnClosed_throwsGoMessage() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        c.close();
        var e = assertThrows(IllegalStateException.class, () -> Select.select(send(c, 1), recv(other)));
        assertEquals("send on closed channel", e.getMessage());
    }

    @Test
    void select_nilChannelCases_neverFire() {
        Chan<Integer> live = Chan.make(1);
        live.send(3);
        for (int i = 0; i < 100; i++) {
            String r = Select.select(recv(Chan.<Integer>nil(), v -> "nil recv"), send(null, 1, () -> "null send"),
                    recv((RecvChan<Integer>) null, v -> "null recv"), otherwise(() -> "default"));
            assertEquals("default", r);
        }
        assertEquals(3, Select.<Integer>select(recv(Chan.nil()), recv(live), send(Chan.nil(), 9)));
    }

    @Test
    void select_noCases_blocksForeverWithGoWaitReason() throws Exception {
        AtomicReference<Throwable> out = new AtomicReference<>();
        Goroutine g = Go.go("empty-select", () -> {
            try {
                Select.select();
            } catch (Throwable t) {
                out.set(t);
            }
        });
        Waits.awaitWaitReason(g, "select (no cases)");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, out.get());
    }

    @Test
    void select_onlyNilCases_blocksWithReasonSelect() throws Exception {
        Goroutine g = Go.go("nil-select", () -> {
            try {
                Select.select(recv(Chan.nil()), send(null, 1));
            } catch (GoInterruptedException expected) {
                // the only way out
            }
        });
        Waits.awaitWaitReason(g, "select");
        g.interrupt();
        Waits.join(g);
    }

    @Test
    void select_blocked_showsWaitReasonSelectAndWakesOnSend() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        AtomicReference<String> got = new AtomicReference<>();
        Goroutine g = Go.go("selector", () -> got.set(Select.select(recv(a, v -> "a" + v), recv(b, v -> "b" + v))));
        Waits.awaitWaitReason(g, "select");
        b.send(2);
        Waits.join(g);
        assertEquals("b2", got.get());
        a.checkInvariants();
        b.checkInvariants();
    }

    @Test
    void select_blockedSendCase_deliversToLaterReceiver() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Goroutine g = Go.go("selector", () -> Select.select(send(a, 10), send(b, 20)));
        Waits.awaitWaitReason(g, "select");
        assertEquals(20, b.recv());
        Waits.join(g);
        assertNull(a.tryRecv());
        a.checkInvariants();
    }

    @Test
    void select_blockedSendCaseThenClose_throwsSendOnClosed() throws Exception {
        Chan<Integer> a = Chan.make();
        AtomicReference<Throwable> out = new AtomicReference<>();
        Goroutine g = Go.go("selector", () -> {
            try {
                Select.select(send(a, 1), recv(Chan.<Integer>make()));
            } catch (Throwable t) {
                out.set(t);
            }
        });
        Waits.awaitWaitReason(g, "select");
        a.close();
        Waits.join(g);
        assertEquals("send on closed channel", out.get().getMessage());
    }

    @Test
    void select_multipleDefaults_rejected() {
        assertThrows(IllegalArgumentException.class, () -> Select.select(otherwise(), otherwise()));
    }

    /**
     * Port of TestSelectFairness: with four always-ready cases, each must be chosen about a quarter of the time.
     * Go's bound: within 10 standard deviations of the mean, which a fair choice misses with negligible
     * probability while any systematic preference fails it.
     */
    @Test
    void select_manyReadyCases_picksUniformly() {
        int trials = 10_000;
        List<Chan<Integer>> cs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Chan<Integer> c = Chan.make(trials + 1);
            for (int i = 0; i < trials + 1; i++) {
                c.send(k);
            }
            cs.add(c);
        }
        int[] counts = new int[4];
        for (int i = 0; i < trials; i++) {
            int k = Select.select(recv(cs.get(0)), recv(cs.get(1)), recv(cs.get(2)), recv(cs.get(3)));
            counts[k]++;
        }
        double mean = trials * 0.25;
        double stddev = Math.sqrt(trials * 0.25 * 0.75);
        for (int k = 0; k < 4; k++) {
            assertTrue(Math.abs(counts[k] - mean) <= 10 * stddev, "case " + k + " chosen " + counts[k] + " times");
        }
    }

    /** Port of TestSelectDuplicateChannel: a select with the same channel twice must leave recvq consistent. */
    @Test
    void select_duplicateChannel_dequeuesItselfCleanly() throws Exception {
        Chan<Integer> c = Chan.make();
        Chan<Integer> d = Chan.make();
        Chan<Integer> e = Chan.make();
        Goroutine a = Go.go("A", () -> {
            Select.select(recv(c), recv(c), recv(d));
            e.send(9);
        });
        Waits.awaitWaitReason(a, "select"); // A is queued first on c (twice)
        AtomicInteger bGot = new AtomicInteger();
        Goroutine b = Go.go("B", () -> bGot.set(c.recv()));
        Waits.awaitWaitReason(b, "chan receive"); // B is queued on c behind A
        d.send(7);  // wakes A, which dequeues itself from c
        assertEquals(9, e.recv());
        c.checkInvariants();
        c.send(8);  // must wake B, not the stale A
        Waits.join(b);
        assertEquals(8, bGot.get());
        c.checkInvariants();
    }

    /** Port of TestNonblockSelectRace: select acts on the state of the channels at one moment. */
    @Test
    void selectWithDefault_oneChannelAlwaysReady_neverRunsDefault() throws Exception {
        int n = 10_000;
        Chan<Boolean> done = Chan.make(1);
        for (int i = 0; i < n; i++) {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = Chan.make(1);
            c1.send(1);
            Go.go(() -> done.send(Select.select(recv(c1, v -> true), recv(c2, v -> true), otherwise(() -> false))));
            c2.send(1);
            c1.tryRecv();
            assertTrue(done.recv(), "no chan is ready, iteration " + i);
        }
    }

    /** Port of TestNonblockSelectRace2: the same with close instead of send. */
    @Test
    void selectWithDefault_closeRacingReceive_neverRunsDefault() {
        int n = 10_000;
        Chan<Boolean> done = Chan.make(1);
        for (int i = 0; i < n; i++) {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = Chan.make();
            c1.send(1);
            Go.go(() -> done.send(Select.select(recv(c1, v -> true), recv(c2, v -> true), otherwise(() -> false))));
            c2.close();
            c1.tryRecv();
            assertTrue(done.recv(), "no chan is ready, iteration " + i);
        }
    }

    /** Port of TestSelfSelect: send and receive on the same channel in one select never match each other. */
    @Test
    void select_sendAndRecvSameChannel_neverSelfReceives() throws Exception {
        for (int cap : new int[] {0, 10}) {
            Chan<Integer> c = Chan.make(cap);
            AtomicBoolean selfReceive = new AtomicBoolean();
            List<Goroutine> gs = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int me = p;
                gs.add(Go.go("self-" + p, () -> {
                    for (int i = 0; i < 1000; i++) {
                        Integer v = me == 0 || i % 2 == 0
                                ? Select.select(send(c, me, () -> null), recv(c, x -> x))
                                : Select.select(recv(c, x -> x), send(c, me, () -> null));
                        if (cap == 0 && v != null && v == me) {
                            selfReceive.set(true);
                        }
                    }
                }));
            }
            for (Goroutine g : gs) {
                Waits.join(g);
            }
            assertFalse(selfReceive.get(), "self receive");
        }
    }

    /**
     * Port of TestSelectStress: plain senders and receivers on four channels interact chaotically with one
     * selecting sender and one selecting receiver that disable each case (set it to nil) once it has done N.
     */
    @Test
    void select_stressWithNilledCases_completesWithoutDeadlock() throws Exception {
        int n = 10_000;
        List<Chan<Integer>> c = List.of(Chan.make(), Chan.make(), Chan.make(2), Chan.make(3));
        List<Goroutine> gs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Chan<Integer> ch = c.get(k);
            gs.add(Go.go("send" + k, () -> {
                for (int i = 0; i < n; i++) {
                    ch.send(0);
                }
            }));
            gs.add(Go.go("recv" + k, () -> {
                for (int i = 0; i < n; i++) {
                    ch.recv();
                }
            }));
        }
        gs.add(Go.go("select-send", () -> {
            int[] cnt = new int[4];
            List<Chan<Integer>> c1 = new ArrayList<>(c);
            for (int i = 0; i < 4 * n; i++) {
                int k = Select.select(send(c1.get(3), 0, () -> 3), send(c1.get(2), 0, () -> 2),
                        send(c1.get(0), 0, () -> 0), send(c1.get(1), 0, () -> 1));
                if (++cnt[k] == n) {
                    c1.set(k, null);
                }
            }
        }));
        gs.add(Go.go("select-recv", () -> {
            int[] cnt = new int[4];
            List<Chan<Integer>> c1 = new ArrayList<>(c);
            for (int i = 0; i < 4 * n; i++) {
                int k = Select.select(recv(c1.get(0), v -> 0), recv(c1.get(3), v -> 3), recv(c1.get(1), v -> 1),
                        recv(c1.get(2), v -> 2));
                if (++cnt[k] == n) {
                    c1.set(k, null);
                }
            }
        }));
        for (Goroutine g : gs) {
            Waits.join(g);
        }
        for (Chan<Integer> ch : c) {
            ch.checkInvariants();
            assertEquals(0, ch.len());
        }
    }

    /** Several wakers race to complete one blocked select: exactly one value is taken, the other stays. */
    @Test
    void select_concurrentWakers_exactlyOneCaseWins() throws Exception {
        for (int i = 0; i < 2000; i++) {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            AtomicInteger won = new AtomicInteger();
            Goroutine sel = Go.go("sel", () -> won.set(Select.select(recv(a), recv(b))));
            Waits.awaitWaitReason(sel, "select");
            Goroutine sa = Go.go("sa", () -> a.send(1));
            Goroutine sb = Go.go("sb", () -> b.send(2));
            Waits.join(sel);
            // The loser's sender is still parked with its value, which must be received exactly once here.
            int other = won.get() == 1 ? b.recv() : a.recv();
            assertEquals(3, won.get() + other);
            Waits.join(sa);
            Waits.join(sb);
            a.checkInvariants();
            b.checkInvariants();
        }
    }

    /** Multi-producer select fan-in: every value sent is received once, none twice. */
    @Test
    void select_fanInFromManyProducers_losesAndDuplicatesNothing() throws Exception {
        int producers = 8;
        int perProducer = 5_000;
        List<Chan<Integer>> cs = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Chan<Integer> c = Chan.make(p % 2 == 0 ? 0 : 4);
            cs.add(c);
            int base = p * perProducer;
            Go.go(() -> {
                for (int i = 0; i < perProducer; i++) {
                    c.send(base + i);
                }
                c.close();
            });
        }
        boolean[] seen = new boolean[producers * perProducer];
        AtomicLong total = new AtomicLong();
        Go.main(() -> {
            List<Chan<Integer>> live = new ArrayList<>(cs);
            int open = producers;
            while (open > 0) {
                List<Select.Case<int[]>> cases = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int idx = p;
                    cases.add(recvOk(live.get(p), r -> new int[] {idx, r.ok() ? r.value() : -1}));
                }
                int[] got = Select.select(cases);
                if (got[1] < 0) {
                    live.set(got[0], null); // closed: disable the case, as Go code sets the channel to nil
                    open--;
                } else {
                    assertFalse(seen[got[1]], "duplicate " + got[1]);
                    seen[got[1]] = true;
                    total.incrementAndGet();
                }
            }
        });
        assertEquals((long) producers * perProducer, total.get());
    }

    @Test
    void select_timeAfterAsTimeout_firesWhenNothingElseDoes() throws Exception {
        Chan<Integer> never = Chan.make();
        String r = Go.main(() -> Select.select(recv(never, v -> "value"),
                recv(Time.after(Duration.ofMillis(20)), t -> "timeout")));
        assertEquals("timeout", r);
        Chan<Integer> ready = Chan.make(1);
        ready.send(1);
        assertEquals("value", Select.select(recv(ready, v -> "value"),
                recv(Time.after(Duration.ofHours(1)), t -> "timeout")));
    }
}
