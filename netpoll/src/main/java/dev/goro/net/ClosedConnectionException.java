package dev.goro.net;

import java.net.SocketException;

/**
 * An operation on a {@link Conn} or {@link Listener} that was closed (by any goroutine, before or during the
 * operation): Go's {@code net.ErrClosed}, text {@code "use of closed network connection"}, e.g.
 * {@code "accept tcp 127.0.0.1:8080: use of closed network connection"}. A peer's close is not this: it
 * shows as end of stream (read returns -1) or a reset.
 */
public class ClosedConnectionException extends SocketException {
    private static final long serialVersionUID = 1L;

    /** A closed-connection failure with the given message. */
    public ClosedConnectionException(String message) {
        super(message);
    }
}
