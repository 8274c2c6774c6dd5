package dev.goro.context;

import dev.goro.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * One key-value binding (Go's {@code valueCtx}). Its signals are those of the nearest context above it that is not
 * a ValueCtx, kept in {@link #source} so that {@code done()}, {@code err()} and {@code deadline()} cost one call
 * however many values are stacked, where Go delegates level by level.
 */
final class ValueCtx implements Context {
    final Context parent;
    /** The nearest ancestor that is not a ValueCtx: where the signals come from. */
    final Context source;
    final Key<?> key;
    final Object val;

    ValueCtx(Context parent, Key<?> key, Object val) {
        this.parent = parent;
        this.source = parent instanceof ValueCtx v ? v.source : parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Optional<Instant> deadline() {
        return source.deadline();
    }

    @Override
    public RecvChan<Void> done() {
        return source.done();
    }

    @Override
    public ContextException err() {
        return source.err();
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
