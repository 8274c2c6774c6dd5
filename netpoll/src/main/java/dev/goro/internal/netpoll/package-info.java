/**
 * goro's netpoller: Go's runtime netpoll and internal/poll layers, with a Reactor Netty event loop as the
 * poller. Internal: not API, may change in any release.
 *
 * <ul>
 *   <li>{@link dev.goro.internal.netpoll.PollDesc}: readiness and waiters of one descriptor (Go's pollDesc);</li>
 *   <li>{@code FdMutex}: reference count, close flag, per-direction locks (Go's fdMutex);</li>
 *   <li>{@link dev.goro.internal.netpoll.NetFd}: the EAGAIN/wait/retry loops, dial, listen, accept, close
 *       (Go's netFD and poll.FD);</li>
 *   <li>{@link dev.goro.internal.netpoll.Sock} and its transports ({@code EpollSock}, {@code KQueueSock},
 *       {@code NioSock}): system calls plus the Netty {@code IoHandle} the loop reports readiness to;</li>
 *   <li>{@link dev.goro.internal.netpoll.Poller}: which loops and which transport;
 *       {@link dev.goro.internal.netpoll.Addrs}: Go's address strings; {@link dev.goro.internal.netpoll.NetErrors}:
 *       Go's texts on Java's exceptions.</li>
 * </ul>
 *
 * <p>Conventions: every class opens with who may call what ("Loop thread only" is checked with
 * {@code assert loop.inEventLoop()} under -ea); every volatile or VarHandle access names its ordering and the
 * access it pairs with; comments on both sides of a race carry the same name ("Dekker ... side").
 */
package dev.goro.internal.netpoll;
