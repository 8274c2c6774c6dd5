package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parked goroutines show Go's exact wait reasons in {@link Runtime#goroutines()}: "chan send", "chan receive",
 * "chan send (nil chan)", "chan receive (nil chan)", "select", "select (no cases)", "sleep".
 */
@Timeout(30)
class WaitReasonTest {

    /** Starts {@code body} in a goroutine, waits until Runtime.goroutines() shows it parked, checks the reason. */
    private static void assertParksWith(String reason, Runnable body) throws Exception {
        Goroutine g = Go.go("waiter", () -> {
            try {
                body.run();
            } catch (GoInterruptedException expected) {
                // how the test releases it
            }
        });
        long deadline = System.nanoTime() + Waits.HANG_GUARD.toNanos();
        GoroutineInfo seen = null;
        while (System.nanoTime() < deadline) {
            seen = Runtime.goroutines().stream().filter(i -> i.id() == g.id()).findFirst().orElse(null);
            if (seen != null && seen.state() == GoroutineState.WAITING && seen.waitReason().equals(reason)) {
                break; // (it may park elsewhere first, e.g. on a class initialization: wait for this reason)
            }
            LockSupport.parkNanos(100_000);
        }
        assertNotNull(seen);
        assertEquals(GoroutineState.WAITING, seen.state());
        assertEquals(reason, seen.waitReason());
        g.interrupt();
        Waits.join(g);
    }

    @Test
    void send_parkedOnFullChannel_showsChanSend() throws Exception {
        Chan<Integer> c = Chan.make(1);
        c.send(0);
        assertParksWith("chan send", () -> c.send(1));
    }

    @Test
    void recv_parkedOnEmptyChannel_showsChanReceive() throws Exception {
        assertParksWith("chan receive", () -> Chan.<Integer>make().recv());
    }

    @Test
    void send_onNilChannel_blocksForeverWithNilChanReason() throws Exception {
        assertParksWith("chan send (nil chan)", () -> Chan.<Integer>nil().send(1));
    }

    @Test
    void recv_onNilChannel_blocksForeverWithNilChanReason() throws Exception {
        assertParksWith("chan receive (nil chan)", () -> Chan.<Integer>nil().recv());
        assertParksWith("chan receive (nil chan)", () -> Chan.<Integer>nil().iterator().hasNext());
    }

    @Test
    void nilChannel_nonBlockingOperations_neverSucceed() {
        Chan<Integer> nil = Chan.nil();
        assertFalse(nil.trySend(1));
        assertNull(nil.tryRecv());
        assertNull(nil.tryRecvOk());
        assertEquals(0, nil.len());
        assertEquals(0, nil.cap());
        assertFalse(nil.isClosed());
        assertSame(Chan.nil(), nil);
    }

    @Test
    void select_parked_showsSelect() throws Exception {
        assertParksWith("select", () -> Select.select(Select.recv(Chan.make()), Select.send(Chan.make(), 1)));
    }

    @Test
    void select_noCases_showsSelectNoCases() throws Exception {
        assertParksWith("select (no cases)", Select::select);
    }

    @Test
    void sleep_showsSleep() throws Exception {
        assertParksWith("sleep", () -> Time.sleep(Duration.ofHours(1)));
    }

    @Test
    void recv_onTimerChannel_showsChanReceive() throws Exception {
        assertParksWith("chan receive", () -> Time.after(Duration.ofHours(1)).recv());
    }
}
