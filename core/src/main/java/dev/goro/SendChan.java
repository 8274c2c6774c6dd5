package dev.goro;

/**
 * The sending side of a channel (Go's {@code chan<- T}): hand it to code that may only send and close.
 * {@link Chan} is its only implementation.
 *
 * @param <T> element type (elements are never null)
 */
public sealed interface SendChan<T> permits Chan {

    /**
     * Sends {@code value} (Go's {@code ch <- v}): hands it to a waiting receiver, or puts it in the buffer, or
     * waits until one of those is possible.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason "chan send"), or blocks a plain
     * thread, while no receiver is waiting and the buffer is full. On the nil channel it blocks forever (wait reason
     * "chan send (nil chan)").
     *
     * @throws NullPointerException  if {@code value} is null
     * @throws IllegalStateException "send on closed channel" if the channel is closed, or is closed while the
     *                               sender waits
     * @throws GoInterruptedException if the caller is interrupted before or while waiting; nothing was sent
     */
    void send(T value);

    /**
     * Sends {@code value} only if that can be done without waiting (Go's {@code select} with a send case and a
     * {@code default}). Never blocks; false on the nil channel.
     *
     * @return true if the value was handed to a receiver or buffered
     * @throws NullPointerException  if {@code value} is null
     * @throws IllegalStateException "send on closed channel" if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Closes the channel (Go's {@code close(ch)}): no more values may be sent; receivers drain the buffer and then
     * get null / {@code ok == false}. Every parked receiver and sender wakes (senders then throw). Never blocks.
     *
     * @throws IllegalStateException "close of closed channel" on a second close, "close of nil channel" on the nil
     *                               channel
     */
    void close();

    /**
     * Closes the channel with an error (a goro extension; Go has none): as {@link #close()}, no more values may
     * be sent and every parked sender wakes and throws; receivers still drain the buffered values, in order, and
     * from then on every receive ({@code recv}, {@code recvOk}, {@code tryRecv}, {@code tryRecvOk}, a select
     * receive case that is chosen, iteration's {@code hasNext}) throws {@link ChanClosedException} whose cause
     * is {@code cause}, instead of returning null / {@code ok == false}. Parked receivers wake and throw it. Use it
     * when the producer failed and its receivers must learn why, after the values it did produce. Never blocks.
     *
     * @throws NullPointerException  if {@code cause} is null (use {@link #close()})
     * @throws IllegalStateException "close of closed channel" on a second close, "close of nil channel" on the nil
     *                               channel
     */
    void close(Throwable cause);

    /** Number of values in the buffer (Go's {@code len(ch)}); a snapshot. 0 for unbuffered, nil and timer channels. */
    int len();

    /** Buffer capacity (Go's {@code cap(ch)}); 0 for unbuffered, nil and timer channels. */
    int cap();

    /** Whether the channel has been closed (a snapshot; Go has no such operation). False for the nil channel. */
    boolean isClosed();
}
