package dev.goro;

import java.util.Iterator;

/**
 * The receiving side of a channel (Go's {@code <-chan T}): hand it to code that may only receive. {@link Chan} is
 * its only implementation; timer channels ({@link Time#after}, {@link Timer#channel()}) are handed out as this
 * type. Iterating ({@code for (T v : ch)}) is Go's {@code for v := range ch}.
 *
 * @param <T> element type (elements are never null)
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {

    /**
     * Receives a value (Go's {@code v := <-ch}): from the buffer, or from a waiting sender, or waits for one.
     * Returns null once the channel is closed and drained.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason "chan receive"), or blocks a plain
     * thread, while the channel is open and has nothing to receive. On the nil channel it blocks forever (wait
     * reason "chan receive (nil chan)").
     *
     * @throws GoInterruptedException if the caller is interrupted before or while waiting; nothing was consumed
     * @throws ChanClosedException    if the channel was closed with an error and is drained
     */
    T recv();

    /**
     * Receives a value and whether it came from a send (Go's {@code v, ok := <-ch}). On a closed, drained channel
     * returns {@code (null, false)} at once.
     *
     * <p><strong>Blocking:</strong> as {@link #recv()}.
     *
     * @throws GoInterruptedException if the caller is interrupted before or while waiting; nothing was consumed
     * @throws ChanClosedException    if the channel was closed with an error and is drained
     */
    Received<T> recvOk();

    /**
     * Receives a value only if one is ready now (Go's {@code select} with a receive case and a {@code default}).
     * Never blocks. Returns null when nothing is ready and also when the channel is closed and drained: use
     * {@link #tryRecvOk()} to tell those apart.
     *
     * @throws ChanClosedException if the channel was closed with an error and is drained
     */
    T tryRecv();

    /**
     * Receives without blocking, telling the three outcomes apart: null when nothing is ready (or on the nil
     * channel), {@code (v, true)} for a value, {@code (null, false)} when the channel is closed and drained.
     *
     * @throws ChanClosedException if the channel was closed with an error and is drained
     */
    Received<T> tryRecvOk();

    /**
     * Go's {@code for v := range ch}: each {@code hasNext()} receives (blocking as {@link #recv()}) and the
     * iteration ends when the channel is closed and drained. {@code hasNext()} throws
     * {@link GoInterruptedException} if the caller is interrupted while waiting, and
     * {@link ChanClosedException} at the end of a channel {@linkplain SendChan#close(Throwable) closed with an
     * error}.
     */
    @Override
    Iterator<T> iterator();

    /** Number of values in the buffer (Go's {@code len(ch)}); a snapshot. 0 for unbuffered, nil and timer channels. */
    int len();

    /** Buffer capacity (Go's {@code cap(ch)}); 0 for unbuffered, nil and timer channels. */
    int cap();

    /** Whether the channel has been closed (a snapshot; Go has no such operation). False for the nil channel. */
    boolean isClosed();
}
