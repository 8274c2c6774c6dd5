package dev.goro.reactor;

import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoRuntime;
import reactor.util.context.ContextView;

/**
 * Starts the goroutine that serves one subscription, with what it must carry: the subscriber's Reactor Context
 * as its attachment ({@link ReactorAttachment}, found by {@link ReactorContext#current()} and inherited by the
 * goroutines it starts), and the ThreadLocal values captured when the subscription was made ({@link ThreadLocals}).
 *
 * <p>Made on the subscribing thread (that is where ThreadLocals are captured); {@link #start} may run later, on
 * another thread (a Flux from a channel starts its goroutine at the first request).
 */
final class Launcher {
    private final ContextView context;
    private final Object threadLocals; // captured snapshot, or null
    private final Object inherited;    // the subscribing goroutine's own attachment, kept under ours

    Launcher(ContextView context) {
        this.context = context;
        this.threadLocals = ThreadLocals.INSTANCE.capture(context);
        G g = G.current();
        Object att = g != null ? g.attachment() : null;
        this.inherited = att instanceof ReactorAttachment r ? r.inherited() : att;
    }

    /** Starts {@code body} in a new goroutine named {@code name} and returns its thread. Any thread. */
    Thread start(String name, Runnable body) {
        Object tl = threadLocals;
        Runnable task = tl == null ? body : () -> ThreadLocals.INSTANCE.runWith(tl, body);
        return GoRuntime.spawn(task, name, null, new ReactorAttachment(context, inherited));
    }
}
