package dev.goro;

import static dev.goro.Select.recv;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupting a blocked goro operation: it throws GoInterruptedException, keeps the interrupt status and has had
 * no effect, unless a partner completed it at the same moment, in which case it completes normally. The race tests
 * check that no value is ever lost or duplicated across that boundary.
 */
@Timeout(60)
class ChanInterruptTest {

    /** Outcome of an operation run in a goroutine. */
    static final class Outcome {
        volatile Object value;
        volatile boolean completed;
        volatile Throwable thrown;
        volatile boolean interruptStatusKept;
    }

    private static Goroutine run(String name, Outcome out, java.util.function.Supplier<Object> op) {
        return Go.go(name, () -> {
            try {
                out.value = op.get();
                out.completed = true;
            } catch (Throwable t) {
                out.thrown = t;
                out.interruptStatusKept = Thread.currentThread().isInterrupted();
            }
        });
    }

    @Test
    void send_interruptedWhileParked_throwsAndSendsNothing() throws Exception {
        Chan<Integer> c = Chan.make();
        Outcome out = new Outcome();
        Goroutine g = run("sender", out, () -> {
            c.send(1);
            return null;
        });
        Waits.awaitWaitReason(g, "chan send");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, out.thrown);
        assertEquals("chan send interrupted", out.thrown.getMessage());
        assertTrue(out.interruptStatusKept);
        assertNull(c.tryRecv());
        c.checkInvariants();
    }

    @Test
    void recv_interruptedWhileParked_throwsAndConsumesNothing() throws Exception {
        Chan<Integer> c = Chan.make(1);
        Outcome out = new Outcome();
        Goroutine g = run("receiver", out, c::recv);
        Waits.awaitWaitReason(g, "chan receive");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, out.thrown);
        assertTrue(out.interruptStatusKept);
        c.send(5);
        assertEquals(5, c.recv()); // the value went to nobody else
        c.checkInvariants();
    }

    @Test
    void send_interruptedOnEntry_throwsEvenWithRoomAndLeavesBufferEmpty() throws Exception {
        Chan<Integer> c = Chan.make(4);
        Outcome out = new Outcome();
        Goroutine g = run("sender", out, () -> {
            Thread.currentThread().interrupt();
            c.send(1);
            return null;
        });
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, out.thrown);
        assertEquals(0, c.len());
        // Non-blocking operations ignore the interrupt status.
        Outcome out2 = new Outcome();
        Waits.join(run("trySender", out2, () -> {
            Thread.currentThread().interrupt();
            return c.trySend(2);
        }));
        assertEquals(Boolean.TRUE, out2.value);
    }

    @Test
    void select_interruptedWhileParked_throwsAndNoCaseTakesEffect() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Outcome out = new Outcome();
        Goroutine g = run("selector", out, () -> Select.select(recv(a), Select.send(b, 7)));
        Waits.awaitWaitReason(g, "select");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, out.thrown);
        assertEquals("select interrupted", out.thrown.getMessage());
        assertTrue(out.interruptStatusKept);
        assertNull(b.tryRecv()); // the send case did not happen
        assertFalse(a.trySend(1)); // and its receive case is no longer queued
        a.checkInvariants();
        b.checkInvariants();
    }

    /**
     * Race: a sender parked on an unbuffered channel is interrupted while a receiver takes from the channel. The
     * send returned normally exactly when the receiver got its value; when it threw, nothing was received.
     */
    @Test
    void send_interruptRacingReceive_valueNeverLostOrDuplicated() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        Go.main(() -> {
            int sentAndReceived = 0;
            int interrupted = 0;
            for (int iter = 0; iter < 2000; iter++) {
                Chan<Integer> c = Chan.make();
                Outcome out = new Outcome();
                Goroutine sender = run("sender", out, () -> {
                    c.send(42);
                    return null;
                });
                if (rnd.nextBoolean()) {
                    Waits.awaitWaitReason(sender, "chan send");
                }
                Goroutine interrupter = Go.go("interrupter", sender::interrupt);
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    Go.gosched();
                }
                Integer got = c.tryRecv();
                Waits.join(sender);
                Waits.join(interrupter);
                assertEquals(out.completed, got != null, "iteration " + iter);
                if (!out.completed) {
                    assertInstanceOf(GoInterruptedException.class, out.thrown);
                    assertTrue(out.interruptStatusKept);
                    interrupted++;
                } else {
                    sentAndReceived++;
                }
                assertNull(c.tryRecv());
                c.checkInvariants();
            }
            assertEquals(2000, sentAndReceived + interrupted);
            System.out.println("send/interrupt race: completed " + sentAndReceived + ", interrupted " + interrupted);
            return null;
        });
    }

    /** Race: a parked receiver is interrupted while a value is offered; trySend succeeded exactly when it got it. */
    @Test
    void recv_interruptRacingSend_valueNeverLostOrDuplicated() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        Go.main(() -> {
            for (int iter = 0; iter < 2000; iter++) {
                Chan<Integer> c = Chan.make();
                Outcome out = new Outcome();
                Goroutine receiver = run("receiver", out, c::recv);
                Waits.awaitWaitReason(receiver, "chan receive");
                Goroutine interrupter = Go.go("interrupter", receiver::interrupt);
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    Go.gosched();
                }
                boolean sent = c.trySend(iter);
                Waits.join(receiver);
                Waits.join(interrupter);
                assertEquals(sent, out.completed, "iteration " + iter);
                if (sent) {
                    assertEquals(iter, out.value);
                }
                c.checkInvariants();
            }
            return null;
        });
    }

    /** Race: a parked select is interrupted while one of its cases is offered a value: exactly-once either way. */
    @Test
    void select_interruptRacingSend_valueNeverLostOrDuplicated() throws Exception {
        SplittableRandom rnd = new SplittableRandom(13);
        Go.main(() -> {
            for (int iter = 0; iter < 2000; iter++) {
                Chan<Integer> a = Chan.make();
                Chan<Integer> b = Chan.make();
                Outcome out = new Outcome();
                Goroutine sel = run("selector", out, () -> Select.select(recv(a), recv(b)));
                Waits.awaitWaitReason(sel, "select");
                Goroutine interrupter = Go.go("interrupter", sel::interrupt);
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    Go.gosched();
                }
                boolean sent = (iter % 2 == 0 ? a : b).trySend(iter);
                Waits.join(sel);
                Waits.join(interrupter);
                assertEquals(sent, out.completed, "iteration " + iter);
                if (sent) {
                    assertEquals(iter, out.value);
                }
                assertFalse(a.trySend(-1));
                assertFalse(b.trySend(-1));
                a.checkInvariants();
                b.checkInvariants();
            }
            return null;
        });
    }

    @Test
    void sleep_interrupted_throwsAndKeepsStatus() throws Exception {
        Outcome out = new Outcome();
        Goroutine g = run("sleeper", out, () -> {
            Time.sleep(Duration.ofHours(1));
            return null;
        });
        Waits.awaitWaitReason(g, "sleep");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, out.thrown);
        assertEquals("sleep interrupted", out.thrown.getMessage());
        assertTrue(out.interruptStatusKept);
    }

    @Test
    void platformThread_interruptedWhileBlockedOnRecv_throws() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean kept = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                c.recv();
            } catch (Throwable e) {
                thrown.set(e);
                kept.set(Thread.currentThread().isInterrupted());
            }
        });
        Waits.awaitBlocked(t);
        t.interrupt();
        t.join(Waits.HANG_GUARD.toMillis());
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        assertTrue(kept.get());
        c.checkInvariants();
    }
}
