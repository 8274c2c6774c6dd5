package dev.goro.internal.netpoll;

import dev.goro.net.ClosedConnectionException;
import dev.goro.net.NetTimeoutException;
import io.netty.channel.unix.Errors;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Go's texts and Go's {@code net.OpError} shape ({@code "read tcp 127.0.0.1:5000->127.0.0.1:40312: connection
 * reset by peer"}) on Java's exception classes: a failed connect is a {@link ConnectException}, a failed bind a
 * {@link BindException}, a deadline a {@link NetTimeoutException} (a {@code SocketTimeoutException}), a closed
 * connection a {@link ClosedConnectionException}. Any thread.
 */
public final class NetErrors {
    /** Go's {@code net.ErrClosed} text. */
    public static final String CLOSED = "use of closed network connection";
    /** Go's {@code os.ErrDeadlineExceeded} text. */
    public static final String TIMEOUT = "i/o timeout";
    private static final boolean BSD = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /** ECONNABORTED: Linux 103, BSD and macOS 53 (Netty publishes no constant for it). */
    private static final int ECONNABORTED = BSD ? 53 : 103;

    private NetErrors() {
    }

    static boolean isConnAborted(int negativeErrno) {
        return negativeErrno == -ECONNABORTED;
    }

    /** Go's address form: {@code 127.0.0.1:80}, {@code [::1]:80}; "" for null. */
    public static String format(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        return a.isUnresolved() ? a.getHostString() + ":" + a.getPort() : NetUtil.toSocketAddressString(a);
    }

    /** {@code "op tcp src->addr: "}, leaving out what is null. */
    static String prefix(String op, InetSocketAddress src, InetSocketAddress addr) {
        StringBuilder sb = new StringBuilder(64).append(op).append(" tcp");
        if (src != null || addr != null) {
            sb.append(' ');
            if (src != null && addr != null) {
                sb.append(format(src)).append("->");
            }
            sb.append(format(addr != null ? addr : src));
        }
        return sb.append(": ").toString();
    }

    static ClosedConnectionException closed(String op, InetSocketAddress src, InetSocketAddress addr) {
        return new ClosedConnectionException(prefix(op, src, addr) + CLOSED);
    }

    static NetTimeoutException timeout(String op, InetSocketAddress src, InetSocketAddress addr, int transferred) {
        NetTimeoutException e = new NetTimeoutException(prefix(op, src, addr) + TIMEOUT);
        e.bytesTransferred = transferred;
        return e;
    }

    /** The exception for a {@link PollDesc#checkErr} code other than OK. */
    static IOException pollError(int code, PollDesc pd, String op, InetSocketAddress src, InetSocketAddress addr,
                                 int transferred) {
        return switch (code) {
            case PollDesc.ERR_CLOSING -> closed(op, src, addr);
            case PollDesc.ERR_TIMEOUT -> timeout(op, src, addr, transferred);
            default -> new SocketException(prefix(op, src, addr) + pd.error().getMessage(), pd.error());
        };
    }

    /**
     * A system call's exception, renamed in Go's shape and kept in Java's class family. {@code syscall} is
     * Go's inner label ("connect", "bind") or null (reads and writes carry none in Go's texts).
     */
    static IOException wrap(IOException e, String op, String syscall, InetSocketAddress src,
                            InetSocketAddress addr) {
        if (e instanceof ClosedConnectionException || e instanceof NetTimeoutException) {
            return e;
        }
        String msg = prefix(op, src, addr) + (syscall != null ? syscall + ": " : "") + detail(e);
        IOException out;
        if (e instanceof ClosedChannelException) {
            out = new ClosedConnectionException(prefix(op, src, addr) + CLOSED);
        } else if (e instanceof NoRouteToHostException || isUnreachable(e)) {
            out = new NoRouteToHostException(msg);
        } else if (e instanceof ConnectException || "connect".equals(syscall)) {
            out = new ConnectException(msg);
        } else if (e instanceof BindException || "bind".equals(syscall)) {
            out = new BindException(msg);
        } else {
            out = new SocketException(msg);
        }
        out.initCause(e);
        return out;
    }

    /**
     * ENETUNREACH or EHOSTUNREACH from a native call. Netty's {@code Errors} constants need the native library,
     * so they are read only once a native exception proves it loaded (the NIO fallback never gets here).
     */
    private static boolean isUnreachable(IOException e) {
        return e instanceof Errors.NativeIoException n && (n.expectedErr() == Errors.ERROR_ENETUNREACH_NEGATIVE
                || n.expectedErr() == Errors.ERROR_EHOSTUNREACH_NEGATIVE);
    }

    /**
     * The errno text in Go's case: Netty's {@code "connect(..) failed with error(-111): Connection refused"}
     * and the JDK's {@code "Connection refused"} both become {@code "connection refused"}.
     */
    static String detail(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        int i = m.lastIndexOf("): ");
        if (i >= 0) {
            m = m.substring(i + 3);
        } else if ((i = m.indexOf("(..) failed: ")) >= 0) {
            m = m.substring(i + "(..) failed: ".length());
        }
        m = m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
        // The JDK shortens ECONNRESET's strerror; Go prints it whole.
        return m.equals("connection reset") ? "connection reset by peer" : m;
    }
}
