package dev.goro.context;

/**
 * A {@link Context} its creator can cancel: what {@link Context#withCancel}, {@link Context#withDeadline} and
 * {@link Context#withTimeout} return, Go's pair {@code (ctx, cancel)} in one object. Hand it on as a plain
 * {@code Context}, so that callees can watch it but not cancel it.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withCancel(parent)) {   // ctx, cancel := context.WithCancel(parent)
 *     work(ctx);                                               // defer cancel()
 * }
 * }</pre>
 *
 * <p>Cancelling releases what the context holds (its place among its parent's children, its deadline timer):
 * always cancel a context once its work is done, even when it has a deadline. All three methods are idempotent,
 * never block, and may be called from any thread; only the first cancellation counts.
 */
public interface CancelableContext extends Context, AutoCloseable {

    /**
     * Cancels this context and every context derived from it (Go's {@code CancelFunc}): {@link #err()} becomes
     * {@link Context#CANCELED} and {@link #done()} is closed. Does nothing if it has already ended. Does not wait
     * for the work watching it to stop.
     */
    void cancel();

    /**
     * As {@link #cancel()}, recording {@code cause} as the reason {@link Context#cause(Context)} reports for this
     * context and its descendants (Go's {@code CancelCauseFunc} from {@code context.WithCancelCause}).
     *
     * @param cause the reason; null means {@link Context#CANCELED}
     */
    void cancel(Throwable cause);

    /** {@link #cancel()}, so that try-with-resources reads as Go's {@code defer cancel()}. */
    @Override
    void close();
}
