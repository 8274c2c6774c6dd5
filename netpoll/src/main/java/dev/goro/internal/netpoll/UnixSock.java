package dev.goro.internal.netpoll;

import io.netty.channel.IoEventLoop;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The system calls of Netty's native {@link Socket}, shared by the epoll and kqueue transports. Return
 * conventions are Netty's: {@code recv} gives -1 at end of stream and 0 for EAGAIN, {@code send} 0 for EAGAIN,
 * {@code accept} -1 for EAGAIN; errors are {@link Errors.NativeIoException} with the negative errno.
 * Threading as {@link Sock}.
 */
abstract class UnixSock extends Sock {
    final Socket socket;

    UnixSock(Socket socket, IoEventLoop loop) {
        super(loop);
        this.socket = socket;
    }

    /** Wraps an accepted descriptor for {@code loop}. */
    abstract UnixSock wrapAccepted(int fd, IoEventLoop loop);

    @Override
    final int read(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = DirectBuffers.take();
        try {
            int n = socket.recv(buf, 0, Math.min(len, buf.capacity()));
            if (n > 0) {
                buf.get(0, b, off, n);
            }
            return n;
        } finally {
            DirectBuffers.give(buf);
        }
    }

    @Override
    final int write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = DirectBuffers.take();
        try {
            int chunk = Math.min(len, buf.capacity());
            buf.put(0, b, off, chunk);
            return socket.send(buf, 0, chunk);
        } finally {
            DirectBuffers.give(buf);
        }
    }

    @Override
    final Sock accept(IoEventLoop loop) throws IOException {
        byte[] addr = new byte[26]; // Netty's layout: length byte, then address and port (unused: getpeername later)
        for (;;) {
            int fd;
            try {
                fd = socket.accept(addr);
            } catch (Errors.NativeIoException e) {
                if (NetErrors.isConnAborted(e.expectedErr())) {
                    continue; // Go retries ECONNABORTED: the peer gave up before we accepted
                }
                throw e;
            }
            return fd == -1 ? null : wrapAccepted(fd, loop);
        }
    }

    @Override
    final boolean connect(InetSocketAddress remote) throws IOException {
        return socket.connect(remote);
    }

    @Override
    final boolean finishConnect() throws IOException {
        int err = socket.getSoError(); // positive errno, and reading it clears it
        if (err != 0) {
            throw Errors.newIOException("connect", -err);
        }
        // SO_ERROR 0 may be a spurious wake-up before the handshake ended: connected only if the peer is known
        // (Go's getpeername check, issues 14548 and 19289).
        return socket.remoteAddress() != null;
    }

    @Override
    final void bindListen(InetSocketAddress local, int backlog) throws IOException {
        socket.setReuseAddress(true);
        socket.bind(local);
        socket.listen(backlog);
    }

    @Override
    final InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    final InetSocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    final void shutdown(boolean input, boolean output) throws IOException {
        socket.shutdown(input, output);
    }

    @Override
    final void setNoDelay(boolean on) throws IOException {
        socket.setTcpNoDelay(on);
    }

    @Override
    final void setKeepAlive(boolean on) throws IOException {
        socket.setKeepAlive(on);
    }

    @Override
    final void closeFd() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + socket + "]";
    }
}
