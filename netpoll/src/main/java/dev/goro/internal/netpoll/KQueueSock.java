package dev.goro.internal.netpoll;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.kqueue.KQueueIoEvent;
import io.netty.channel.kqueue.KQueueIoHandle;
import io.netty.channel.kqueue.KQueueIoOps;
import io.netty.channel.unix.Socket;

/**
 * A socket on Netty's kqueue loop (macOS, BSD), registered as Go does (src/runtime/netpoll_kqueue.go): a read
 * and a write filter, both EV_ADD | EV_CLEAR (edge mode), added once. Netty keeps the EV_* and EVFILT_*
 * constants package-private, so the BSD/macOS ABI values are written here.
 *
 * <p>Close: {@code cancel()} on kqueue deletes no filter and calls {@code unregistered()} at the end of the
 * loop's iteration; the descriptor is closed there (see {@link Sock}), and close(2) drops its filters.
 *
 * <p>Status: compiled and written to the same contract as {@link EpollSock}; exercised only on macOS/BSD hosts
 * (the build's tests run on Linux). Threading as {@link Sock}.
 */
final class KQueueSock extends UnixSock implements KQueueIoHandle {
    static final short EVFILT_READ = -1, EVFILT_WRITE = -2;
    static final short EV_ADD = 0x1, EV_CLEAR = 0x20, EV_EOF = (short) 0x8000;

    KQueueSock(Socket socket, IoEventLoop loop) {
        super(socket, loop);
    }

    static KQueueSock open(boolean ipv6, IoEventLoop loop) {
        return new KQueueSock(new Socket(SocketFactory.stream(ipv6)), loop);
    }

    @Override
    UnixSock wrapAccepted(int fd, IoEventLoop loop) {
        return new KQueueSock(new Socket(fd), loop);
    }

    @Override
    public int ident() {
        return socket.intValue();
    }

    @Override
    void onRegistered(IoRegistration reg) {
        reg.submit(KQueueIoOps.newOps(EVFILT_READ, (short) (EV_ADD | EV_CLEAR), 0));
        reg.submit(KQueueIoOps.newOps(EVFILT_WRITE, (short) (EV_ADD | EV_CLEAR), 0));
    }

    @Override
    int readyModes(IoEvent event) {
        KQueueIoEvent ev = (KQueueIoEvent) event; // valid only during handle(): Netty reuses it
        if (ev.filter() == EVFILT_READ) {
            // As Go: EOF on the read filter wakes the writer too.
            return (ev.flags() & EV_EOF) != 0 ? PollDesc.READ | PollDesc.WRITE : PollDesc.READ;
        }
        return ev.filter() == EVFILT_WRITE ? PollDesc.WRITE : 0;
    }

    /** Reaches Netty's protected per-family socket factory (its public one picks the family itself). */
    private static final class SocketFactory extends Socket {
        private SocketFactory() {
            super(-1);
        }

        static int stream(boolean ipv6) {
            return newSocketStream0(ipv6);
        }
    }
}
