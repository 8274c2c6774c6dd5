package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * close(cause), goro's extension for producers that fail: receivers drain the buffered values first, then every
 * receive path (recv, recvOk, tryRecv, tryRecvOk, select, iteration) throws ChanClosedException carrying the
 * cause; senders see Go's "send on closed channel" exactly as after a plain close.
 */
@Timeout(30)
class ChanCloseWithErrorTest {
    private static final IOException CAUSE = new IOException("upstream failed");

    @Test
    void recv_closedWithErrorAndBuffered_drainsValuesThenThrowsCause() {
        Chan<Integer> c = Chan.make(3);
        c.send(1);
        c.send(2);
        c.close(CAUSE);
        assertTrue(c.isClosed());
        assertEquals(1, c.recv());
        assertEquals(new Received<>(2, true), c.recvOk());
        for (int i = 0; i < 2; i++) { // every receive after the drain throws, not only the first
            assertSame(CAUSE, assertThrows(ChanClosedException.class, c::recv).getCause());
            assertSame(CAUSE, assertThrows(ChanClosedException.class, c::recvOk).getCause());
            assertSame(CAUSE, assertThrows(ChanClosedException.class, c::tryRecv).getCause());
            assertSame(CAUSE, assertThrows(ChanClosedException.class, c::tryRecvOk).getCause());
        }
        c.checkInvariants();
    }

    @Test
    void recv_parkedWhenClosedWithError_wakesAndThrows() throws Exception {
        Chan<String> c = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.go("receiver", () -> {
            try {
                c.recv();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(g, "chan receive");
        c.close(CAUSE);
        Waits.join(g);
        assertInstanceOf(ChanClosedException.class, thrown.get());
        assertSame(CAUSE, thrown.get().getCause());
    }

    @Test
    void iterator_closedWithError_yieldsValuesThenThrowsFromHasNext() {
        Chan<Integer> c = Chan.make(2);
        c.send(10);
        c.send(11);
        c.close(CAUSE);
        List<Integer> seen = new ArrayList<>();
        Iterator<Integer> it = c.iterator();
        var e = assertThrows(ChanClosedException.class, () -> {
            while (it.hasNext()) {
                seen.add(it.next());
            }
        });
        assertEquals(List.of(10, 11), seen);
        assertSame(CAUSE, e.getCause());
    }

    @Test
    void select_readyClosedWithErrorCase_throwsInsteadOfRunningHandler() {
        Chan<Integer> failed = Chan.make(1);
        failed.close(CAUSE);
        Chan<Integer> idle = Chan.make();
        var e = assertThrows(ChanClosedException.class,
                () -> Select.select(Select.recvOk(failed, r -> "handler ran"), Select.recv(idle, v -> "idle")));
        assertSame(CAUSE, e.getCause());
        // With a default and a value still buffered, the value comes first.
        Chan<Integer> d = Chan.make(1);
        d.send(5);
        d.close(CAUSE);
        assertEquals(5, Select.<Integer>select(Select.recv(d), Select.recv(idle), Select.otherwise()));
        assertThrows(ChanClosedException.class,
                () -> Select.select(Select.recv(d), Select.recv(idle), Select.otherwise()));
    }

    @Test
    void select_parkedWhenClosedWithError_wakesAndThrows() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.go("selector", () -> {
            try {
                Select.select(Select.recv(a, v -> "a"), Select.recv(b, v -> "b"));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(g, "select");
        b.close(CAUSE);
        Waits.join(g);
        assertInstanceOf(ChanClosedException.class, thrown.get());
        assertSame(CAUSE, thrown.get().getCause());
        a.checkInvariants();
        b.checkInvariants();
    }

    @Test
    void send_afterCloseWithError_throwsGoMessage() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.go("sender", () -> {
            try {
                c.send(1);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(g, "chan send");
        c.close(CAUSE);
        Waits.join(g);
        assertEquals("send on closed channel", thrown.get().getMessage());
        assertEquals("send on closed channel",
                assertThrows(IllegalStateException.class, () -> c.trySend(2)).getMessage());
    }

    @Test
    void closeWithError_misuse_throwsGoMessagesAndNpe() {
        Chan<Integer> c = Chan.make();
        assertThrows(NullPointerException.class, () -> c.close(null));
        assertFalse(c.isClosed(), "a rejected close(null) leaves the channel open");
        c.close(CAUSE);
        assertEquals("close of closed channel", assertThrows(IllegalStateException.class, c::close).getMessage());
        assertEquals("close of closed channel",
                assertThrows(IllegalStateException.class, () -> c.close(CAUSE)).getMessage());
        assertEquals("close of nil channel",
                assertThrows(IllegalStateException.class, () -> Chan.nil().close(CAUSE)).getMessage());
    }

    @Test
    void recv_closedWithErrorRacingBufferedValues_losesNone() throws Exception {
        // A producer that sends and then fails, against a receiver on another goroutine: every value arrives, in
        // order, and then the error, whatever the interleaving.
        for (int round = 0; round < 200; round++) {
            Chan<Integer> c = Chan.make(round % 4);
            Go.go(() -> {
                for (int i = 0; i < 20; i++) {
                    c.send(i);
                }
                c.close(CAUSE);
            });
            int expect = 0;
            try {
                for (int v : c) {
                    assertEquals(expect++, v);
                }
                fail("iteration ended without the error");
            } catch (ChanClosedException e) {
                assertSame(CAUSE, e.getCause());
            }
            assertEquals(20, expect);
        }
    }
}
