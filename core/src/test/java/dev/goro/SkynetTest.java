package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The skynet benchmark as a sanity test: a tree of goroutines, 10 children per node, one million leaves; each
 * leaf sends its number up an unbuffered channel and each node sends the sum of its children. 1,111,111
 * goroutines and as many channels; the sum must be 0 + 1 + ... + 999,999.
 */
@Timeout(120)
class SkynetTest {

    static void skynet(SendChan<Long> c, long num, long size, int div) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make();
        long sub = size / div;
        for (int i = 0; i < div; i++) {
            long subNum = num + i * sub;
            Go.go(() -> skynet(rc, subNum, sub, div));
        }
        long sum = 0;
        for (int i = 0; i < div; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }

    @Test
    void skynet_millionLeaves_sumsAllLeafNumbers() throws Exception {
        long leaves = 1_000_000;
        long t0 = System.nanoTime();
        long sum = Go.main(() -> {
            Chan<Long> c = Chan.make();
            Go.go(() -> skynet(c, 0, leaves, 10));
            return c.recv();
        });
        assertEquals(leaves * (leaves - 1) / 2, sum);
        System.out.printf("skynet 1M leaves: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
