package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channels under concurrency: ports of Go's TestChan (runtime/chan_test.go) and test/chan/fifo.go and sieve1.go,
 * multi-producer / multi-consumer totals, and close racing send and receive.
 */
@Timeout(60)
class ChanConcurrencyTest {

    /** Port of TestChan's "Send 1000 integers in 4 goroutines, ensure that we receive what we send", per capacity. */
    @Test
    void sendRecv_fourProducersFourConsumers_receiveExactlyWhatWasSent() throws Exception {
        int producers = 4;
        int perProducer = 1000;
        for (int cap = 0; cap < 20; cap++) {
            Chan<Integer> c = Chan.make(cap);
            for (int p = 0; p < producers; p++) {
                Go.go(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        c.send(i);
                    }
                });
            }
            Chan<Map<Integer, Integer>> done = Chan.make();
            for (int p = 0; p < producers; p++) {
                Go.go(() -> {
                    Map<Integer, Integer> got = new HashMap<>();
                    for (int i = 0; i < perProducer; i++) {
                        got.merge(c.recv(), 1, Integer::sum);
                    }
                    done.send(got);
                });
            }
            Map<Integer, Integer> all = new HashMap<>();
            for (int p = 0; p < producers; p++) {
                done.recv().forEach((k, v) -> all.merge(k, v, Integer::sum));
            }
            assertEquals(perProducer, all.size(), "cap " + cap);
            for (int v : all.values()) {
                assertEquals(producers, v, "cap " + cap);
            }
            c.checkInvariants();
        }
    }

    /** Port of TestChan's FIFO check: one sender, one receiver, every capacity, values arrive in order. */
    @Test
    void sendRecv_oneToOneAnyCapacity_preservesFifo() throws Exception {
        for (int cap = 0; cap < 20; cap++) {
            Chan<Integer> c = Chan.make(cap);
            Go.go(() -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
            });
            for (int i = 0; i < 100; i++) {
                Received<Integer> r = c.recvOk();
                assertEquals(new Received<>(i, true), r, "cap " + cap);
            }
        }
    }

    /** Port of test/chan/fifo.go SynchFifo: a daisy chain of goroutines reads an unbuffered channel in order. */
    @Test
    void unbuffered_daisyChainOfReceivers_servedInArrivalOrder() throws Exception {
        int n = 1000;
        Chan<Integer> ch = Chan.make();
        Chan<Integer> in = Chan.make();
        Chan<Integer> start = in;
        AtomicInteger wrong = new AtomicInteger(-1);
        for (int i = 0; i < n; i++) {
            Chan<Integer> out = Chan.make();
            Chan<Integer> myIn = in;
            int val = i;
            Go.go(() -> {
                myIn.recv();
                if (ch.recv() != val) {
                    wrong.compareAndSet(-1, val);
                }
                out.send(1);
            });
            in = out;
        }
        Chan<Integer> last = in;
        Go.main(() -> {
            start.send(0);
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            last.recv();
        });
        assertEquals(-1, wrong.get());
    }

    /** Many producers and consumers with checksums: nothing lost, nothing duplicated, for several capacities. */
    @Test
    void mpmc_manyProducersAndConsumers_totalsMatch() throws Exception {
        for (int cap : new int[] {0, 1, 16, 1024}) {
            int producers = 6;
            int consumers = 5;
            int perProducer = 20_000;
            Chan<Integer> c = Chan.make(cap);
            AtomicInteger producersLeft = new AtomicInteger(producers);
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                Go.go(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        c.send(base + i);
                    }
                    if (producersLeft.decrementAndGet() == 0) {
                        c.close();
                    }
                });
            }
            boolean[] seen = new boolean[producers * perProducer];
            AtomicLong dup = new AtomicLong();
            Chan<Long> sums = Chan.make(consumers);
            for (int k = 0; k < consumers; k++) {
                Go.go(() -> {
                    long sum = 0;
                    for (int v : c) {
                        synchronized (seen) {
                            if (seen[v]) {
                                dup.incrementAndGet();
                            }
                            seen[v] = true;
                        }
                        sum += v;
                    }
                    sums.send(sum);
                });
            }
            long total = 0;
            for (int k = 0; k < consumers; k++) {
                total += sums.recv();
            }
            long n = (long) producers * perProducer;
            assertEquals(n * (n - 1) / 2, total, "cap " + cap);
            assertEquals(0, dup.get());
            c.checkInvariants();
        }
    }

    /**
     * Close racing send and receive: a sender sends 0, 1, 2... (at most 100) until its send throws "send on closed
     * channel", a receiver drains until closed, and close comes at a random moment. Every send that returned normally is
     * received exactly once, in order; the send that threw delivered nothing.
     */
    @Test
    void close_racingSendAndRecv_everyCompletedSendReceivedOnce() throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        Go.main(() -> {
        for (int iter = 0; iter < 1000; iter++) {
            int cap = new int[] {0, 1, 4}[iter % 3];
            int closeAfter = rnd.nextInt(20);
            Chan<Integer> c = Chan.make(cap);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            Goroutine sender = Go.go("sender", () -> {
                try {
                    for (int i = 0; i < 100; i++) { // bounded, so the pair cannot hog its processor
                        c.send(i);
                        sent.incrementAndGet();
                    }
                } catch (IllegalStateException expected) {
                    assertEquals("send on closed channel", expected.getMessage());
                }
            });
            Goroutine receiver = Go.go("receiver", () -> {
                int expect = 0;
                for (int v : c) {
                    if (v != expect++) {
                        outOfOrder.incrementAndGet();
                    }
                    received.incrementAndGet();
                }
            });
            for (int i = 0; i < closeAfter; i++) {
                Go.gosched();
            }
            c.close();
            Waits.join(sender);
            Waits.join(receiver);
            assertEquals(sent.get(), received.get(), "iteration " + iter);
            assertEquals(0, outOfOrder.get());
            c.checkInvariants();
        }
        return null;
        });
    }

    /**
     * The non-blocking receive fast path racing close (chan.go's "empty, closed, re-check empty" proof): a value
     * buffered before the close is never reported as "closed and drained", and an unbuffered channel closed
     * concurrently reports either "not ready" or "closed", never a value.
     */
    @Test
    void tryRecvOk_racingClose_neverMissesBufferedValue() throws Exception {
        Go.main(() -> {
            for (int i = 0; i < 20_000; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(i);
                Chan<Integer> u = Chan.make();
                Go.go(() -> {
                    c.close();
                    u.close();
                });
                assertEquals(new Received<>(i, true), c.tryRecvOk(), "iteration " + i);
                Received<Integer> r = u.tryRecvOk();
                assertTrue(r == null || !r.ok());
            }
            return null;
        });
    }

    /** Port of test/chan/sieve1.go: a pipeline of one goroutine per prime finds the first primes. */
    @Test
    void sieve_goroutinePerPrime_findsFirstPrimes() throws Exception {
        int count = 500;
        List<Integer> primes = Go.main(() -> {
            Chan<Integer> ch = Chan.make();
            Go.go(() -> {
                for (int i = 2; ; i++) {
                    ch.send(i);
                }
            });
            List<Integer> out = new ArrayList<>();
            Chan<Integer> in = ch;
            for (int i = 0; i < count; i++) {
                int prime = in.recv();
                out.add(prime);
                Chan<Integer> next = Chan.make();
                Chan<Integer> src = in;
                Go.go(() -> {
                    for (;;) {
                        int v = src.recv();
                        if (v % prime != 0) {
                            next.send(v);
                        }
                    }
                });
                in = next;
            }
            return out;
        });
        List<Integer> expected = new ArrayList<>();
        for (int v = 2; expected.size() < count; v++) {
            boolean isPrime = true;
            for (int p : expected) {
                if (p * p > v) {
                    break;
                }
                if (v % p == 0) {
                    isPrime = false;
                    break;
                }
            }
            if (isPrime) {
                expected.add(v);
            }
        }
        assertEquals(expected, primes);
        // The filters are parked forever on channels nobody else can reach, as in Go's sieve; they are left to GC.
    }
}
