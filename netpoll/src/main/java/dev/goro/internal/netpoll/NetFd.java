package dev.goro.internal.netpoll;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import reactor.core.scheduler.Schedulers;

/**
 * A goroutine-owned TCP descriptor, after Go's {@code net.netFD} and {@code internal/poll.FD}
 * (src/net/fd_unix.go, src/internal/poll/fd_unix.go): the system-call loops that retry on EAGAIN after waiting
 * on the {@link PollDesc}, the reference count that keeps the number alive during every call, and close.
 *
 * <h2>Threading</h2>
 * Every method: any goroutine or plain thread. Reads are serialized among readers and writes among writers
 * (FdMutex), a read and a write run in parallel, and {@link #close} may run concurrently with both.
 *
 * <h2>The I/O loop (Go's fd.Read)</h2>
 * <pre>
 *   rwlock(read) -- fails with "use of closed network connection" once closing
 *   prepare(READ) -- fails on a passed deadline; clears a stale READY
 *   loop: n = recv()          n &gt; 0 or EOF: return it
 *         EAGAIN: arm, waitIo(READ) -- parks in "IO wait" until the loop's edge, close, deadline
 *   rwunlock -- the last reference after close destroys the descriptor
 * </pre>
 *
 * <h2>Close (Go's fd.Close)</h2>
 * Set closed and take a reference (no new operation starts), evict the PollDesc (parked readers and writers
 * wake and fail), drop the reference; whoever drops the last one destroys: deregister on the loop, then
 * close(2) (see {@link Sock}). Close then waits for that, so the number is released when it returns, except
 * on an event-loop thread, which must never wait for its own loop. Unlike Go's, a second close is a no-op, as
 * Java's {@code Closeable} asks.
 */
public final class NetFd {
    /** Go's maxRW: no single system call moves more than 1 GiB. */
    private static final int MAX_RW = 1 << 30;

    private final Sock sock;
    private final FdMutex mu;
    private final PollDesc pd;
    /** Addresses, fixed once connected or bound (Go's netFD laddr/raddr); used in messages after close too. */
    private volatile InetSocketAddress laddr, raddr;

    private NetFd(Sock sock) {
        this.sock = sock;
        this.pd = sock.pd;
        this.mu = new FdMutex(sock::destroy);
    }

    // ---- creating ----

    /**
     * Go's {@code socket} + {@code connect} for a dial: connect, register, then wait for write readiness (up to
     * {@code deadline}, {@link dev.goro.internal.sched.Clock} nanos or 0) and check SO_ERROR.
     */
    public static NetFd dial(Poller poller, InetSocketAddress remote, long deadline) throws IOException {
        GoInterruptedException.throwIfInterrupted("dial");
        Sock s;
        try {
            s = poller.newSocket(remote.getAddress() instanceof Inet6Address);
        } catch (IOException | RuntimeException e) {
            throw NetErrors.wrap(e instanceof IOException io ? io : new IOException(e), "dial", "socket", null,
                    remote);
        }
        NetFd fd = new NetFd(s);
        boolean ok = false;
        try {
            boolean connected;
            try {
                connected = s.connect(remote);
            } catch (IOException e) {
                throw NetErrors.wrap(e, "dial", "connect", null, remote);
            }
            s.register(); // only now: an unconnected socket reports HUP to epoll
            if (!connected) {
                fd.pd.setDeadline(PollDesc.WRITE, deadline);
                for (;;) {
                    s.arm(PollDesc.WRITE);
                    int err = fd.waitIo(PollDesc.WRITE, "dial");
                    if (err != PollDesc.OK) {
                        throw NetErrors.pollError(err, fd.pd, "dial", null, remote, 0);
                    }
                    try {
                        if (s.finishConnect()) {
                            break;
                        }
                    } catch (IOException e) {
                        throw NetErrors.wrap(e, "dial", "connect", null, remote);
                    }
                }
                fd.pd.setDeadline(PollDesc.WRITE, 0);
            }
            fd.setAddrs();
            s.setNoDelay(true); // Go's default for TCP connections
            s.setKeepAlive(true); // likewise
            ok = true;
            return fd;
        } finally {
            if (!ok) {
                fd.close();
            }
        }
    }

