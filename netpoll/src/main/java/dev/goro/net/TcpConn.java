package dev.goro.net;

import dev.goro.internal.netpoll.NetFd;
import dev.goro.internal.netpoll.PollDesc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Instant;

/** {@link Conn} over a {@link NetFd}. Threading as {@link Conn}. */
final class TcpConn implements Conn {
    private final NetFd fd;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    TcpConn(NetFd fd) {
        this.fd = fd;
    }

    /** The descriptor (tests reach the loop through it). */
    NetFd fd() {
        return fd;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return fd.read(b, off, len);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        fd.write(b, off, len);
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public void closeWrite() throws IOException {
        fd.shutdown(false, true);
    }

    @Override
    public void closeRead() throws IOException {
        fd.shutdown(true, false);
    }

    @Override
    public InetSocketAddress localAddress() {
        return fd.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return fd.remoteAddress();
    }

    @Override
    public void setDeadline(Instant deadline) throws SocketException {
        fd.setDeadline(PollDesc.READ | PollDesc.WRITE, Network.deadlineNanos(deadline));
    }

    @Override
    public void setReadDeadline(Instant deadline) throws SocketException {
        fd.setDeadline(PollDesc.READ, Network.deadlineNanos(deadline));
    }

    @Override
    public void setWriteDeadline(Instant deadline) throws SocketException {
        fd.setDeadline(PollDesc.WRITE, Network.deadlineNanos(deadline));
    }

    @Override
    public void setNoDelay(boolean on) throws SocketException {
        fd.setOption(true, on);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        fd.setOption(false, on);
    }

    @Override
    public InputStream inputStream() {
        return in;
    }

    @Override
    public OutputStream outputStream() {
        return out;
    }

    @Override
    public String toString() {
        return "Conn[" + fd.localAddress() + "->" + fd.remoteAddress() + (fd.isClosed() ? ", closed]" : "]");
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = fd.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return fd.read(b, off, len);
        }

        @Override
        public void close() {
            fd.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            fd.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            fd.write(b, off, len);
        }

        @Override
        public void close() {
            fd.close();
        }
    }
}
