package dev.goro.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Instant;

/**
 * A TCP connection owned by goroutines (Go's {@code net.Conn} / {@code *net.TCPConn}), from {@link Net#dial} or
 * {@link Listener#accept}. The goroutine makes the system calls itself; when the socket is not ready it parks
 * in "IO wait" and the event loop that polls the socket wakes it. Created with TCP_NODELAY and SO_KEEPALIVE on,
 * as Go's are.
 *
 * <p><strong>Threading:</strong> any goroutine or plain thread. One read and one write may run at the same time;
 * concurrent reads (or writes) take turns. {@link #close} may be called at any time from anywhere and wakes every
 * parked operation with a {@link ClosedConnectionException}.
 *
 * <p><strong>Blocking:</strong> {@link #read}, {@link #write} park the calling goroutine (not its carrier) in
 * "IO wait"; on a plain thread they block it. An interrupted goroutine gets {@link dev.goro.GoInterruptedException}
 * before it would park (for a write, bytes already sent stay sent).
 *
 * <p><strong>Deadlines</strong> (Go's SetDeadline): an absolute time after which reads and/or writes fail
 * with a {@link NetTimeoutException}, including ones already parked; null means none. A deadline can be moved
 * at any time, also while a goroutine waits: the waiter re-arms with the new value.
 */
public interface Conn extends AutoCloseable {

    /**
     * Reads up to {@code len} bytes into {@code b[off..]}: the number read (&gt; 0), or -1 once the peer has
     * closed or half-closed its side (Go's io.EOF). A zero {@code len} returns 0 at once.
     *
     * <p><strong>Blocking:</strong> parks in "IO wait" until some bytes arrive, the deadline passes or the
     * connection closes.
     *
     * @throws NetTimeoutException past the read deadline
     * @throws ClosedConnectionException if this connection is (or gets) closed
     * @throws SocketException on a reset by the peer ("connection reset by peer") and other socket errors
     * @throws IndexOutOfBoundsException if the range is outside {@code b}
     */
    int read(byte[] b, int off, int len) throws IOException;

    /** {@code read(b, 0, b.length)}. */
    default int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    /**
     * Writes all of {@code b[off..off+len)} (Go's Write, which returns only when everything is written or
     * fails).
     *
     * <p><strong>Blocking:</strong> parks in "IO wait" whenever the socket's send buffer is full, so a slow
     * reader slows the writer down instead of piling up memory.
     *
     * @throws NetTimeoutException past the write deadline ({@code bytesTransferred} says how much was sent)
     * @throws ClosedConnectionException if this connection is (or gets) closed
     * @throws SocketException e.g. "broken pipe" when the peer has gone away
     */
    void write(byte[] b, int off, int len) throws IOException;

    /** {@code write(b, 0, b.length)}. */
    default void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Closes the connection: parked reads and writes fail with {@link ClosedConnectionException}, later ones
     * too, and the descriptor is deregistered from its event loop and released exactly once. Returns when it is
     * released (except on an event-loop thread, which never waits). A second close does nothing (Java's
     * {@code Closeable} contract; Go would return an error).
     */
    @Override
    void close();

    /** Shuts down the sending side (Go's CloseWrite): the peer reads end of stream; reading here goes on. */
    void closeWrite() throws IOException;

    /** Shuts down the receiving side (Go's CloseRead): later reads return -1. */
    void closeRead() throws IOException;

    /** This end's address. */
    InetSocketAddress localAddress();

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** Sets both the read and the write deadline; null clears them. */
    void setDeadline(Instant deadline) throws SocketException;

    /** Sets the read deadline; null clears it. */
    void setReadDeadline(Instant deadline) throws SocketException;

    /** Sets the write deadline; null clears it. */
    void setWriteDeadline(Instant deadline) throws SocketException;

    /** TCP_NODELAY (Go's SetNoDelay; on by default): send small writes at once instead of coalescing them. */
    void setNoDelay(boolean on) throws SocketException;

    /** SO_KEEPALIVE (Go's SetKeepAlive; on by default). */
    void setKeepAlive(boolean on) throws SocketException;

    /**
     * This connection as an {@link InputStream}, for blocking-style code in goroutines: {@code read} is
     * {@link #read(byte[], int, int)} and {@code close} closes the connection (as {@code java.net.Socket}'s
     * streams do). Same object on every call.
     */
    InputStream inputStream();

    /** This connection as an {@link OutputStream}; {@code flush} does nothing (nothing is buffered). */
    OutputStream outputStream();
}