    /** Go's {@code socket} + {@code listenStream}: bind (SO_REUSEADDR), listen, register. */
    public static NetFd listen(Poller poller, InetSocketAddress local, int backlog) throws IOException {
        Sock s;
        try {
            s = poller.newListenSocket(local.getAddress() instanceof Inet6Address);
        } catch (IOException | RuntimeException e) {
            throw NetErrors.wrap(e instanceof IOException io ? io : new IOException(e), "listen", "socket", null,
                    local);
        }
        NetFd fd = new NetFd(s);
        boolean ok = false;
        try {
            try {
                s.bindListen(local, backlog);
            } catch (IOException e) {
                throw NetErrors.wrap(e, "listen", "bind", null, local);
            }
            s.register();
            fd.laddr = s.localAddress();
            ok = true;
            return fd;
        } finally {
            if (!ok) {
                fd.close();
            }
        }
    }

    private void setAddrs() throws IOException {
        laddr = sock.localAddress();
        raddr = sock.remoteAddress();
    }

    // ---- I/O ----

    /**
     * Reads up to {@code len} bytes: the count (&gt; 0), -1 at end of stream, 0 only when {@code len} is 0.
     * Parks in "IO wait" while nothing is there.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        GoInterruptedException.throwIfInterrupted("read");
        if (!mu.rwlock(true, "read")) {
            throw NetErrors.closed("read", laddr, raddr);
        }
        try {
            if (len == 0) {
                return 0; // Go: a zero-byte read returns at once, without a system call
            }
            check(pd.prepare(PollDesc.READ), "read", 0);
            for (;;) {
                int n;
                try {
                    n = sock.read(b, off, Math.min(len, MAX_RW));
                } catch (IOException e) {
                    throw NetErrors.wrap(e, "read", null, laddr, raddr);
                }
                if (n != 0) {
                    return n;
                }
                sock.arm(PollDesc.READ);
                // Interrupts are checked only right before parking: a wake-up that reported readiness has been
                // consumed by the retried recv above, so throwing there loses no edge and no data.
                check(waitIo(PollDesc.READ, "read"), "read", 0);
            }
        } finally {
            mu.rwunlock(true);
        }
    }

    /**
     * Writes all {@code len} bytes, parking in "IO wait" while the socket's send buffer is full (so a slow
     * peer holds the writer, not memory). On a deadline the timeout exception carries the bytes written.
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        GoInterruptedException.throwIfInterrupted("write");
        if (!mu.rwlock(false, "write")) {
            throw NetErrors.closed("write", laddr, raddr);
        }
        try {
            check(pd.prepare(PollDesc.WRITE), "write", 0);
            int done = 0;
            while (done < len) {
                int n;
                try {
                    n = sock.write(b, off + done, Math.min(len - done, MAX_RW));
                } catch (IOException e) {
                    throw NetErrors.wrap(e, "write", null, laddr, raddr);
                }
                done += n;
                if (n == 0) { // EAGAIN: the send buffer is full
                    sock.arm(PollDesc.WRITE);
                    check(waitIo(PollDesc.WRITE, "write"), "write", done);
                }
            }
        } finally {
            mu.rwunlock(false);
        }
    }

    /** Accepts the next connection, parking in "IO wait" while none is pending; it is registered and ready. */
    public NetFd accept(Poller poller) throws IOException {
        GoInterruptedException.throwIfInterrupted("accept");
        if (!mu.rwlock(true, "accept")) {
            throw NetErrors.closed("accept", null, laddr);
        }
        Sock c;
        try {
            check(pd.prepare(PollDesc.READ), "accept", 0);
            for (;;) {
                try {
                    c = sock.accept(poller.next());
                } catch (IOException e) {
                    throw NetErrors.wrap(e, "accept", null, null, laddr);
                }
                if (c != null) {
                    break;
                }
                sock.arm(PollDesc.READ);
                check(waitIo(PollDesc.READ, "accept"), "accept", 0);
            }
        } finally {
            mu.rwunlock(true);
        }
        NetFd fd = new NetFd(c);
        boolean ok = false;
        try {
            c.register();
            fd.setAddrs();
            c.setNoDelay(true);
            c.setKeepAlive(true);
            ok = true;
            return fd;
        } catch (IOException e) {
            throw NetErrors.wrap(e, "accept", null, null, laddr);
        } finally {
            if (!ok) {
                fd.close();
            }
        }
    }

