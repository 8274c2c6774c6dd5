package dev.goro.internal.netpoll;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.nio.NioIoEvent;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoOps;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * The fallback where neither native transport is available: a non-blocking JDK {@link SocketChannel} (or
 * {@link ServerSocketChannel}) on Reactor Netty's NIO loop, with the same PollDesc protocol as the native
 * sockets.
 *
 * <p>A selector is level-triggered, so this socket does what an edge-triggered one gets for free: it turns an
 * interest on only when a goroutine is about to park ({@link #arm}, on the loop), and off again as soon as the
 * loop reports it ({@link #readyModes}), or the loop would spin on a readiness nobody consumes. Arming after
 * EAGAIN loses nothing: a readiness that came in between is still there when the selector looks.
 *
 * <p>Threading as {@link Sock}; {@code interest} is loop-confined.
 */
final class NioSock extends Sock implements NioIoHandle {
    private final SelectableChannel channel;
    /** The interest ops currently asked of the selector; loop-confined. */
    private int interest;

    private NioSock(SelectableChannel channel, IoEventLoop loop) throws IOException {
        super(loop);
        this.channel = channel;
        channel.configureBlocking(false);
    }

    static NioSock openSocket(boolean ipv6, IoEventLoop loop) throws IOException {
        return new NioSock(SocketChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET), loop);
    }

    static NioSock openServer(boolean ipv6, IoEventLoop loop) throws IOException {
        return new NioSock(ServerSocketChannel.open(ipv6 ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET), loop);
    }

    private SocketChannel socket() {
        return (SocketChannel) channel;
    }

    @Override
    public SelectableChannel selectableChannel() {
        return channel;
    }

    @Override
    int read(byte[] b, int off, int len) throws IOException {
        return socket().read(ByteBuffer.wrap(b, off, len)); // -1 EOF, 0 nothing yet
    }

    @Override
    int write(byte[] b, int off, int len) throws IOException {
        return socket().write(ByteBuffer.wrap(b, off, len));
    }

    @Override
    Sock accept(IoEventLoop loop) throws IOException {
        SocketChannel c = ((ServerSocketChannel) channel).accept();
        return c == null ? null : new NioSock(c, loop);
    }

    @Override
    boolean connect(InetSocketAddress remote) throws IOException {
        return socket().connect(remote);
    }

    @Override
    boolean finishConnect() throws IOException {
        return socket().finishConnect();
    }

    @Override
    void bindListen(InetSocketAddress local, int backlog) throws IOException {
        ServerSocketChannel s = (ServerSocketChannel) channel;
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        s.bind(local, backlog);
    }

    @Override
    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) (channel instanceof SocketChannel c ? c.getLocalAddress()
                : ((ServerSocketChannel) channel).getLocalAddress());
    }

    @Override
    InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) socket().getRemoteAddress();
    }

    @Override
    void shutdown(boolean input, boolean output) throws IOException {
        if (input) {
            socket().shutdownInput();
        }
        if (output) {
            socket().shutdownOutput();
        }
    }

    @Override
    void setNoDelay(boolean on) throws IOException {
        socket().setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    void setKeepAlive(boolean on) throws IOException {
        socket().setOption(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    void closeFd() throws IOException {
        channel.close(); // the selector's key was cancelled first; the JDK releases the number at its next select
    }

    @Override
    void arm(int mode) {
        int ops;
        if (mode == PollDesc.READ) {
            ops = channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        } else {
            ops = channel instanceof SocketChannel c && c.isConnectionPending() ? SelectionKey.OP_CONNECT
                    : SelectionKey.OP_WRITE;
        }
        Runnable task = () -> { // loop thread
            assert loop.inEventLoop();
            interest |= ops;
            submitInterest();
        };
        try {
            if (loop.inEventLoop()) {
                task.run();
            } else {
                loop.execute(task); // an interest change made off the loop would not wake the selector
            }
        } catch (RejectedExecutionException e) {
            pd.fail(new java.net.SocketException("netpoll: event loop " + loop + " is shut down"));
        }
    }

    /** Loop thread: tell the selector, if registered (else onRegistered will). */
    private void submitInterest() {
        IoRegistration r = reg;
        if (r != null && r.isValid()) {
            r.submit(NioIoOps.valueOf(interest));
        }
    }

    @Override
    void onRegistered(IoRegistration reg) {
        submitInterest(); // interest armed before the registration completed
    }

    @Override
    int readyModes(IoEvent event) {
        int ready = ((NioIoEvent) event).ops().value();
        interest &= ~ready; // level-triggered: stop asking until a goroutine parks again
        submitInterest();
        int modes = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            modes |= PollDesc.READ;
        }
        if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            modes |= PollDesc.WRITE;
        }
        return modes;
    }

    @Override
    public String toString() {
        return "NioSock[" + channel + "]";
    }
}
