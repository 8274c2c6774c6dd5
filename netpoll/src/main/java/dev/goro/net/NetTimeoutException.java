package dev.goro.net;

import java.net.SocketTimeoutException;

/**
 * A read, write, accept or dial passed its deadline (Go's {@code os.ErrDeadlineExceeded}, text
 * {@code "i/o timeout"}), e.g. {@code "read tcp 127.0.0.1:5000->127.0.0.1:40312: i/o timeout"}. The connection
 * stays usable: move the deadline and try again. For a write, {@link #bytesTransferred} tells how many bytes
 * went out before the deadline.
 */
public class NetTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /** A timeout with the given message. */
    public NetTimeoutException(String message) {
        super(message);
    }
}