    /**
     * Parks until {@code mode} may be ready (see {@link PollDesc#waitIo}). Refuses on the thread of the loop
     * that polls this socket: it would wait for itself, forever (Reactor's {@code block()} refuses likewise).
     */
    private int waitIo(int mode, String op) {
        if (sock.loop.inEventLoop()) {
            throw new IllegalStateException(op + " would park event-loop thread " + Thread.currentThread().getName()
                    + ", which polls this socket; run the call in a goroutine");
        }
        GoInterruptedException.throwIfInterrupted(op);
        return pd.waitIo(mode);
    }

    private void check(int pollErr, String op, int transferred) throws IOException {
        if (pollErr != PollDesc.OK) {
            throw op.equals("accept") ? NetErrors.pollError(pollErr, pd, op, null, laddr, transferred)
                    : NetErrors.pollError(pollErr, pd, op, laddr, raddr, transferred);
        }
    }

    // ---- control ----

    /** {@code shutdown(2)}: Go's CloseRead / CloseWrite (whose errors Go labels "close"). */
    public void shutdown(boolean input, boolean output) throws IOException {
        if (!mu.incref()) {
            throw NetErrors.closed("close", laddr, raddr);
        }
        try {
            sock.shutdown(input, output);
        } catch (IOException e) {
            throw NetErrors.wrap(e, "close", null, laddr, raddr);
        } finally {
            mu.decref();
        }
    }

    /** Sets the deadline ({@link dev.goro.internal.sched.Clock} nanos, 0 = none) of the PollDesc modes given. */
    public void setDeadline(int modes, long deadline) throws SocketException {
        if (!mu.incref()) {
            throw NetErrors.closed("set deadline", laddr, raddr);
        }
        try {
            pd.setDeadline(modes, deadline);
        } finally {
            mu.decref();
        }
    }

    /** TCP_NODELAY ({@code noDelay}) or SO_KEEPALIVE. */
    public void setOption(boolean noDelay, boolean on) throws SocketException {
        String op = noDelay ? "set tcp_nodelay" : "set keepalive";
        if (!mu.incref()) {
            throw NetErrors.closed(op, laddr, raddr);
        }
        try {
            if (noDelay) {
                sock.setNoDelay(on);
            } else {
                sock.setKeepAlive(on);
            }
        } catch (IOException e) {
            IOException w = NetErrors.wrap(e, op, null, laddr, raddr);
            throw w instanceof SocketException se ? se : new SocketException(w.getMessage());
        } finally {
            mu.decref();
        }
    }

    public InetSocketAddress localAddress() {
        return laddr;
    }

    public InetSocketAddress remoteAddress() {
        return raddr;
    }

    /** The loop polling this descriptor. */
    public io.netty.channel.IoEventLoop loop() {
        return sock.loop();
    }

    /**
     * Closes: later operations fail with "use of closed network connection", parked ones wake and fail the
     * same way, the descriptor is deregistered and closed once. Waits until it is closed unless called on an
     * event-loop thread. Idempotent.
     */
    public void close() {
        if (mu.increfAndClose()) {
            pd.evict(); // wake every waiter; no new one can start (rwlock fails once closed)
            mu.decref(); // the last reference (ours, or a running system call's) destroys
        }
        awaitClosed();
    }

    /**
     * Go's csema wait in FD.Close; skipped on this socket's loop thread and on any Reactor non-blocking thread
     * (other event loops), which must not wait for a loop task.
     */
    private void awaitClosed() {
        if (sock.closed.isDone() || sock.loop.inEventLoop() || Schedulers.isInNonBlockingThread()) {
            return;
        }
        Thread me = Thread.currentThread();
        sock.closed.whenComplete((v, e) -> LockSupport.unpark(me));
        boolean interrupted = false;
        while (!sock.closed.isDone()) {
            G.park(WaitReason.SEMACQUIRE, this);
            if (Thread.interrupted()) {
                interrupted = true; // the close itself is already under way; finish waiting, keep the status
            }
        }
        if (interrupted) {
            me.interrupt();
        }
    }

    public boolean isClosed() {
        return mu.closed();
    }

    @Override
    public String toString() {
        return "NetFd[" + sock + ", " + pd + "]";
    }
}
