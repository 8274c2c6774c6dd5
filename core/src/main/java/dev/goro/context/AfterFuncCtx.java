package dev.goro.context;

import dev.goro.Chan;
import dev.goro.RecvChan;
import dev.goro.internal.sched.GoRuntime;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Deque;

/**
 * A function registered with {@link Context#afterFunc} (Go's {@code afterFuncCtx}): a canceler among the context's
 * children that, when the context ends, starts the function in its own goroutine instead of ending a subtree.
 *
 * <p>One claim decides between running and stopping: the context's end and {@link #stop()} both try to flip
 * {@code claimed} from false to true, and only the winner acts, so the function runs at most once and
 * {@code stop()} returns true exactly when it kept it from running.
 */
final class AfterFuncCtx implements Canceler, Context.StopFunc {
    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(AfterFuncCtx.class, "claimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Context ctx;
    private final Runnable f;
    private volatile boolean claimed;

    // Both written once by the registering thread before the handle is returned; see CancelCtx.registeredWith.
    private CancelCtx registeredWith;
    /** Closed by stop(); made only when a goroutine watches a foreign context for us (see {@link #done()}). */
    private Chan<Void> stopped;

    private AfterFuncCtx(Context ctx, Runnable f) {
        this.ctx = ctx;
        this.f = f;
    }

    /** Go's {@code AfterFunc}. Any thread. */
    static Context.StopFunc register(Context ctx, Runnable f) {
        AfterFuncCtx a = new AfterFuncCtx(ctx, f);
        a.registeredWith = CancelCtx.propagateCancel(ctx, a);
        return a;
    }

    @Override
    public boolean stop() {
        if (!claim()) {
            return false; // started already, or stopped by an earlier call
        }
        CancelCtx p = registeredWith;
        if (p != null) {
            p.removeChild(this);
        }
        Chan<Void> s = stopped;
        if (s != null) {
            s.close(); // lets the watching goroutine exit
        }
        return true;
    }

    @Override
    public void cancel(boolean removeFromParent, ContextException err, Throwable cause) {
        start();
        CancelCtx p = registeredWith;
        if (removeFromParent && p != null) {
            p.removeChild(this);
        }
    }

    @Override
    public void cancelFromParent(ContextException err, Throwable cause, Deque<Canceler> work) {
        start(); // no children of its own
    }

    /** Called by propagateCancel only, before the handle is returned, when it watches a foreign context. */
    @Override
    public RecvChan<Void> done() {
        Chan<Void> s = stopped;
        if (s == null) {
            s = Chan.make();
            stopped = s;
        }
        return s;
    }

    private void start() {
        if (claim()) {
            GoRuntime.spawn(f, null, null, ctx); // never blocks: fine under a walking ancestor's lock
        }
    }

    private boolean claim() {
        return CLAIMED.compareAndSet(this, false, true); // volatile CAS: exactly one of start and stop wins
    }

    @Override
    public String toString() {
        return "context.AfterFunc(" + ctx + ")";
    }
}
