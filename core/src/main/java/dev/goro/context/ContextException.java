package dev.goro.context;

/**
 * Why a {@link Context} ended: {@link Context#CANCELED} ("context canceled") or {@link Context#DEADLINE_EXCEEDED}
 * ("context deadline exceeded"), Go's {@code context.Canceled} and {@code context.DeadlineExceeded}.
 *
 * <p>There are exactly these two instances, so, as in Go, code compares them by identity
 * ({@code ctx.err() == Context.CANCELED}). {@link #isTimeout()} tells the deadline apart the way Go's
 * {@code DeadlineExceeded} does through its {@code Timeout() bool} method, so code that treats timeouts specially
 * recognises it without knowing about contexts.
 *
 * <p>Both are shared and immutable: no stack trace (there is no single place they come from), and
 * {@link #addSuppressed} is a no-op, so throwing one from anywhere, as goro's context-aware operations do, cannot
 * corrupt it. {@link Context#cause(Context)} carries the specific reason, when one was given.
 */
public final class ContextException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    ContextException(String message, boolean timeout) {
        super(message, null, false, false); // no suppression, no stack trace: one shared immutable instance
        this.timeout = timeout;
    }

    /** Keeps the two instances unique across serialization, so identity comparisons keep working. */
    private Object readResolve() {
        return timeout ? Context.DEADLINE_EXCEEDED : Context.CANCELED;
    }

    /** True for {@link Context#DEADLINE_EXCEEDED}, false for {@link Context#CANCELED} (Go's {@code Timeout()}). */
    public boolean isTimeout() {
        return timeout;
    }
}
