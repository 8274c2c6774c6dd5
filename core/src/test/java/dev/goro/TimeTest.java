package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.internal.time.TimerQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's time package rules (time/sleep.go, tick.go; Go 1.23 semantics): Sleep, After, AfterFunc, Timer Stop/Reset
 * with no stale values, Ticker dropping ticks, synchronous timer channels, and timers that do not leak.
 * Verdicts use only lower bounds on time ("not before the deadline"); upper bounds are hang guards.
 */
@Timeout(60)
class TimeTest {

    @Test
    void sleep_duration_parksAtLeastThatLong() throws Exception {
        long t0 = System.nanoTime();
        Go.main(() -> Time.sleep(Duration.ofMillis(20)));
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        t0 = System.nanoTime();
        Time.sleep(Duration.ofMillis(5)); // a plain thread sleeps the same way
        assertTrue(System.nanoTime() - t0 >= 5_000_000L);
    }

    @Test
    void sleep_zeroOrNegative_returnsAtOnce() {
        Time.sleep(Duration.ZERO);
        Time.sleep(Duration.ofSeconds(-5));
    }

    @Test
    void sleep_manyGoroutinesAtOnce_allWakeAndHeapEmpties() throws Exception {
        int n = 50_000;
        int before = TimerQueue.pending();
        Chan<Integer> done = Chan.make(n);
        long t0 = System.nanoTime();
        Go.main(() -> {
            for (int i = 0; i < n; i++) {
                int d = 10 + i % 40;
                Go.go(() -> {
                    Time.sleep(Duration.ofMillis(d));
                    done.send(d);
                });
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += done.recv();
            }
            assertEquals((long) n / 40 * (10 + 49) * 40 / 2, sum);
        });
        System.out.printf("%d goroutines slept concurrently: %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
        assertEquals(before, TimerQueue.pending());
    }

    @Test
    void after_fires_withTimeNotBeforeDeadline() throws Exception {
        Instant start = Time.now();
        Instant fired = Go.main(() -> Time.after(Duration.ofMillis(10)).recv());
        assertFalse(fired.isBefore(start.plus(Duration.ofMillis(10))), fired + " before " + start + "+10ms");
        assertFalse(Time.now().isBefore(fired));
    }

    @Test
    void timerChannel_isSynchronous_lenAndCapZero() throws Exception {
        Timer t = Time.newTimer(Duration.ZERO);
        Time.sleep(Duration.ofMillis(5));
        assertEquals(0, t.channel().len());
        assertEquals(0, t.channel().cap());
        assertNotNull(t.channel().tryRecv()); // fired lazily on the first look
        assertNull(t.channel().tryRecv());
    }

    @Test
    void timerStop_beforeFire_returnsTrueAndNothingIsReceived() throws Exception {
        Timer t = Time.newTimer(Duration.ofMillis(10));
        assertTrue(t.stop());
        assertFalse(t.stop());
        Time.sleep(Duration.ofMillis(30));
        assertNull(t.channel().tryRecv());
    }

    @Test
    void timerStop_afterFireBeforeReceive_returnsTrueAndDropsValue() throws Exception {
        // Go 1.23: a fired but unreceived value is discarded by Stop, which reports it stopped the timer.
        Timer t = Time.newTimer(Duration.ofMillis(1));
        Time.sleep(Duration.ofMillis(20));
        assertTrue(t.stop());
        assertNull(t.channel().tryRecv());
    }

    @Test
    void timerStop_afterReceive_returnsFalse() throws Exception {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        assertNotNull(Go.main(() -> t.channel().recv()));
        assertFalse(t.stop());
    }

    @Test
    void timerReset_afterFireBeforeReceive_discardsStaleValue() throws Exception {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        Time.sleep(Duration.ofMillis(20));
        assertTrue(t.reset(Duration.ofHours(1)));
        assertNull(t.channel().tryRecv());
        Instant before = Time.now();
        assertTrue(t.reset(Duration.ofMillis(5))); // it was armed (for an hour)
        Instant v = Go.main(() -> t.channel().recv());
        assertFalse(v.isBefore(before.plus(Duration.ofMillis(5))), "value of the new configuration");
    }

    /**
     * The Go 1.23 guarantee under races: timers of random short durations are stopped or reset (to an hour) at
     * random moments around their firing, by the goroutine or while another is blocked receiving; afterwards no
     * value can be received.
     */
    @Test
    void timerStopReset_racingFire_neverLeavesStaleValue() throws Exception {
        int before = TimerQueue.pending();
        SplittableRandom rnd = new SplittableRandom(3);
        Go.main(() -> {
            for (int i = 0; i < 3000; i++) {
                Timer t = Time.newTimer(Duration.ofNanos(rnd.nextLong(200_000)));
                long spin = System.nanoTime() + rnd.nextLong(250_000);
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
                if (rnd.nextBoolean()) {
                    t.stop();
                } else {
                    t.reset(Duration.ofHours(1));
                }
                if (rnd.nextInt(4) == 0) {
                    Time.sleep(Duration.ofNanos(rnd.nextLong(200_000)));
                }
                assertNull(t.channel().tryRecv(), "stale value, iteration " + i);
                t.stop();
            }
        });
        assertEquals(before, TimerQueue.pending());
    }

    @Test
    void timerReset_whileReceiverBlocked_receiverGetsOnlyNewConfiguration() throws Exception {
        int before = TimerQueue.pending();
        Timer t = Time.newTimer(Duration.ofHours(1));
        AtomicLong gotAt = new AtomicLong();
        Goroutine g = Go.go("receiver", () -> {
            t.channel().recv();
            gotAt.set(System.nanoTime());
        });
        Waits.awaitWaitReason(g, "chan receive");
        assertEquals(before + 1, TimerQueue.pending(), "a blocked receiver files the timer");
        long resetAt = System.nanoTime();
        assertTrue(t.reset(Duration.ofMillis(10)));
        Waits.join(g);
        assertTrue(gotAt.get() - resetAt >= 10_000_000L);
        assertEquals(before, TimerQueue.pending());
    }

    @Test
    void timerStop_whileReceiverBlocked_receiverKeepsWaiting() throws Exception {
        int before = TimerQueue.pending();
        Timer t = Time.newTimer(Duration.ofMillis(30));
        Goroutine g = Go.go("receiver", () -> {
            try {
                t.channel().recv();
                fail("received from a stopped timer");
            } catch (GoInterruptedException expected) {
                // released by the test
            }
        });
        Waits.awaitWaitReason(g, "chan receive");
        assertTrue(t.stop());
        Time.sleep(Duration.ofMillis(60));
        Waits.awaitWaitReason(g, "chan receive");
        g.interrupt();
        Waits.join(g);
        assertEquals(before, TimerQueue.pending());
    }

    @Test
    void ticker_slowReceiver_dropsMissedTicks() throws Exception {
        Duration period = Duration.ofMillis(20);
        Ticker tk = Time.newTicker(period);
        Go.main(() -> {
            Time.sleep(period.multipliedBy(4).plusMillis(5)); // four ticks come due; nobody receives
            Instant sleptUntil = Time.now();
            Instant first = tk.channel().recv();
            Instant second = tk.channel().recv();
            // No backlog: the tick after the first one is not one that was due while we slept.
            assertTrue(second.isAfter(sleptUntil), second + " vs " + sleptUntil);
            long gap = Duration.between(first, second).toNanos();
            assertEquals(0, gap % period.toNanos(), "ticks stay on the period grid");
            assertTrue(gap >= 4 * period.toNanos());
        });
        tk.stop();
    }

    @Test
    void ticker_stop_noTickAfterwards() throws Exception {
        Ticker tk = Time.newTicker(Duration.ofMillis(1));
        Time.sleep(Duration.ofMillis(5));
        tk.stop();
        assertNull(tk.channel().tryRecv());
        Time.sleep(Duration.ofMillis(5));
        assertNull(tk.channel().tryRecv());
    }

    @Test
    void ticker_reset_usesNewPeriod() throws Exception {
        Ticker tk = Time.newTicker(Duration.ofHours(1));
        tk.reset(Duration.ofMillis(5));
        Go.main(() -> {
            Instant a = tk.channel().recv();
            Instant b = tk.channel().recv();
            assertEquals(0, Duration.between(a, b).toNanos() % 5_000_000L);
        });
        tk.stop();
    }

    @Test
    void ticker_nonPositivePeriod_throwsGoMessage() {
        assertEquals("non-positive interval for NewTicker",
                assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO)).getMessage());
        Ticker tk = Time.newTicker(Duration.ofHours(1));
        assertEquals("non-positive interval for Ticker.Reset",
                assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ofMillis(-1))).getMessage());
        assertSame(Chan.nil(), Time.tick(Duration.ZERO));
    }

    @Test
    void afterFunc_runsInItsOwnGoroutine() throws Exception {
        Chan<Long> ran = Chan.make(1);
        long caller = Thread.currentThread().threadId();
        Timer t = Time.afterFunc(Duration.ofMillis(5), () -> {
            Goroutine me = Go.current();
            ran.send(me == null ? -1 : me.id());
        });
        long id = ran.recv();
        assertTrue(id > 0 && id != caller);
        assertFalse(t.stop()); // already started
        assertSame(Chan.nil(), t.channel());
    }

    @Test
    void afterFunc_stoppedBeforeFire_neverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        // Far enough out that a loaded machine cannot let it fire before the stop below.
        Timer t = Time.afterFunc(Duration.ofSeconds(30), runs::incrementAndGet);
        assertTrue(t.stop());
        Time.sleep(Duration.ofMillis(30));
        assertEquals(0, runs.get());
        assertFalse(t.reset(Duration.ofMillis(1)));
        Time.sleep(Duration.ofMillis(30));
        assertEquals(1, runs.get());
    }

    @Test
    void timers_unreferenced_areNotFiledAndGetCollected() throws Exception {
        int before = TimerQueue.pending();
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            RecvChan<Instant> c = Time.after(Duration.ofHours(1));
            Ticker tk = Time.newTicker(Duration.ofHours(1));
            if (i % 10_000 == 0) {
                refs.add(new WeakReference<>(c));
                refs.add(new WeakReference<>(tk));
            }
        }
        assertEquals(before, TimerQueue.pending(), "nobody waits on them, so none is in the heap");
        for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(refs.stream().allMatch(r -> r.get() == null), "unreferenced timers were collected");
    }

    @Test
    void timeAfterInSelectLoop_leavesNoPendingTimers() throws Exception {
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 20_000; i++) {
                c.send(i);
            }
            c.close();
        });
        int before = TimerQueue.pending();
        int got = Go.main(() -> {
            int n = 0;
            for (;;) {
                Received<Integer> r = Select.select(Select.recvOk(c, x -> x),
                        Select.recv(Time.after(Duration.ofHours(1)), t -> Received.<Integer>closed()));
                if (!r.ok()) {
                    return n;
                }
                n++;
            }
        });
        assertEquals(20_000, got);
        assertEquals(before, TimerQueue.pending());
    }

    @Test
    void timers_millionPending_addAndStopCheaply() {
        int n = 1_000_000;
        int before = TimerQueue.pending();
        long t0 = System.nanoTime();
        Timer[] ts = new Timer[n];
        Runnable noop = () -> { };
        for (int i = 0; i < n; i++) {
            ts[i] = Time.afterFunc(Duration.ofMinutes(10).plusNanos(i * 997L % 1_000_003), noop);
        }
        assertEquals(before + n, TimerQueue.pending());
        long t1 = System.nanoTime();
        for (int i = n - 1; i >= 0; i -= 2) {
            assertTrue(ts[i].stop());
        }
        for (int i = n - 2; i >= 0; i -= 2) {
            assertTrue(ts[i].stop());
        }
        long t2 = System.nanoTime();
        assertEquals(before, TimerQueue.pending());
        System.out.printf("1M pending timers: add %d ns/op, stop %d ns/op%n", (t1 - t0) / n, (t2 - t1) / n);
    }
}
