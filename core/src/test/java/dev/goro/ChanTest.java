package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.internal.chan.Panics;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Single-channel rules of Go's chan.go: buffering, FIFO, close, len/cap, non-blocking operations, misuse. */
@Timeout(30)
class ChanTest {

    @Test
    void send_bufferedWithRoom_doesNotBlockAndKeepsFifo() {
        Chan<Integer> c = Chan.make(3);
        c.send(1);
        c.send(2);
        c.send(3);
        assertEquals(3, c.len());
        assertEquals(3, c.cap());
        assertEquals(1, c.recv());
        assertEquals(2, c.recv());
        assertEquals(3, c.recv());
        assertEquals(0, c.len());
        c.checkInvariants();
    }

    @Test
    void lenCap_unbufferedAndLarge_reportGoValues() {
        Chan<String> u = Chan.make();
        assertEquals(0, u.len());
        assertEquals(0, u.cap());
        assertEquals(0, Chan.make(0).cap());
        Chan<Integer> big = Chan.make(100_000);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(big.trySend(i));
        }
        assertEquals(100_000, big.len());
        assertFalse(big.trySend(-1));
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, big.tryRecv());
        }
        assertNull(big.tryRecv());
        big.checkInvariants();
    }

    @Test
    void make_negativeCapacity_throwsGoMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertTrue(e.getMessage().startsWith(Panics.MAKECHAN_SIZE), e.getMessage());
    }

    @Test
    void send_nullElement_throwsNpeAndLosesNothing() {
        Chan<String> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> Select.send(c, null));
        assertEquals(0, c.len());
    }

    @Test
    void recv_closedBuffered_drainsThenZeroValue() {
        // Go: buffered values are still received after close; then v, ok = zero, false.
        Chan<Integer> c = Chan.make(2);
        c.send(7);
        c.send(8);
        c.close();
        assertTrue(c.isClosed());
        assertEquals(new Received<>(7, true), c.recvOk());
        assertEquals(8, c.recv());
        assertEquals(Received.closed(), c.recvOk());
        assertNull(c.recv());
        assertNull(c.tryRecv());
        assertEquals(Received.closed(), c.tryRecvOk());
        c.checkInvariants();
    }

    @Test
    void send_onClosedChannel_throwsGoMessage() {
        Chan<Integer> c = Chan.make(1);
        c.close();
        assertEquals(Panics.SEND_ON_CLOSED, assertThrows(IllegalStateException.class, () -> c.send(1)).getMessage());
        assertEquals(Panics.SEND_ON_CLOSED, assertThrows(IllegalStateException.class, () -> c.trySend(1)).getMessage());
        assertEquals("send on closed channel", Panics.SEND_ON_CLOSED);
    }

    @Test
    void close_twice_throwsGoMessage() {
        Chan<Integer> c = Chan.make();
        c.close();
        var e = assertThrows(IllegalStateException.class, c::close);
        assertEquals("close of closed channel", e.getMessage());
    }

    @Test
    void close_nilChannel_throwsGoMessage() {
        var e = assertThrows(IllegalStateException.class, () -> Chan.nil().close());
        assertEquals("close of nil channel", e.getMessage());
    }

    @Test
    void trySendTryRecv_unbufferedWithoutPartner_failWithoutBlocking() {
        Chan<Integer> c = Chan.make();
        assertFalse(c.trySend(1));
        assertNull(c.tryRecv());
        assertNull(c.tryRecvOk());
        c.checkInvariants();
    }

    @Test
    void trySend_parkedReceiver_handsOffDirectly() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Integer> got = new AtomicReference<>();
        Goroutine g = Go.go("receiver", () -> got.set(c.recv()));
        Waits.awaitWaitReason(g, "chan receive");
        assertTrue(c.trySend(42));
        Waits.join(g);
        assertEquals(42, got.get());
    }

    @Test
    void tryRecv_parkedSender_takesItsValue() throws Exception {
        Chan<Integer> c = Chan.make();
        Goroutine g = Go.go("sender", () -> c.send(5));
        Waits.awaitWaitReason(g, "chan send");
        assertEquals(new Received<>(5, true), c.tryRecvOk());
        Waits.join(g);
    }

    @Test
    void recv_fullBufferWithBlockedSenders_keepsFifo() throws Exception {
        // chan.go's recv: take the head, move the first blocked sender's value to the tail.
        Chan<Integer> c = Chan.make(2);
        c.send(0);
        c.send(1);
        Goroutine s2 = Go.go("s2", () -> c.send(2));
        Waits.awaitWaitReason(s2, "chan send");
        Goroutine s3 = Go.go("s3", () -> c.send(3));
        Waits.awaitWaitReason(s3, "chan send");
        c.checkInvariants();
        for (int i = 0; i < 4; i++) {
            assertEquals(i, c.recv());
            c.checkInvariants();
        }
        Waits.join(s2);
        Waits.join(s3);
        assertEquals(0, c.len());
    }

    @Test
    void close_wakesAllReceiversAndSenders() throws Exception {
        Chan<Integer> c = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            gs.add(Go.go("r" + i, () -> outcomes.add(c.recvOk())));
        }
        for (Goroutine g : gs) {
            Waits.awaitWaitReason(g, "chan receive");
        }
        c.close();
        for (Goroutine g : gs) {
            Waits.join(g);
        }
        assertEquals(List.of(Received.closed(), Received.closed(), Received.closed()), outcomes);

        Chan<Integer> d = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine s = Go.go("sender", () -> {
            try {
                d.send(1);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(s, "chan send");
        d.close();
        Waits.join(s);
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertEquals("send on closed channel", thrown.get().getMessage());
        d.checkInvariants();
    }

    @Test
    void iterator_closedAfterValues_endsWhenDrained() throws Exception {
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                c.send(i);
            }
            c.close();
        });
        int expect = 0;
        for (int v : c) {
            assertEquals(expect++, v);
        }
        assertEquals(100, expect);
        var it = c.iterator();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void views_sendOnlyAndReceiveOnly_shareTheChannel() {
        Chan<String> c = Chan.make(1);
        SendChan<String> out = c;
        RecvChan<String> in = c;
        out.send("x");
        assertEquals(1, in.len());
        assertEquals("x", in.recv());
        out.close();
        assertTrue(in.isClosed());
    }

    @Test
    void platformThreadAndGoroutines_shareAChannel() throws Exception {
        // Works from any thread: a plain thread blocks, goroutines park, on the same channel.
        Chan<Integer> c = Chan.make();
        Chan<Integer> back = Chan.make();
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 1000; i++) {
                back.send(c.recv() + 1);
            }
        });
        Go.main(() -> {
            for (int i = 0; i < 1000; i++) {
                c.send(i);
                assertEquals(i + 1, back.recv());
            }
        });
        t.join(Waits.HANG_GUARD.toMillis());
        assertFalse(t.isAlive());
    }
}
