package dev.goro.net;

import dev.goro.internal.netpoll.NetFd;
import dev.goro.internal.netpoll.Poller;
import java.io.IOException;
import java.net.InetSocketAddress;

/** {@link Listener} over a listening {@link NetFd}; accepted sockets spread over the poller's loops. */
final class TcpListener implements Listener {
    private final NetFd fd;
    private final Poller poller;

    TcpListener(NetFd fd, Poller poller) {
        this.fd = fd;
        this.poller = poller;
    }

    @Override
    public Conn accept() throws IOException {
        return new TcpConn(fd.accept(poller));
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public InetSocketAddress address() {
        return fd.localAddress();
    }

    @Override
    public String toString() {
        return "Listener[" + fd.localAddress() + (fd.isClosed() ? ", closed]" : "]");
    }
}
