package dev.goro.context;

import dev.goro.Go;
import dev.goro.RecvChan;
import dev.goro.Select;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values that travel together
 * down a call tree and across goroutines.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(parent, Duration.ofSeconds(1))) { // defer cancel()
 *     String r = Select.select(
 *             Select.recv(results, v -> v),                   // case v := <-results:
 *             Select.recv(ctx.done(), x -> {                  // case <-ctx.Done():
 *                 throw ctx.err();                            //     return ctx.Err()
 *             }));
 * }
 * }</pre>
 *
 * <h2>The tree</h2>
 * Contexts are immutable and form a tree: each {@code withXxx} derives a child from a parent. Cancelling a context
 * (its {@link CancelableContext#cancel() cancel}, its deadline, or its parent's end) cancels every context derived
 * from it, all of them before {@code cancel} returns; a child never cancels its parent. A cancelled child leaves its
 * parent's list of children at once, and a context's deadline timer is stopped and released when it ends, so
 * short-lived children of a long-lived parent leak nothing, provided every {@link CancelableContext} is cancelled
 * (closing it in try-with-resources is Go's {@code defer cancel()}).
 *
 * <h2>Signals</h2>
 * {@link #done()} is a channel closed when the context ends, usable as a {@link Select} case; {@link #err()} then
 * says why ({@link #CANCELED} or {@link #DEADLINE_EXCEEDED}) and {@link #cause(Context)} gives the specific cause
 * when one was given. {@link #background()} never ends: its {@code done()} is the nil channel, whose cases never
 * fire. As in Go, {@code err()} is null exactly while {@code done()} is not closed.
 *
 * <h2>The current context</h2>
 * Go passes contexts explicitly, and so should code written with goro. For frameworks that cannot, a goroutine
 * can be started with a context ({@link #go(Context, Runnable)}); it finds it again with {@link #current()}, and
 * goroutines it starts inherit it.
 *
 * <h2>Implementing Context</h2>
 * Like Go's, this is an interface that other types may implement, for instance to adapt another framework's
 * cancellation. An implementation must return one of the two {@link ContextException}s from {@code err()}, and
 * should answer {@link #value} for keys it does not hold by asking its parent. The {@code withXxx} functions accept
 * any implementation; a child of a foreign context that can end is watched by a goroutine, as in Go, unless the
 * foreign context delegates {@code done()} and {@code value()} to one of goro's own contexts.
 *
 * <p><strong>Threading:</strong> every method may be called from any goroutine or thread, concurrently.
 */
public interface Context {

    /** The error of a context that was cancelled: "context canceled" (Go's {@code context.Canceled}). */
    ContextException CANCELED = new ContextException("context canceled", false);

    /**
     * The error of a context whose deadline passed: "context deadline exceeded" (Go's
     * {@code context.DeadlineExceeded}); {@link ContextException#isTimeout()} is true.
     */
    ContextException DEADLINE_EXCEEDED = new ContextException("context deadline exceeded", true);

    /**
     * When this context will end by itself (Go's {@code Deadline()}); empty if it has no deadline. A context's
     * deadline never changes.
     */
    Optional<Instant> deadline();

    /**
     * A channel closed when this context ends (Go's {@code Done()}): receive from it, or use it as a
     * {@link Select} case. Contexts that can never end return the nil channel, whose receive blocks forever and
     * whose select cases never fire. Nothing is ever sent on it; a receive returns null once it is closed.
     */
    RecvChan<Void> done();

    /**
     * Why the context ended (Go's {@code Err()}): null while {@link #done()} is not closed, then
     * {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}, forever. Never blocks.
     */
    ContextException err();

    /**
     * The value bound to {@code key} by the nearest {@link #withValue} above this context, or null (Go's
     * {@code Value(key)}).
     *
     * @throws NullPointerException if {@code key} is null
     */
    <T> T value(Key<T> key);

    // ---------------------------------------------------------------------------------------------------
    // Go's package-level functions

    /**
     * The root context (Go's {@code context.Background()}): never ends, has no deadline and no values. One shared
     * instance.
     */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /**
     * A placeholder root for code that has no context yet (Go's {@code context.TODO()}); behaves as
     * {@link #background()} and prints as {@code context.TODO}.
     */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    /**
     * A child of {@code parent} with a cancel of its own (Go's {@code context.WithCancel}, and
     * {@code WithCancelCause} through {@link CancelableContext#cancel(Throwable)}). It ends when it is cancelled or
     * when {@code parent} ends, whichever comes first, and then takes the parent's error and cause.
     *
     * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null
     */
    static CancelableContext withCancel(Context parent) {
        return CancelCtx.withCancel(requireParent(parent));
    }

    /**
     * A child of {@code parent} that also ends at {@code deadline} with {@link #DEADLINE_EXCEEDED} (Go's
     * {@code context.WithDeadline}). If the parent's deadline is earlier, this is {@link #withCancel}: the parent
     * will end first anyway. A deadline already past ends the child at once. Cancel it when done, to release its
     * timer before the deadline.
     *
     * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null, or if
     *                              {@code deadline} is null
     */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return TimerCtx.withDeadline(requireParent(parent), Objects.requireNonNull(deadline, "deadline"), null);
    }

    /**
     * As {@link #withDeadline(Context, Instant)}, with {@code cause} as the {@link #cause cause} when the deadline
     * is what ends it (Go's {@code context.WithDeadlineCause}); {@code err()} is still {@link #DEADLINE_EXCEEDED}.
     *
     * @param cause the cause reported when the deadline passes; null for {@link #DEADLINE_EXCEEDED} itself
     */
    static CancelableContext withDeadline(Context parent, Instant deadline, Throwable cause) {
        return TimerCtx.withDeadline(requireParent(parent), Objects.requireNonNull(deadline, "deadline"), cause);
    }

    /**
     * {@code withDeadline(parent, now + timeout)} on goro's clock (Go's {@code context.WithTimeout}); a zero or
     * negative timeout ends the child at once.
     *
     * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null, or if
     *                              {@code timeout} is null
     */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return withTimeout(parent, timeout, null);
    }

    /**
     * As {@link #withTimeout(Context, Duration)}, with {@code cause} as the cause when the timeout is what ends it
     * (Go's {@code context.WithTimeoutCause}).
     */
    static CancelableContext withTimeout(Context parent, Duration timeout, Throwable cause) {
        requireParent(parent);
        return TimerCtx.withDeadline(parent, TimerCtx.deadlineAfter(Objects.requireNonNull(timeout, "timeout")), cause);
    }

    /**
     * A child of {@code parent} in which {@code key} is bound to {@code value} (Go's {@code context.WithValue}); it
     * ends when the parent ends. Keys are compared by identity, and a binding hides those of the same key above it.
     * Use values for request-scoped data that crosses API boundaries, not for optional parameters.
     *
     * @param value may be null, which hides a binding of {@code key} higher up
     * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null, "nil key" if
     *                              {@code key} is null
     */
    static <T> Context withValue(Context parent, Key<T> key, T value) {
        return new ValueCtx(requireParent(parent), Objects.requireNonNull(key, "nil key"), value);
    }

    /**
     * A child of {@code parent} that keeps its values but not its end (Go's {@code context.WithoutCancel}): it is
     * never cancelled, has no deadline, and its {@code done()} is the nil channel. For work that must outlive the
     * request that started it, such as a cleanup.
     *
     * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null
     */
    static Context withoutCancel(Context parent) {
        return new WithoutCancelCtx(requireParent(parent));
    }

    /**
     * Why {@code ctx} ended, as specifically as known (Go's {@code context.Cause}): the cause given to
     * {@link CancelableContext#cancel(Throwable)} or to {@code withDeadline}/{@code withTimeout} on the context that
     * ended first; else {@code ctx.err()}; null while {@code ctx} has not ended.
     *
     * @throws NullPointerException if {@code ctx} is null
     */
    static Throwable cause(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        CancelCtx c = ctx.value(CancelCtx.KEY);
        return c != null ? c.cause() : ctx.err();
    }

    /**
     * Runs {@code f} in its own goroutine once {@code ctx} ends (Go's {@code context.AfterFunc}); at once if it
     * has ended already. Each call registers {@code f} independently. Never blocks. {@code f} runs with {@code ctx}
     * as its {@link #current()} context.
     *
     * @return a handle whose {@link StopFunc#stop() stop()} keeps {@code f} from running
     * @throws NullPointerException if {@code ctx} or {@code f} is null
     */
    static StopFunc afterFunc(Context ctx, Runnable f) {
        return AfterFuncCtx.register(Objects.requireNonNull(ctx, "ctx"), Objects.requireNonNull(f, "f"));
    }

    /**
     * The context the calling goroutine was started with by {@link #go(Context, Runnable)}, or inherited from the
     * goroutine that started it; {@link #background()} if none, or on a plain thread.
     */
    static Context current() {
        G g = G.current();
        return g != null && g.attachment() instanceof Context c ? c : background();
    }

    /**
     * Starts {@code task} in a new goroutine whose {@link #current()} context is {@code ctx}; the goroutines it
     * starts inherit it. Otherwise as {@link Go#go(Runnable)}.
     *
     * @throws NullPointerException if {@code ctx} or {@code task} is null
     */
    static void go(Context ctx, Runnable task) {
        GoRuntime.spawn(Objects.requireNonNull(task, "task"), null, null, Objects.requireNonNull(ctx, "ctx"));
    }

    private static Context requireParent(Context parent) {
        return Objects.requireNonNull(parent, "cannot create context from nil parent");
    }

    // ---------------------------------------------------------------------------------------------------

    /**
     * A key for {@link #withValue}: a typed, identity-compared token, usually a constant. Go recommends an
     * unexported key type per package so that packages cannot collide; a key object that only its owner can see
     * gives the same guarantee.
     *
     * <pre>{@code
     * static final Context.Key<String> REQUEST_ID = new Context.Key<>("request id");
     * Context ctx = Context.withValue(parent, REQUEST_ID, "r-42");
     * String id = ctx.value(REQUEST_ID);
     * }</pre>
     *
     * @param <T> the type of the values bound to this key
     */
    final class Key<T> {
        private final String name;

        /**
         * A new key, distinct from every other.
         *
         * @param name shown by {@code toString()} only
         */
        public Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What {@link #afterFunc} returns: a way to keep the function from running (Go's {@code stop func() bool}). */
    @FunctionalInterface
    interface StopFunc {
        /**
         * Keeps the function from running. Returns true if this call did so; false if the function had already
         * been started (stop does not wait for it) or stopped. Never blocks.
         */
        boolean stop();
    }
}
