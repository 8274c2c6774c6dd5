package dev.goro.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeAll;

/** {@link NetpollSpec} on native epoll loops (Linux). */
class EpollNetpollTest extends NetpollSpec {

    @BeforeAll
    static void requireEpoll() {
        assumeTrue(Epoll.isAvailable(), "native epoll unavailable: " + Epoll.unavailabilityCause());
    }

    @Override
    boolean preferNative() {
        return true;
    }

    @Override
    String expectedTransport() {
        return "epoll";
    }
}
