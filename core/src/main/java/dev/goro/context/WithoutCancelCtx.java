package dev.goro.context;

import dev.goro.Chan;
import dev.goro.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link Context#withoutCancel} returns (Go's {@code withoutCancelCtx}): the parent's values, none of its
 * signals. It hides the parent's CancelCtx from {@link Contexts#value} lookups, so that neither
 * {@link Context#cause} nor a child's registration reaches past it.
 */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
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
        return Contexts.value(this, key);
    }

    @Override
    public String toString() {
        return Contexts.name(this);
    }
}
