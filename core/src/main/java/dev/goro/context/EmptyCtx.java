package dev.goro.context;

import dev.goro.Chan;
import dev.goro.RecvChan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The roots, {@link Context#background()} and {@link Context#todo()} (Go's {@code emptyCtx}): they never end. */
final class EmptyCtx implements Context {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public RecvChan<Void> done() {
        return Chan.nil();
    }

    @Override
    public ContextException err() {
        return null;
    }

    @Override
    public <T> T value(Key<T> key) {
        Objects.requireNonNull(key, "key");
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
