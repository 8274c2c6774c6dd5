package dev.goro.internal.time;

import dev.goro.internal.sched.GoroFatalError;
import java.util.Arrays;

/**
 * A 4-ary min-heap of {@link TimerHeap.Node}s ordered by their deadline, with each node's index stored in it so
 * that removal and rescheduling cost O(log n) (Go's {@code timers.heap}, runtime/time.go, {@code timerHeapN = 4}).
 * A 4-ary heap is shallower than a binary one (log4 n levels: 10 for a million timers) and its four children sit
 * next to each other in the array, so a sift touches fewer cache lines.
 *
 * <p>Not thread-safe: {@link TimerQueue} guards it with its lock. The array shrinks when it is mostly empty, so a
 * burst of a million timers does not pin a large array forever.
 */
final class TimerHeap {
    /** Arity, Go's timerHeapN. */
    static final int N = 4;
    private static final int MIN_CAPACITY = 64;

    /** A heap element. Fields guarded by the owning heap's lock. */
    abstract static class Node {
        /** The deadline this node is filed under ({@link TimerQueue#now()} time base). */
        long heapWhen;
        /** Position in the heap array, or -1 when not in a heap. */
        int index = -1;

        /**
         * Called on the timer thread once the node's deadline has passed and it has been taken out of the heap,
         * with no lock held. {@code now} is the Clock reading the deadline was compared with.
         */
        abstract void expire(long now);
    }

    private Node[] heap = new Node[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** The earliest node, or null if empty. */
    Node min() {
        return size == 0 ? null : heap[0];
    }

    /** Files {@code n} under {@code when}: inserts it, or moves it if it is already in this heap. */
    void addOrMove(Node n, long when) {
        int i = n.index;
        if (i >= 0) {
            if (i >= size || heap[i] != n) {
                throw new GoroFatalError("TimerHeap.addOrMove: node in another heap");
            }
            long old = n.heapWhen;
            n.heapWhen = when;
            if (when < old) {
                siftUp(i);
            } else if (when > old) {
                siftDown(i);
            }
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        n.heapWhen = when;
        heap[size] = n;
        n.index = size;
        size++;
        siftUp(size - 1);
    }

    /** Removes {@code n}; false if it was not in the heap. */
    boolean remove(Node n) {
        int i = n.index;
        if (i < 0) {
            return false;
        }
        if (i >= size || heap[i] != n) {
            throw new GoroFatalError("TimerHeap.remove: corrupt index");
        }
        int last = --size;
        Node moved = heap[last];
        heap[last] = null;
        n.index = -1;
        if (i != last) {
            heap[i] = moved;
            moved.index = i;
            siftUp(i);
            siftDown(moved.index);
        }
        maybeShrink();
        return true;
    }

    /** Removes and returns the earliest node. */
    Node poll() {
        Node top = heap[0];
        remove(top);
        return top;
    }

    private void maybeShrink() {
        if (heap.length > MIN_CAPACITY && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(MIN_CAPACITY, heap.length / 2));
        }
    }

    private void siftUp(int i) {
        Node n = heap[i];
        long when = n.heapWhen;
        while (i > 0) {
            int p = (i - 1) / N;
            Node parent = heap[p];
            if (when >= parent.heapWhen) {
                break;
            }
            heap[i] = parent;
            parent.index = i;
            i = p;
        }
        heap[i] = n;
        n.index = i;
    }

    private void siftDown(int i) {
        Node n = heap[i];
        long when = n.heapWhen;
        for (;;) {
            int first = i * N + 1;
            if (first >= size) {
                break;
            }
            int c = -1;
            long w = when;
            int end = Math.min(first + N, size);
            for (int j = first; j < end; j++) {
                if (heap[j].heapWhen < w) {
                    w = heap[j].heapWhen;
                    c = j;
                }
            }
            if (c < 0) {
                break;
            }
            Node child = heap[c];
            heap[i] = child;
            child.index = i;
            i = c;
        }
        heap[i] = n;
        n.index = i;
    }

    /** Checks the heap order and every index; for tests. */
    void verify() {
        for (int i = 0; i < size; i++) {
            if (heap[i].index != i) {
                throw new GoroFatalError("TimerHeap.verify: bad index at " + i);
            }
            if (i > 0 && heap[i].heapWhen < heap[(i - 1) / N].heapWhen) {
                throw new GoroFatalError("TimerHeap.verify: bad order at " + i);
            }
        }
    }
}
