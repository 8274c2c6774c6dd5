package dev.goro.internal.netpoll;

import dev.goro.Go;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's address strings: {@code host:port}, {@code [ipv6]:port}, {@code :port} (Go's SplitHostPort rules and
 * messages), and resolution that never blocks a carrier: literal IPs are parsed, names are looked up inside
 * {@link Go#blocking}, which hands the goroutine's processor to another carrier for the duration. Any thread.
 */
public final class Addrs {
    private Addrs() {
    }

    /** A host and port as written; host "" means "all interfaces" (listen) or "this machine" (dial). */
    public record HostPort(String host, int port) {
    }

    /**
     * Go's {@code net.SplitHostPort} plus a numeric port.
     *
     * @throws IllegalArgumentException with Go's text, e.g. "address 127.0.0.1: missing port in address"
     */
    public static HostPort split(String op, String address) {
        if (address == null) {
            throw new NullPointerException("address");
        }
        int colon = address.lastIndexOf(':'); // the port follows the last colon
        if (colon < 0) {
            throw bad(op, address, "missing port in address");
        }
        String host;
        int noOpen = 0, noClose = 0; // from where a '[' or ']' would be unexpected
        if (address.startsWith("[")) {
            int end = address.indexOf(']'); // must sit just before that last colon
            if (end < 0) {
                throw bad(op, address, "missing ']' in address");
            }
            if (end + 1 != colon) {
                throw bad(op, address, end + 1 < address.length() && address.charAt(end + 1) == ':'
                        ? "too many colons in address" : "missing port in address");
            }
            host = address.substring(1, end);
            noOpen = 1;
            noClose = end + 1;
        } else {
            host = address.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw bad(op, address, "too many colons in address");
            }
        }
        if (address.indexOf('[', noOpen) >= 0) {
            throw bad(op, address, "unexpected '[' in address");
        }
        if (address.indexOf(']', noClose) >= 0) {
            throw bad(op, address, "unexpected ']' in address");
        }
        String port = address.substring(colon + 1);
        return new HostPort(host, parsePort(op, address, port));
    }

    private static int parsePort(String op, String address, String port) {
        if (port.isEmpty()) {
            return 0; // Go: an empty port is port 0
        }
        int p = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                // Go would look up a service name ("http"); goro supports numeric ports only.
                throw new IllegalArgumentException(op + " tcp: lookup tcp/" + port + ": unknown port");
            }
            p = p * 10 + (c - '0');
            if (p > 0xFFFF) {
                throw new IllegalArgumentException(op + " tcp: address " + address + ": invalid port");
            }
        }
        return p;
    }

    private static IllegalArgumentException bad(String op, String address, String why) {
        return new IllegalArgumentException(op + " tcp: address " + address + ": " + why);
    }

    /**
     * The socket addresses to try, in order. A literal IP is used as is; "" is the wildcard (listen) or
     * loopback (dial); a name is resolved with the JDK's resolver inside {@link Go#blocking}.
     *
     * @throws UnknownHostException "lookup NAME: no such host", as Go says it
     */
    public static List<InetSocketAddress> resolve(String op, HostPort hp, boolean listen)
            throws UnknownHostException {
        String host = hp.host();
        if (host.isEmpty()) {
            InetAddress a = listen ? wildcard() : InetAddress.getLoopbackAddress();
            return List.of(new InetSocketAddress(a, hp.port()));
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return List.of(new InetSocketAddress(literal, hp.port()));
        }
        InetAddress[] all;
        try {
            all = Go.blocking(() -> InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new UnknownHostException(op + " tcp: lookup " + host + ": no such host");
        } catch (Exception e) {
            UnknownHostException u = new UnknownHostException(op + " tcp: lookup " + host + ": " + e.getMessage());
            u.initCause(e);
            throw u;
        }
        List<InetSocketAddress> out = new ArrayList<>(all.length);
        // Go's "tcp" network prefers IPv4 first when a name has both, for dial; listen takes the first.
        for (InetAddress a : all) {
            if (a instanceof Inet4Address) {
                out.add(new InetSocketAddress(a, hp.port()));
            }
        }
        for (InetAddress a : all) {
            if (a instanceof Inet6Address) {
                out.add(new InetSocketAddress(a, hp.port()));
            }
        }
        return listen ? out.subList(0, 1) : out;
    }

    /** "::" on a dual-stack host (one socket serves IPv4 and IPv6, as Go's listeners do), else "0.0.0.0". */
    private static InetAddress wildcard() throws UnknownHostException {
        return NetUtil.isIpV4StackPreferred() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName("::");
    }
}
