package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void spawnMillion() throws Exception {
        assertTrue(Runtime.usesGoroScheduler());
        long t0 = System.nanoTime();
        int n = 1_000_000;
        AtomicLong sum = new AtomicLong();
        long r = Go.main(() -> {
            CountDownLatch latch = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int v = i;
                Go.go(() -> { sum.addAndGet(v); latch.countDown(); });
            }
            latch.await();
            return sum.get();
        });
        assertEquals((long) n * (n - 1) / 2, r);
        System.out.println("spawn 1M: " + (System.nanoTime() - t0) / 1e6 + " ms " + Runtime.schedStats());
    }

    @Test
    void pingPong() throws Exception {
        int n = 200_000;
        long t0 = System.nanoTime();
        Go.main(() -> {
            SynchronousQueue<Integer> a = new SynchronousQueue<>(), b = new SynchronousQueue<>();
            Go.go(() -> { try { for (int i = 0; i < n; i++) b.put(a.take() + 1); } catch (InterruptedException e) { } });
            for (int i = 0; i < n; i++) { a.put(i); assertEquals(i + 1, b.take()); }
            return null;
        });
        System.out.println("pingpong ns/rt: " + (System.nanoTime() - t0) / n + " " + Runtime.schedStats());
    }
}
