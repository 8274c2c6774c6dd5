package dev.goro.internal.time;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The 4-ary timer heap against a sorted reference model: random adds, moves, removes and polls. */
class TimerHeapTest {

    static final class N extends TimerHeap.Node {
        final int id;

        N(int id) {
            this.id = id;
        }

        @Override
        void expire(long now) {
        }
    }

    @Test
    void heap_randomAddMoveRemovePoll_matchesSortedModel() {
        SplittableRandom rnd = new SplittableRandom(1);
        TimerHeap h = new TimerHeap();
        TreeMap<Long, N> model = new TreeMap<>(); // key: when * 1_000_000 + id, unique
        List<N> nodes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            nodes.add(new N(i));
        }
        for (int step = 0; step < 200_000; step++) {
            N n = nodes.get(rnd.nextInt(nodes.size()));
            int op = rnd.nextInt(4);
            if (op <= 1) { // add or move
                if (n.index >= 0) {
                    model.remove(n.heapWhen * 1_000_000 + n.id);
                }
                long when = 1 + rnd.nextInt(10_000);
                h.addOrMove(n, when);
                model.put(when * 1_000_000 + n.id, n);
            } else if (op == 2) {
                boolean was = n.index >= 0;
                if (was) {
                    model.remove(n.heapWhen * 1_000_000 + n.id);
                }
                assertEquals(was, h.remove(n));
                assertEquals(-1, n.index);
            } else if (h.size() > 0) {
                long minWhen = model.firstKey() / 1_000_000;
                TimerHeap.Node top = h.poll();
                assertEquals(minWhen, top.heapWhen);
                model.remove(top.heapWhen * 1_000_000 + ((N) top).id);
                assertEquals(-1, top.index);
            }
            assertEquals(model.size(), h.size());
            if (step % 1000 == 0) {
                h.verify();
            }
        }
        h.verify();
        long last = Long.MIN_VALUE;
        while (h.size() > 0) {
            TimerHeap.Node top = h.poll();
            assertTrue(top.heapWhen >= last);
            last = top.heapWhen;
        }
    }
}
