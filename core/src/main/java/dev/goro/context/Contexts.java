package dev.goro.context;

import dev.goro.Time;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Walks up a chain of goro's contexts without recursion (Go's {@code value} function and {@code contextName}), so
 * that a chain of any depth can be searched and printed; a foreign context in the chain is asked directly.
 */
final class Contexts {
    private Contexts() {
    }

    /** Go's {@code value(c, key)}: the nearest binding of {@code key} at or above {@code c}. Any thread. */
    @SuppressWarnings("unchecked")
    static <T> T value(Context c, Context.Key<T> key) {
        Objects.requireNonNull(key, "key");
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (v.key == key) {
                    return (T) v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CancelCtx.KEY) {
                    return (T) cc;
                }
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CancelCtx.KEY) {
                    return null; // hide the cancellable ancestors: see WithoutCancelCtx
                }
                c = w.parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /**
     * Go's {@code String()} of a context: the root's name followed by one suffix per layer, e.g.
     * {@code context.Background.WithValue(user, bob).WithCancel}. Any thread.
     */
    static String name(Context c) {
        Deque<Context> layers = new ArrayDeque<>();
        Context base = c;
        for (;;) {
            if (base instanceof ValueCtx v) {
                layers.push(v);
                base = v.parent;
            } else if (base instanceof CancelCtx cc) {
                layers.push(cc);
                base = cc.parent;
            } else if (base instanceof WithoutCancelCtx w) {
                layers.push(w);
                base = w.parent;
            } else {
                break;
            }
        }
        StringBuilder sb = new StringBuilder(String.valueOf(base));
        for (Context l : layers) {
            if (l instanceof ValueCtx v) {
                sb.append(".WithValue(").append(v.key).append(", ").append(v.val).append(')');
            } else if (l instanceof TimerCtx t) {
                sb.append(".WithDeadline(").append(t.deadlineAt()).append(" [")
                        .append(Duration.between(Time.now(), t.deadlineAt())).append("])");
            } else if (l instanceof CancelCtx) {
                sb.append(".WithCancel");
            } else {
                sb.append(".WithoutCancel");
            }
        }
        return sb.toString();
    }
}
