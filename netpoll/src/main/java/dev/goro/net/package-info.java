/**
 * Go's {@code net} package for goroutines: TCP {@link dev.goro.net.Listener}s and {@link dev.goro.net.Conn}s
 * whose goroutines make their own non-blocking system calls and park in "IO wait", while a Reactor Netty event
 * loop (epoll on Linux, kqueue on macOS, NIO elsewhere) polls the sockets and wakes them. Entry points:
 * {@link dev.goro.net.Net} (default loops) and {@link dev.goro.net.Network} (loops of your choice).
 *
 * <p>Errors are Java's classes with Go's texts: {@code ConnectException}, {@code BindException},
 * {@link dev.goro.net.NetTimeoutException} ("i/o timeout"), {@link dev.goro.net.ClosedConnectionException}
 * ("use of closed network connection"), {@code IllegalArgumentException} for malformed addresses.
 * See docs/netpoll.md for the design.
 */
package dev.goro.net;
