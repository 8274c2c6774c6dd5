package dev.goro.net;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * Go's {@code net} package for goroutines: {@link #listen}, {@link #dial}, on Reactor Netty's global
 * {@link TcpResources} loops, so a Reactor Netty {@code TcpServer} with default resources and goroutine sockets
 * share the same epoll threads. {@link #on(LoopResources)} picks other resources.
 *
 * <pre>{@code
 * // Go:   ln, _ := net.Listen("tcp", "127.0.0.1:8080")
 * //       for { c, _ := ln.Accept(); go echo(c) }
 * Listener ln = Net.listen("127.0.0.1:8080");
 * for (;;) {
 *     Conn c = ln.accept();
 *     Go.go(() -> echo(c));
 * }
 * }</pre>
 *
 * <p><strong>Blocking:</strong> as {@link Network}. <strong>Threading:</strong> any thread.
 */
public final class Net {
    private static volatile Network defaultNetwork;

    private Net() {
    }

    /**
     * The network on Reactor Netty's global {@link TcpResources} (created if needed); follows a
     * {@code TcpResources.reset()} or {@code set(...)} made since.
     */
    public static Network defaultNetwork() {
        TcpResources r = TcpResources.get();
        Network n = defaultNetwork; // volatile: a racing pair may both build one; either is correct
        if (n == null || n.resources != r) {
            n = Network.of(r);
            defaultNetwork = n;
        }
        return n;
    }

    /** Goroutine sockets on {@code loops} (see {@link Network#of(LoopResources)}). */
    public static Network on(LoopResources loops) {
        return Network.of(loops);
    }

    /** Goroutine sockets on {@code loops}, native or NIO (see {@link Network#of(LoopResources, boolean)}). */
    public static Network on(LoopResources loops, boolean preferNative) {
        return Network.of(loops, preferNative);
    }

    /** {@link Network#listen(String)} on the default network. */
    public static Listener listen(String address) throws IOException {
        return defaultNetwork().listen(address);
    }

    /** {@link Network#dial(String)} on the default network. */
    public static Conn dial(String address) throws IOException {
        return defaultNetwork().dial(address);
    }

    /** {@link Network#dial(String, Duration)} on the default network (Go's DialTimeout). */
    public static Conn dial(String address, Duration timeout) throws IOException {
        return defaultNetwork().dial(address, timeout);
    }

    /** {@link Network#dial(String, Instant)} on the default network. */
    public static Conn dial(String address, Instant deadline) throws IOException {
        return defaultNetwork().dial(address, deadline);
    }
}
