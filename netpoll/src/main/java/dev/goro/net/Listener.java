package dev.goro.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening TCP socket owned by goroutines (Go's {@code net.Listener}), from {@link Net#listen}.
 *
 * <p><strong>Threading:</strong> any goroutine or plain thread; several goroutines may accept at once (they
 * take turns). {@link #close} may be called from anywhere and wakes parked accepts with
 * {@link ClosedConnectionException}; connections already accepted stay open.
 */
public interface Listener extends AutoCloseable {

    /**
     * Waits for the next connection and returns it.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine in "IO wait" until a connection arrives or the
     * listener closes.
     *
     * @throws ClosedConnectionException once the listener is closed
     * @throws java.net.SocketException e.g. "too many open files"
     */
    Conn accept() throws IOException;

    /** Stops listening and releases the port; idempotent. */
    @Override
    void close();

    /** The address listened on, with the actual port when ":0" was asked. */
    InetSocketAddress address();
}
