package dev.goro.internal.netpoll;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One non-blocking TCP socket and its registration with one Netty {@link IoEventLoop}: the system calls a
 * goroutine makes itself, and the {@link IoHandle} through which the loop reports readiness to the socket's
 * {@link PollDesc}. Subclasses bind it to a transport: epoll ({@link EpollSock}), kqueue ({@link KQueueSock})
 * or the JDK NIO fallback ({@link NioSock}).
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>System calls ({@link #read}, {@link #write}, {@link #accept}, {@link #connect}, options, addresses):
 *       any thread holding a reference of the owning {@link NetFd}'s FdMutex, so the number stays open.</li>
 *   <li>{@link IoHandle} methods ({@link #handle}, {@link #registered}, {@link #unregistered}, {@link #close}):
 *       the loop thread only (Netty's contract); {@code reg} and {@code destroying} are loop-confined.</li>
 *   <li>{@link #register}, {@link #destroy}, {@link #arm}: any thread; they hop to the loop.</li>
 * </ul>
 *
 * <h2>Registration and close order</h2>
 * A socket is registered after {@code connect} returned EINPROGRESS or after {@code listen}, so the loop never
 * sees an unconnected socket's HUP. The loop may report readiness only through the PollDesc; no byte crosses it.
 * Destroy (the last FdMutex reference after close) runs on the loop: cancel the registration through the
 * wrapper the register future returned (Netty counts registrations there), which deletes the descriptor from
 * epoll (kqueue: at the end of the loop's iteration) and calls {@link #unregistered}; only then is the
 * descriptor closed, so its number cannot be reused while the poller still knows it.
 * If the loop shuts down first, Netty calls {@code unregistered()} and {@code close()} without a destroy: the
 * PollDesc fails (waiters wake with an error) and the descriptor stays open until the owner closes it.
 */
public abstract class Sock implements IoHandle {

    final PollDesc pd = new PollDesc();
    final IoEventLoop loop;
    /** Completes once the descriptor is closed (Go's fd.csema, which Close waits on). */
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean fdClosed = new AtomicBoolean();
    /** Written once by the thread that registers; null when not registered (yet, or the loop rejected it). */
    private volatile Future<IoRegistration> regFuture;
    /** The loop's registration wrapper; loop-confined. */
    IoRegistration reg;
    /** Set on the loop when destroy began; loop-confined. */
    private boolean destroying;

    Sock(IoEventLoop loop) {
        this.loop = loop;
    }

    // ---- system calls (any thread holding a reference) ----

    /** recv: bytes read (&gt; 0), 0 on EAGAIN, -1 at end of stream. {@code len > 0}. */
    abstract int read(byte[] b, int off, int len) throws IOException;

    /** send: bytes written, 0 on EAGAIN. {@code len > 0}. */
    abstract int write(byte[] b, int off, int len) throws IOException;

    /** accept: the new connection (not yet registered) on {@code loop}, or null on EAGAIN. */
    abstract Sock accept(IoEventLoop loop) throws IOException;

    /** connect: true if connected at once, false if in progress (EINPROGRESS). */
    abstract boolean connect(InetSocketAddress remote) throws IOException;

    /** After a write wake-up during connect: true once connected, false to wait again; throws the error. */
    abstract boolean finishConnect() throws IOException;

    /** bind (with SO_REUSEADDR, as Go's listeners) and listen. */
    abstract void bindListen(InetSocketAddress local, int backlog) throws IOException;

    abstract InetSocketAddress localAddress() throws IOException;

    abstract InetSocketAddress remoteAddress() throws IOException;

    abstract void shutdown(boolean input, boolean output) throws IOException;

    abstract void setNoDelay(boolean on) throws IOException;

    abstract void setKeepAlive(boolean on) throws IOException;

    /** close(2), without touching the registration. Called once. */
    abstract void closeFd() throws IOException;

    /**
     * Before parking in {@code mode}: make sure the loop will report the next readiness. A no-op for the
     * edge-triggered transports (registered once for both directions); the level-triggered NIO fallback turns
     * the interest on here. Any thread.
     */
    void arm(int mode) {
    }

    // ---- loop side ----

    /** Loop thread, once the registration exists: submit the interest set. */
    abstract void onRegistered(IoRegistration reg);

    /** Loop thread: the PollDesc modes ({@link PollDesc#READ} | {@link PollDesc#WRITE}) an event makes ready. */
    abstract int readyModes(IoEvent event);

    /** Registers with {@link #loop}; from here on readiness reaches {@link #pd}. Any thread, once. */
    final void register() {
        Future<IoRegistration> f;
        try {
            f = loop.register(this);
        } catch (RejectedExecutionException e) {
            pd.fail(new SocketException("netpoll: event loop " + loop + " is shut down"));
            return;
        }
        regFuture = f; // volatile: destroy() on another thread finds the future
        f.addListener(done -> { // runs on the loop (the promise's executor)
            assert loop.inEventLoop();
            if (!done.isSuccess()) {
                pd.fail(new SocketException("netpoll: register with " + loop + " failed: " + done.cause(),
                        done.cause()));
                return;
            }
            reg = f.getNow();
            if (!destroying) {
                onRegistered(reg);
            }
        });
    }

    @Override
    public final void handle(IoRegistration registration, IoEvent event) {
        // Loop thread. An exception escaping here makes Netty sleep a second and drop the rest of the batch.
        assert loop.inEventLoop();
        try {
            int modes = readyModes(event);
            if (modes != 0) {
                pd.ready(modes);
            }
        } catch (Throwable t) {
            pd.fail(t);
        }
    }

    @Override
    public final void unregistered() {
        // Loop thread: after our own cancel (destroy), or because the loop shuts down.
        assert loop.inEventLoop();
        if (destroying) {
            closeFdOnce();
        } else {
            pd.fail(new SocketException("netpoll: event loop " + loop + " shut down"));
        }
    }

    @Override
    public final void close() {
        // Loop thread, at loop shutdown only (Netty's IoHandle.close); idempotent with unregistered().
        unregistered();
    }

    /**
     * Go's {@code fd.destroy}: deregister, then close the descriptor; completes {@link #closed}. Called once,
     * by the last FdMutex reference after close. Any thread.
     */
    final void destroy() {
        Future<IoRegistration> f = regFuture; // volatile: written by register() before any reference existed
        if (f == null || loop.isShutdown()) {
            // Never registered, or the loop no longer polls: nothing can see the number any more.
            closeFdOnce();
            return;
        }
        Runnable deregister = () -> { // loop thread
            assert loop.inEventLoop();
            destroying = true;
            IoRegistration r = reg;
            if (r != null && r.isValid()) {
                r.cancel(); // epoll and NIO call unregistered() now; kqueue at the end of this iteration
            } else {
                closeFdOnce(); // registration failed or was cancelled by the loop's shutdown
            }
        };
        // Run after the registration listener that register() added first: a completed future has already
        // notified it (or queued its notification on the loop before this task); a pending one calls
        // listeners in the order they were added.
        try {
            if (!f.isDone()) {
                f.addListener(done -> deregister.run());
            } else if (loop.inEventLoop()) {
                deregister.run();
            } else {
                loop.execute(deregister);
            }
        } catch (RejectedExecutionException e) {
            closeFdOnce(); // the loop is gone, and with it the registration
        }
    }

    private void closeFdOnce() {
        if (fdClosed.compareAndSet(false, true)) {
            try {
                closeFd();
            } catch (IOException ignored) {
                // close(2) errors (EINTR, EIO) leave nothing to retry on a socket: the number is released.
            }
            closed.complete(null);
        }
    }

    /** The loop this socket is registered with. */
    public final IoEventLoop loop() {
        return loop;
    }
}
