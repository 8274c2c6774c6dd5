package dev.goro.samples;

import dev.goro.Go;
import dev.goro.net.ClosedConnectionException;
import dev.goro.net.Conn;
import dev.goro.net.Listener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A line-based key-value service over TCP, one goroutine per connection, in the shape of a Go server:
 * <pre>
 * for { c, err := ln.Accept(); if err != nil { return }; go serve(c) }
 * </pre>
 * Each connection's goroutine reads a command line, asks the {@link KvStore} goroutine, writes the answer. Reads and
 * writes park the goroutine in "IO wait" on goro's netpoller, whose epoll/kqueue is the event loop of the HTTP
 * server beside it.
 *
 * <pre>
 * SET key value...   OK            (the value is the rest of the line)
 * GET key            value | (nil)
 * DEL key            1 | 0
 * LEN                number of keys
 * QUIT               BYE, then the server closes the connection
 * </pre>
 * Commands are case-insensitive. The server greets with one line starting {@code goro kv}. An unknown or malformed
 * command gets a line starting {@code ERR}.
 */
public final class KvServer implements AutoCloseable {

    /** The greeting's first words. */
    static final String GREETING = "goro kv: SET key value | GET key | DEL key | LEN | QUIT";

    private final Listener listener;
    private final KvStore store;
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();

    /**
     * Serves {@code store} on connections accepted from {@code listener}, from an accept goroutine started now.
     * {@link #close()} closes the listener and the open connections (not the store).
     */
    public KvServer(Listener listener, KvStore store) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.store = Objects.requireNonNull(store, "store");
        Go.go("kv-accept", this::acceptLoop);
    }

    /** The address clients connect to. */
    public InetSocketAddress address() {
        return listener.address();
    }

    private void acceptLoop() {
        while (true) {
            Conn c;
            try {
                c = listener.accept();
            } catch (ClosedConnectionException closed) {
                return; // close(): the normal way out
            } catch (IOException e) {
                System.err.println("kv: accept: " + e.getMessage()); // e.g. too many open files: keep serving
                continue;
            }
            open.add(c);
            Go.go("kv-conn " + c.remoteAddress(), () -> serve(c));
        }
    }

    /** One connection's goroutine. */
    private void serve(Conn c) {
        try (c) {
            write(c, GREETING);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.inputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String answer = execute(line.strip());
                write(c, answer);
                if (answer.equals("BYE")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or close() closed the connection: nothing left to answer
        } finally {
            open.remove(c);
        }
    }

    /** The answer to one command line. */
    String execute(String line) {
        String[] parts = line.split("\\s+", 3);
        String cmd = parts[0].toUpperCase(Locale.ROOT);
        int args = parts.length - 1;
        return switch (cmd) {
            case "SET" -> {
                if (args != 2) {
                    yield "ERR usage: SET key value";
                }
                store.set(parts[1], parts[2]);
                yield "OK";
            }
            case "GET" -> args == 1 ? Objects.requireNonNullElse(store.get(parts[1]), "(nil)") : "ERR usage: GET key";
            case "DEL" -> args == 1 ? (store.delete(parts[1]) != null ? "1" : "0") : "ERR usage: DEL key";
            case "LEN" -> args == 0 ? Integer.toString(store.size()) : "ERR usage: LEN";
            case "QUIT" -> "BYE";
            case "" -> "ERR empty command";
            default -> "ERR unknown command '" + parts[0] + "'";
        };
    }

    private static void write(Conn c, String line) throws IOException {
        c.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Stops accepting and closes every open connection; their goroutines end. Idempotent. */
    @Override
    public void close() {
        listener.close();
        open.forEach(Conn::close);
    }
}
