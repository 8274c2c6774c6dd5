package dev.goro.internal.chan;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.Goroutine;
import dev.goro.Select;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Observed channels: the observer hears of every value a receiver takes, by every receive path, once. */
@Timeout(30)
class ObservedChansTest {

    @Test
    void received_everyReceivePath_countsEachValueOnce() {
        AtomicInteger n = new AtomicInteger();
        Chan<Integer> c = ObservedChans.make(8, n::incrementAndGet);
        for (int i = 0; i < 8; i++) {
            c.send(i);
        }
        c.recv();
        c.recvOk();
        c.tryRecv();
        c.tryRecvOk();
        Select.select(Select.recv(c), Select.recv(Chan.<Integer>make()));
        assertEquals(5, n.get());
        c.close();
        int rest = 0;
        for (int v : c) {
            rest++;
        }
        assertEquals(3, rest);
        assertEquals(8, n.get());
        assertNull(c.tryRecv()); // closed and drained: no value, no call
        assertNull(c.recv());
        assertEquals(8, n.get());
    }

    @Test
    void received_handOffToParkedReceiverAndSelect_counted() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Chan<Integer> c = ObservedChans.make(0, n::incrementAndGet);
        Goroutine plain = Go.go("plain", c::recv);
        awaitParked(plain);
        assertTrue(c.trySend(1), "a parked receiver takes a non-blocking send");
        assertTrue(plain.join(Duration.ofSeconds(20)));
        Goroutine sel = Go.go("sel", () -> Select.select(Select.recv(c), Select.recv(Chan.<Integer>make())));
        awaitParked(sel);
        c.send(2);
        assertTrue(sel.join(Duration.ofSeconds(20)));
        assertEquals(2, n.get());
    }

    @Test
    @SuppressWarnings("unchecked")
    void received_observerSendsBackIntoChannel_noDeadlock() {
        // The observer runs after the lock is released: it may refill the channel it observes.
        Chan<Integer>[] box = new Chan[1];
        AtomicInteger refills = new AtomicInteger();
        box[0] = ObservedChans.make(1, () -> {
            if (refills.incrementAndGet() < 5) {
                assertTrue(box[0].trySend(refills.get()));
            }
        });
        box[0].send(0);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, box[0].recv());
        }
        assertEquals(0, box[0].len());
    }

    @Test
    void make_negativeCapacity_throwsGoMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> ObservedChans.make(-1, () -> { }));
        assertTrue(e.getMessage().startsWith(Panics.MAKECHAN_SIZE));
    }

    private static void awaitParked(Goroutine g) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (g.state() != dev.goro.GoroutineState.WAITING) {
            assertTrue(System.nanoTime() < deadline, "never parked: " + g);
            Thread.sleep(1);
        }
    }
}
