package dev.goro.reactor.debug;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.FluxSink;

/**
 * An OutputStream that hands what is written to a {@link FluxSink} in chunks, one chunk per unit of
 * downstream demand: the writer waits while the subscriber has asked for nothing, so the bytes in flight stay
 * within the chunks requested, however much the writer has to say (a dump of a million goroutines).
 *
 * <p><b>Threads.</b> One producer thread writes (a goroutine; its wait for demand parks only the goroutine).
 * {@link #request} and {@link #cancel} come from the subscriber's side (a Netty event loop) and never wait:
 * they take the lock for a few instructions and signal.
 */
final class ChunkedOutput extends OutputStream {
    /** Bytes per chunk: enough to amortize a network write, small enough that a few in flight cost nothing. */
    static final int CHUNK = 32 * 1024;

    private final FluxSink<byte[]> sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition demandOrCancel = lock.newCondition();
    /** Chunks the subscriber asked for and has not received; guarded by lock. */
    private long requested;
    /** The subscriber went away; guarded by lock. */
    private boolean cancelled;

    /** Producer only: the chunk being filled. */
    private final byte[] buf = new byte[CHUNK];
    private int len;

    ChunkedOutput(FluxSink<byte[]> sink) {
        this.sink = sink;
    }

    /** Subscriber side: {@code n} more chunks may be sent. Never waits for long. */
    void request(long n) {
        lock.lock();
        try {
            requested = requested + n < 0 ? Long.MAX_VALUE : requested + n; // saturate: MAX_VALUE means unbounded
            demandOrCancel.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Subscriber side: nothing more is wanted; the producer's next emit fails. Never waits for long. */
    void cancel() {
        lock.lock();
        try {
            cancelled = true;
            demandOrCancel.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (len == CHUNK) {
            emit();
        }
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            if (len == CHUNK) {
                emit();
            }
            int k = Math.min(n, CHUNK - len);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
        }
    }

    /** Sends what is buffered (the writers flush once, at the end). */
    @Override
    public void flush() throws IOException {
        if (len > 0) {
            emit();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    /**
     * Producer only: waits for demand, then sends the buffered bytes as one chunk.
     *
     * @throws IOException if the subscriber cancelled, so the writer stops producing
     */
    private void emit() throws IOException {
        lock.lock();
        try {
            while (requested == 0 && !cancelled) {
                demandOrCancel.awaitUninterruptibly(); // a goroutine: parks the goroutine, not its carrier
            }
            if (cancelled) {
                throw new IOException("response cancelled by the client");
            }
            if (requested != Long.MAX_VALUE) {
                requested--;
            }
        } finally {
            lock.unlock();
        }
        sink.next(Arrays.copyOf(buf, len)); // outside the lock: the sink may call request() synchronously
        len = 0;
    }
}
