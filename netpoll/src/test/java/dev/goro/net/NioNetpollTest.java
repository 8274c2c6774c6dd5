package dev.goro.net;

/** {@link NetpollSpec} on the fallback: JDK NIO channels on Reactor Netty's NIO loops. */
class NioNetpollTest extends NetpollSpec {

    @Override
    boolean preferNative() {
        return false;
    }

    @Override
    String expectedTransport() {
        return "nio";
    }
}
