package dev.goro.reactor;

import dev.goro.context.CancelableContext;
import dev.goro.context.Context;
import dev.goro.internal.sched.GoRuntime;
import reactor.util.context.ContextView;

/*
 * Starts the goroutine that serves one subscription, with what it must carry, and cancels what it carries when the
 * subscription is cancelled. One Launcher per subscription; made on the subscribing thread (that is where
 * ThreadLocals and the goro Context are captured); start may run later, on another thread (a Flux from a channel
 * starts its goroutine at the first request).
 *
 * The goroutine's goro Context ("The serving context"): withCancel(withValue(parent, KEY, this)). Its value under
 * KEY is this Launcher, which holds the subscriber's ContextView (ReactorContext.current() reads it) and the parent;
 * goroutines the body starts inherit the context, so they see the same ContextView and are cancelled with it. The
 * context ends when the subscription is cancelled (cancel, called by the adapter after it has recorded the cancel)
 * or when the body returns (Go's `defer cancel()`), whichever comes first, and then leaves its parent's children.
 *
 * The parent ("Which parent"): the subscribing goroutine's Context.current(), so a subscription made under a goro
 * Context (a request's, with a deadline) is cancelled when that context ends, and sees its values. Except when the
 * subscribing goroutine is itself a bridge goroutine running in its own serving context: Reactor subscribes on
 * whatever thread signals, so `mono(...).repeat()` resubscribes on the previous goroutine as it completes, and a
 * flatMap below `from(ch)` subscribes its inner publishers on the drainer. Taking that serving context as parent
 * would cancel the new subscription's context as soon as the previous goroutine returns, and a repeat would build
 * an ever longer chain of contexts; so the new one takes the parent that serving context was started under. A
 * context the body derived itself (Context.go(withTimeout(current(), ...), ...)) is kept as parent: that
 * relationship is the user's.
 *
 * Cancel racing start ("Publish before spawn"): start writes `ctx` (volatile) before it spawns, and the body reads
 * the adapter's own volatile state (the phase word cancel writes) before it runs user code; cancel writes that
 * state and then reads `ctx`. Volatile accesses are totally ordered, so either cancel finds the context, or the
 * body finds the cancel and runs no user code (the body's return then ends the context).
 */
final class Launcher {
    /** The key of the serving context's binding to its Launcher; only this package can see it. */
    static final Context.Key<Launcher> KEY = new Context.Key<>("reactor subscription");

    private final ContextView view;
    private final Context parent;
    private final Object threadLocals; // captured snapshot, or null
    /** The serving context, once start made it; see "Publish before spawn". */
    private volatile CancelableContext ctx;

    Launcher(ContextView view) {
        this.view = view;
        this.threadLocals = ThreadLocals.INSTANCE.capture(view);
        Context current = Context.current();
        Launcher serving = current.value(KEY);
        // "Which parent": skip a bridge goroutine's own serving context (its ctx was written before its spawn).
        this.parent = serving != null && serving.ctx == current ? serving.parent : current;
    }

    /** The subscriber's Reactor Context. */
    ContextView view() {
        return view;
    }

    /** Starts {@code body} in a new goroutine named {@code name}, in its serving context. Any thread; once. */
    void start(String name, Runnable body) {
        CancelableContext c = Context.withCancel(Context.withValue(parent, KEY, this));
        ctx = c; // volatile, before the spawn: see "Publish before spawn"
        Object tl = threadLocals;
        GoRuntime.spawn(() -> {
            try {
                if (tl == null) {
                    body.run();
                } else {
                    ThreadLocals.INSTANCE.runWith(tl, body);
                }
            } finally {
                c.cancel(); // Go's defer cancel(): children end with the body, and c leaves its parent
            }
        }, name, null, c);
    }

    /**
     * Cancels the serving context, if the goroutine has been started: after the adapter recorded the cancel in its
     * own state, before it interrupts the goroutine (so a body woken by the interrupt finds {@code err()} set).
     * Any thread; idempotent.
     */
    void cancel() {
        CancelableContext c = ctx; // volatile, after the adapter's write: see "Publish before spawn"
        if (c != null) {
            c.cancel();
        }
    }
}
