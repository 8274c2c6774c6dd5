package dev.goro.internal.netpoll;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandle;
import io.netty.channel.nio.NioIoHandle;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.netty.resources.LoopResources;

/**
 * The poller behind goroutine sockets: the server event-loop group of a Reactor Netty {@link LoopResources}
 * and the transport its loops speak. Reactor Netty's TcpServer/HttpServer run their connections on
 * {@code onServer(preferNative)} of the same resources, so both share the same epoll (kqueue, selector) threads.
 *
 * <p>Choice, in order: epoll if the native library loads and the group runs Netty's epoll handler; kqueue
 * likewise; otherwise the group of {@code onServer(false)}, which is NIO, with one warning. (A group of
 * another native kind, such as io_uring, takes no epoll handles: goroutine sockets then go to the NIO loops.)
 *
 * <p>Immutable; any thread.
 */
public final class Poller {
    private static final System.Logger LOG = System.getLogger("dev.goro.net");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** Which system call interface the loops use. */
    public enum Transport { EPOLL, KQUEUE, NIO }

    private final Transport transport;
    private final IoEventLoopGroup group;

    private Poller(Transport transport, IoEventLoopGroup group) {
        this.transport = transport;
        this.group = group;
    }

    /**
     * The poller for {@code loops}: native when {@code preferNative} and available, else NIO (announced once
     * if native was wanted).
     *
     * @throws IllegalStateException if the resources offer no group that takes goroutine sockets
     */
    public static Poller of(LoopResources loops, boolean preferNative) {
        Throwable nativeCause = null;
        if (preferNative) {
            try {
                IoEventLoopGroup g = ioGroup(loops.onServer(true));
                if (Epoll.isAvailable()) {
                    if (g != null && g.isCompatible(EpollIoHandle.class)) {
                        return new Poller(Transport.EPOLL, g);
                    }
                    nativeCause = new IllegalStateException("the server loops of " + loops + " are not epoll loops");
                } else if (KQueue.isAvailable()) {
                    if (g != null && g.isCompatible(KQueueIoHandle.class)) {
                        return new Poller(Transport.KQUEUE, g);
                    }
                    nativeCause = new IllegalStateException("the server loops of " + loops + " are not kqueue loops");
                } else {
                    nativeCause = Epoll.unavailabilityCause();
                }
            } catch (LinkageError e) {
                nativeCause = e; // the epoll or kqueue classes are not on the class path
            }
        }
        IoEventLoopGroup nio = ioGroup(loops.onServer(false));
        if (nio == null || !nio.isCompatible(NioIoHandle.class)) {
            throw new IllegalStateException("goro netpoll: the loops of " + loops
                    + " take neither epoll, kqueue nor NIO handles");
        }
        if (preferNative && WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "goro netpoll: native epoll/kqueue transport unavailable ("
                    + nativeCause + "); goroutine sockets use JDK NIO channels on Reactor Netty's NIO event loop. "
                    + "Same semantics, lower throughput.");
        }
        return new Poller(Transport.NIO, nio);
    }

    /** The group itself, or the one behind Reactor Netty's colocated wrapper; null if it takes no IoHandles. */
    private static IoEventLoopGroup ioGroup(EventLoopGroup g) {
        if (!(g instanceof IoEventLoopGroup) && g instanceof Supplier<?> s && s.get() instanceof EventLoopGroup inner) {
            g = inner;
        }
        return g instanceof IoEventLoopGroup io ? io : null;
    }

    public Transport transport() {
        return transport;
    }

    /** The event-loop group whose threads poll goroutine sockets. */
    public IoEventLoopGroup group() {
        return group;
    }

    /** The loop for a new socket: round robin over the group, as Netty spreads channels. */
    IoEventLoop next() {
        return group.next();
    }

    /** A new unconnected stream socket of the given family. */
    Sock newSocket(boolean ipv6) throws IOException {
        IoEventLoop loop = next();
        return switch (transport) {
            case EPOLL -> EpollSock.open(ipv6, loop);
            case KQUEUE -> KQueueSock.open(ipv6, loop);
            case NIO -> NioSock.openSocket(ipv6, loop);
        };
    }

    /** A new socket to listen on. */
    Sock newListenSocket(boolean ipv6) throws IOException {
        return transport == Transport.NIO ? NioSock.openServer(ipv6, next()) : newSocket(ipv6);
    }

    @Override
    public String toString() {
        return "Poller[" + transport.name().toLowerCase(java.util.Locale.ROOT) + ", " + group + "]";
    }
}
