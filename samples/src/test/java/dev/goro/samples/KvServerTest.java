package dev.goro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goro.net.Net;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP key-value service over real loopback sockets, driven by plain JDK client sockets on platform threads.
 */
class KvServerTest {

    private static final int TIMEOUT_MS = 30_000; // hang guard only

    private KvStore store;
    private KvServer server;

    @BeforeEach
    void start() throws IOException {
        store = new KvStore();
        server = new KvServer(Net.listen("127.0.0.1:0"), store);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    /** A client connection: reads the greeting, then one answer line per command. */
    final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;

        Client() throws IOException {
            socket.connect(server.address(), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            assertEquals(KvServer.GREETING, in.readLine());
        }

        String call(String command) throws IOException {
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void session_setGetDelLenQuit_answersLikeAMap() throws IOException {
        try (Client c = new Client()) {
            assertEquals("(nil)", c.call("GET k"));
            assertEquals("OK", c.call("SET k hello  world"));
            assertEquals("hello  world", c.call("get k"), "the value is the rest of the line; commands ignore case");
            assertEquals("1", c.call("LEN"));
            assertEquals("1", c.call("DEL k"));
            assertEquals("0", c.call("DEL k"));
            assertEquals("0", c.call("LEN"));
            assertEquals("BYE", c.call("QUIT"));
            assertNull(c.in.readLine(), "the server closes the connection after BYE");
        }
    }

    @Test
    void badCommands_answerErrAndKeepTheConnection() throws IOException {
        try (Client c = new Client()) {
            assertEquals("ERR unknown command 'FLY'", c.call("FLY away"));
            assertEquals("ERR usage: SET key value", c.call("SET onlykey"));
            assertEquals("ERR usage: GET key", c.call("GET"));
            assertEquals("ERR empty command", c.call(""));
            assertEquals("OK", c.call("SET still here"));
        }
    }

    @Test
    void manyClientsAtOnce_eachOnItsOwnGoroutine_allWritesLand() throws Exception {
        int clients = 16;
        int keys = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    try (Client c = new Client()) {
                        for (int k = 0; k < keys; k++) {
                            assertEquals("OK", c.call("SET c" + id + "-" + k + " v" + k));
                        }
                        for (int k = 0; k < keys; k++) {
                            assertEquals("v" + k, c.call("GET c" + id + "-" + k));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(clients * keys, store.size());
        assertEquals("v7", store.get("c3-7"), "the TCP service and direct callers share one store goroutine");
    }

    @Test
    void close_openConnectionsAreClosedAndStoreRefusesAfterItsClose() throws IOException {
        try (Client c = new Client()) {
            assertEquals("OK", c.call("SET a b"));
            server.close();
            assertNull(c.in.readLine(), "close() closes open connections");
        }
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.get("a"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
