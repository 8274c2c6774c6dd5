package dev.goro.net;

import dev.goro.internal.netpoll.Addrs;
import dev.goro.internal.netpoll.NetFd;
import dev.goro.internal.netpoll.Poller;
import dev.goro.internal.sched.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import reactor.netty.resources.LoopResources;

/**
 * Goroutine TCP sockets polled by the event loops of one Reactor Netty {@link LoopResources}: the
 * {@code onServer} group that a Reactor Netty {@code TcpServer} or {@code HttpServer} running on the same
 * resources uses for its connections. {@link Net} offers the same calls on the default resources.
 *
 * <pre>{@code
 * LoopResources loops = LoopResources.create("app");
 * DisposableServer http = HttpServer.create().runOn(loops).handle(...).bindNow();
 * Network net = Net.on(loops);                      // goroutine sockets on the same epoll threads
 * Listener ln = net.listen("127.0.0.1:9000");
 * }</pre>
 *
 * <p><strong>Transport:</strong> native epoll (Linux) or kqueue (macOS, BSD) when Netty's native library loads
 * and the resources run native loops; otherwise JDK NIO channels on the resources' NIO loops, announced once in
 * the log. {@link #transport()} tells which.
 *
 * <p><strong>Threading:</strong> immutable; any thread. <strong>Blocking:</strong> {@code dial} parks the calling
 * goroutine in "IO wait" while the connection is being set up; a host name is resolved inside
 * {@link dev.goro.Go#blocking}, so the lookup holds no processor.
 */
public final class Network {
    /** Go's minimum time given to one address when a dial deadline is split among several. */
    private static final long SANE_MIN_NANOS = 2_000_000_000L;

    private final Poller poller;
    /** The resources this network polls with. */
    final LoopResources resources;

    private Network(Poller poller, LoopResources resources) {
        this.poller = poller;
        this.resources = resources;
    }

    /** Sockets on {@code loops}' server loops, native if {@link LoopResources#DEFAULT_NATIVE} and available. */
    public static Network of(LoopResources loops) {
        return of(loops, LoopResources.DEFAULT_NATIVE);
    }

    /**
     * Sockets on {@code loops}' server loops: {@code onServer(preferNative)}, the group a Reactor Netty server
     * with {@code runOn(loops, preferNative)} uses.
     *
     * @throws IllegalStateException if those loops take no goroutine sockets
     */
    public static Network of(LoopResources loops, boolean preferNative) {
        return new Network(Poller.of(Objects.requireNonNull(loops, "loops"), preferNative), loops);
    }

    /**
     * Listens on {@code address} (Go's {@code net.Listen("tcp", address)}): {@code "127.0.0.1:8080"},
     * {@code "[::1]:0"}, {@code ":8080"} (every interface, IPv4 and IPv6), port 0 for any free port.
     *
     * @throws IllegalArgumentException for a malformed address, with Go's text
     * @throws java.net.BindException if the address is in use or not local
     * @throws java.net.UnknownHostException if the host name does not resolve
     */
    public Listener listen(String address) throws IOException {
        Addrs.HostPort hp = Addrs.split("listen", address);
        InetSocketAddress local = Addrs.resolve("listen", hp, true).get(0);
        return new TcpListener(NetFd.listen(poller, local, NetUtil.SOMAXCONN), poller);
    }

    /**
     * Connects to {@code address} (Go's {@code net.Dial("tcp", address)}), trying each address the host
     * resolves to in turn (IPv4 first). No deadline but the system's own connect timeout.
     *
     * @throws IllegalArgumentException for a malformed address, with Go's text
     * @throws java.net.ConnectException e.g. "dial tcp 127.0.0.1:1: connect: connection refused"
     * @throws java.net.UnknownHostException if the host name does not resolve
     */
    public Conn dial(String address) throws IOException {
        return dial0(address, 0);
    }

    /**
     * As {@link #dial(String)}, failing with {@link NetTimeoutException} when not connected within
     * {@code timeout} (Go's {@code net.DialTimeout}); the time includes name resolution. A zero timeout means
     * none, as in Go; a negative one fails at once.
     */
    public Conn dial(String address, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero()) {
            return dial0(address, 0); // Go's Dialer applies a timeout only if it is not 0
        }
        long now = Clock.nanoTime();
        long d = timeout.compareTo(MAX_AHEAD) > 0 ? now + MAX_AHEAD_NANOS : now + timeout.toNanos();
        return dial0(address, d == 0 ? 1 : d);
    }

    /** As {@link #dial(String)}, failing with {@link NetTimeoutException} at {@code deadline} (Go's Dialer.Deadline). */
    public Conn dial(String address, Instant deadline) throws IOException {
        return dial0(address, deadlineNanos(Objects.requireNonNull(deadline, "deadline")));
    }

    private Conn dial0(String address, long deadline) throws IOException {
        Addrs.HostPort hp = Addrs.split("dial", address);
        List<InetSocketAddress> addrs = Addrs.resolve("dial", hp, false);
        IOException first = null;
        for (int i = 0; i < addrs.size(); i++) {
            long d = partialDeadline(deadline, addrs.size() - i);
            if (d != 0 && Clock.nanoTime() - d >= 0) {
                throw first != null ? first
                        : new NetTimeoutException("dial tcp " + address + ": i/o timeout");
            }
            try {
                return new TcpConn(NetFd.dial(poller, addrs.get(i), d));
            } catch (IOException e) {
                if (first == null) {
                    first = e; // Go reports the first address's error
                }
            }
        }
        throw first;
    }

    /** Go's partialDeadline: a share of the time left for each remaining address, but not less than 2 s. */
    private static long partialDeadline(long deadline, int remaining) {
        if (deadline == 0 || remaining <= 1) {
            return deadline;
        }
        long left = deadline - Clock.nanoTime();
        long share = left / remaining;
        return share < SANE_MIN_NANOS ? (left < SANE_MIN_NANOS ? deadline : Clock.nanoTime() + SANE_MIN_NANOS)
                : Clock.nanoTime() + share;
    }

    /** "epoll", "kqueue" or "nio": how the loops poll goroutine sockets. */
    public String transport() {
        return poller.transport().name().toLowerCase(Locale.ROOT);
    }

    /** The event-loop group whose threads poll this network's sockets (a Reactor Netty server's worker group). */
    public EventLoopGroup eventLoopGroup() {
        return poller.group();
    }

    @Override
    public String toString() {
        return "Network[" + poller + "]";
    }

    private static final Duration MAX_AHEAD = Duration.ofDays(365 * 100);
    private static final long MAX_AHEAD_NANOS = MAX_AHEAD.toNanos();

    /** An absolute {@link Instant} as a {@link Clock} reading; 0 (none) for null. */
    static long deadlineNanos(Instant t) {
        if (t == null) {
            return 0;
        }
        long now = Clock.nanoTime();
        Duration left = Duration.between(Instant.now(), t);
        long d;
        if (left.compareTo(MAX_AHEAD) > 0) {
            d = now + MAX_AHEAD_NANOS;
        } else if (left.compareTo(MAX_AHEAD.negated()) < 0) {
            d = now - MAX_AHEAD_NANOS;
        } else {
            d = now + left.toNanos();
        }
        return d == 0 ? 1 : d;
    }
}
