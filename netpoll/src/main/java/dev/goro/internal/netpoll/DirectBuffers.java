package dev.goro.internal.netpoll;

import java.nio.ByteBuffer;
import org.jctools.queues.MpmcArrayQueue;

/**
 * Direct buffers lent for the length of one non-blocking system call. Netty's native recv/send need native
 * memory, and goroutine code hands in {@code byte[]}: one copy per call is unavoidable, but a buffer per
 * connection (10k idle connections &times; 64 KiB) is not. Since a loan never spans a park, about one buffer per
 * carrier is in use at a time; the pool keeps a few more and lets the GC take any surplus. Any thread.
 */
final class DirectBuffers {
    /** Bytes per system call: enough for loopback throughput (the kernel's socket buffers are larger). */
    static final int SIZE = 64 * 1024;
    /** Buffers kept for reuse: a few per processor. */
    private static final int KEEP = Math.max(8, 4 * java.lang.Runtime.getRuntime().availableProcessors());
    private static final MpmcArrayQueue<ByteBuffer> FREE = new MpmcArrayQueue<>(KEEP);

    private DirectBuffers() {
    }

    static ByteBuffer take() {
        ByteBuffer b = FREE.poll();
        return b != null ? b : ByteBuffer.allocateDirect(SIZE);
    }

    static void give(ByteBuffer b) {
        FREE.offer(b); // full: dropped, the GC frees it
    }
}
