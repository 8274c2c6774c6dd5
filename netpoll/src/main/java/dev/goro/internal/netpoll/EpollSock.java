package dev.goro.internal.netpoll;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;

/**
 * A socket on Netty's epoll loop, registered as Go registers with its own epoll (src/runtime/netpoll_epoll.go):
 * one EPOLL_CTL_ADD with EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, never modified, deleted just before close.
 * Edge-triggered, so the interest never changes and a submit never happens after the first one (a re-submit
 * would be an EPOLL_CTL_MOD that re-polls; NONE would delete). Threading as {@link Sock}.
 */
final class EpollSock extends UnixSock implements EpollIoHandle {
    private static final int IN = EpollIoOps.EPOLLIN.value();
    private static final int OUT = EpollIoOps.EPOLLOUT.value();
    private static final int RDHUP = EpollIoOps.EPOLLRDHUP.value();
    private static final int ERR = EpollIoOps.EPOLLERR.value();
    /** EPOLLHUP: Netty has no constant for it, the kernel value is 0x10 (sys/epoll.h). */
    private static final int HUP = 0x10;
    private static final EpollIoOps INTEREST =
            EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT).with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);

    EpollSock(LinuxSocket socket, IoEventLoop loop) {
        super(socket, loop);
    }

    static EpollSock open(boolean ipv6, IoEventLoop loop) {
        return new EpollSock(LinuxSocket.newSocketStream(ipv6), loop);
    }

    @Override
    UnixSock wrapAccepted(int fd, IoEventLoop loop) {
        return new EpollSock(LinuxSocket.newSocket(fd), loop);
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    @Override
    void onRegistered(IoRegistration reg) {
        reg.submit(INTEREST); // the lazy EPOLL_CTL_ADD; the kernel queues an edge at once if already ready
    }

    @Override
    int readyModes(IoEvent event) {
        int ev = ((EpollIoEvent) event).ops().value(); // the raw events word, HUP and ERR included
        int modes = 0;
        // As Go's netpoll: IN, RDHUP, HUP or ERR wake the reader; OUT, HUP or ERR wake the writer.
        if ((ev & (IN | RDHUP | HUP | ERR)) != 0) {
            modes |= PollDesc.READ;
        }
        if ((ev & (OUT | HUP | ERR)) != 0) {
            modes |= PollDesc.WRITE;
        }
        return modes;
    }
}
