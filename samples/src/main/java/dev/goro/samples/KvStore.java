package dev.goro.samples;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.Select;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A key-value map owned by one goroutine, shared by communicating ("Do not communicate by sharing memory; instead,
 * share memory by communicating"): the store goroutine alone touches the map; clients send it requests over a
 * channel and each waits for its reply on a channel of its own. The TCP service and the HTTP routes use the same
 * store, from any goroutine or thread.
 *
 * <p>The store goroutine waits in a {@code select} on two channels: the requests, and {@code done}, which
 * {@link #close()} closes. A client's send is a {@code select} too, so a client never waits forever on a store that
 * has stopped: it gets {@link IllegalStateException} instead.
 *
 * <p><strong>Blocking:</strong> every operation parks the calling goroutine (or blocks a plain thread) until the
 * store has answered; the store answers each request in microseconds.
 */
public final class KvStore implements AutoCloseable {

    /** A request to the store goroutine; it answers on {@code reply}. */
    private record Request(Op op, String key, String value, Chan<Optional<String>> reply) {
    }

    private enum Op { GET, SET, DEL, LEN }

    private final Chan<Request> requests = Chan.make();
    private final Chan<Void> done = Chan.make();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A store with its goroutine started. */
    public KvStore() {
        Go.go("kv-store", this::serve);
    }

    /** The store goroutine: answers requests one at a time until {@code done} is closed. */
    private void serve() {
        Map<String, String> map = new HashMap<>();
        boolean running = true;
        while (running) {
            running = Select.select(
                    Select.recv(requests, r -> {
                        r.reply().send(Optional.ofNullable(apply(map, r)));
                        return true;
                    }),
                    Select.recv(done, closed -> false));
        }
    }

    private static String apply(Map<String, String> map, Request r) {
        return switch (r.op()) {
            case GET -> map.get(r.key());
            case SET -> map.put(r.key(), r.value());
            case DEL -> map.remove(r.key());
            case LEN -> Integer.toString(map.size());
        };
    }

    private String call(Op op, String key, String value) {
        Chan<Optional<String>> reply = Chan.make(1); // buffered: the store never waits for a client
        Request r = new Request(op, key, value, reply);
        boolean sent = Select.select(
                Select.send(requests, r, () -> true),
                Select.recv(done, closed -> false));
        if (!sent) {
            throw new IllegalStateException("kv store closed");
        }
        return reply.recv().orElse(null);
    }

    /** The value of {@code key}, or null if it has none. */
    public String get(String key) {
        return call(Op.GET, Objects.requireNonNull(key, "key"), null);
    }

    /** Sets {@code key} to {@code value}; returns the previous value or null. */
    public String set(String key, String value) {
        return call(Op.SET, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** Removes {@code key}; returns the value it had, or null. */
    public String delete(String key) {
        return call(Op.DEL, Objects.requireNonNull(key, "key"), null);
    }

    /** The number of keys. */
    public int size() {
        return Integer.parseInt(call(Op.LEN, "", null));
    }

    /** Stops the store goroutine; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) { // one closer: a second close of done would panic
            done.close();
        }
    }
}
