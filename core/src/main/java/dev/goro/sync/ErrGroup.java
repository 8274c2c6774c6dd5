package dev.goro.sync;

import dev.goro.Chan;
import dev.goro.GoInterruptedException;
import dev.goro.context.CancelableContext;
import dev.goro.context.Context;
import dev.goro.internal.chan.ChanLock;
import dev.goro.internal.chan.Sudog;
import dev.goro.internal.chan.WaitQ;
import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/*
 * golang.org/x/sync/errgroup (Group, WithContext, Go, TryGo, SetLimit, Wait), with x/sync's choices kept:
 *  - the limit is a buffered channel of tokens: go() sends one before starting (and parks, wait reason "chan
 *    send", while `limit` goroutines are active), the goroutine takes it back when it finishes;
 *  - the first error wins (one CAS) and cancels the derived context with that error as its cause;
 *  - await() waits for the count of active goroutines to reach zero (Go's WaitGroup.Wait), then cancels the
 *    derived context, error or not, so its resources are released.
 *
 * The count and the waiters of await() are guarded by `lock`; waiters park on sudogs in a WaitQ (wait reason
 * "sync.WaitGroup.Wait", what errgroup's Wait shows in Go) and are readied after the lock is dropped. An
 * interrupted waiter removes its sudog under the lock: if it was still queued it throws, else the count reached
 * zero first and it returns normally.
 */

/**
 * A group of goroutines working on parts of one task (golang.org/x/sync/errgroup's {@code Group}): start them
 * with {@link #go}, wait for all with {@link #await()}, which returns the first error any of them threw.
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);            // g, ctx := errgroup.WithContext(ctx)
 * for (String url : urls) {
 *     g.go(() -> fetch(g.context(), url));           // g.Go(func() error { return fetch(ctx, url) })
 * }
 * Throwable err = g.await();                         // if err := g.Wait(); err != nil { ... }
 * }</pre>
 *
 * <p><strong>Errors:</strong> whatever a task throws is its error (Go's non-nil error return); the first one is
 * kept, the others are dropped, as in Go. A task's exception is not reported anywhere else.
 *
 * <p><strong>Context:</strong> a group made by {@link #withContext} derives a context that is cancelled, with the
 * error as its {@link Context#cause cause}, the first time a task throws, and in any case when {@code await}
 * returns. Its goroutines run with that context as their {@link Context#current() current} one.
 *
 * <p><strong>Threading:</strong> any goroutine or thread may call {@code go} and {@code await}; as in Go, the
 * first {@code go} must happen before {@code await}, and {@code setLimit} must not race with {@code go}. A group
 * should not be reused for another task after {@code await} returns.
 */
public final class ErrGroup {
    private static final Object TOKEN = Boolean.TRUE;
    private static final String WAIT = "errgroup.Wait";
    private static final VarHandle ERR;

    static {
        try {
            ERR = MethodHandles.lookup().findVarHandle(ErrGroup.class, "err", Throwable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The derived context, or null for a group made without one. */
    private final CancelableContext ctx;
    private final ChanLock lock = new ChanLock();
    private long active;                         // guarded by lock: goroutines started and not finished
    private final WaitQ waiters = new WaitQ();   // guarded by lock: await() callers
    /**
     * Go's {@code sem}: one token per active goroutine; null without a limit. Volatile: setLimit's store publishes
     * the new channel to go() calls on other threads (Go leaves that race to the caller).
     */
    private volatile Chan<Object> sem;
    /**
     * The first error; set once by CAS. await() reads it after the last finish(), which it synchronizes with
     * through the lock and the sudog's completion, so the error of every finished task is visible.
     */
    private volatile Throwable err;

    /** A group with no limit and no context (Go's zero {@code Group}). */
    public ErrGroup() {
        this(null);
    }

    private ErrGroup(CancelableContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A group with a context derived from {@code parent} (Go's {@code errgroup.WithContext}), available as
     * {@link #context()}: cancelled the first time a task throws, or when {@link #await()} returns.
     *
     * @throws NullPointerException if {@code parent} is null
     */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancel(Objects.requireNonNull(parent, "parent")));
    }

    /** The context derived by {@link #withContext}; {@link Context#background()} for a group made without one. */
    public Context context() {
        return ctx != null ? ctx : Context.background();
    }

    /**
     * Runs {@code task} in a new goroutine of the group (Go's {@code Group.Go}). With a limit set, first waits
     * until fewer than that many of the group's goroutines are active.
     *
     * <p><strong>Blocking:</strong> only with a limit, while it is reached: parks the calling goroutine (wait reason
     * "chan send"), or blocks a plain thread.
     *
     * @throws GoInterruptedException if the caller is interrupted while it waits for room; the task was not started
     * @throws NullPointerException if {@code task} is null
     */
    public void go(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Object> s = sem;
        if (s != null) {
            s.send(TOKEN);
        }
        start(task, s);
    }

    /**
     * Runs {@code task} in a new goroutine of the group only if that does not exceed the limit (Go's
     * {@code Group.TryGo}). Never blocks.
     *
     * @return whether the goroutine was started
     * @throws NullPointerException if {@code task} is null
     */
    public boolean tryGo(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Object> s = sem;
        if (s != null && !s.trySend(TOKEN)) {
            return false;
        }
        start(task, s);
        return true;
    }

    /**
     * Limits the group to {@code n} active goroutines (Go's {@code Group.SetLimit}); a negative {@code n} removes
     * the limit. With a limit of 0, {@link #go} blocks forever and {@link #tryGo} always fails, as in Go.
     *
     * @throws IllegalStateException "errgroup: modify limit while N goroutines in the group are still active" if
     *                               goroutines started under a limit are still running
     */
    public void setLimit(int n) {
        if (n < 0) {
            sem = null;
            return;
        }
        Chan<Object> s = sem;
        if (s != null && s.len() != 0) {
            throw new IllegalStateException(
                    "errgroup: modify limit while " + s.len() + " goroutines in the group are still active");
        }
        sem = Chan.make(n);
    }

    /**
     * Waits until every goroutine of the group has finished (Go's {@code Group.Wait}), then cancels the derived
     * context, if any, and returns the first error a task threw, or null.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason "sync.WaitGroup.Wait"), or blocks a
     * plain thread, while goroutines of the group are active.
     *
     * @throws GoInterruptedException if the caller is interrupted on entry or while it waits; the context is then
     *                                left as it was
     */
    public Throwable await() {
        GoInterruptedException.throwIfInterrupted(WAIT);
        lock.lock();
        if (active == 0) {
            lock.unlock();
        } else {
            Sudog me = new Sudog(null, null, 0);
            waiters.enqueue(me);
            lock.unlock();
            if (!me.await(WaitReason.SYNC_WAITGROUP_WAIT, this)) {
                lock.lock();
                boolean removed = waiters.remove(me);
                lock.unlock();
                if (removed) {
                    throw new GoInterruptedException(WAIT);
                }
                // The count reached zero at the same moment: the wait is over, the interrupt status stays set.
            }
        }
        Throwable e = err;
        if (ctx != null) {
            ctx.cancel(e);
        }
        return e;
    }

    /**
     * As {@link #await()}, but throws the first error instead of returning it: the exception the task threw,
     * unchanged (checked ones included, as {@code Go.main} does).
     *
     * @throws Exception the first error a task threw
     */
    public void awaitOrThrow() throws Exception {
        Throwable e = await();
        if (e != null) {
            throw ErrGroup.<Exception>sneaky(e);
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "ErrGroup[active=" + active + (err != null ? ", failed: " + err : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    private void start(Task task, Chan<Object> s) {
        lock.lock();
        active++;
        lock.unlock();
        GoRuntime.spawn(() -> run(task, s), null, null, ctx); // a null ctx: inherit the spawner's
    }

    /** The goroutine body. */
    private void run(Task task, Chan<Object> s) {
        try {
            task.run();
        } catch (Throwable t) {
            if (ERR.compareAndSet(this, null, t) && ctx != null) { // volatile CAS: the first error wins
                ctx.cancel(t);
            }
        } finally {
            if (s != null) {
                s.tryRecv(); // give the token back; non-blocking, so an interrupt left by the task cannot stop it
            }
            finish();
        }
    }

    /** Go's {@code wg.Done()}: the last one readies the waiters, after dropping the lock. */
    private void finish() {
        List<Sudog> woken = null;
        lock.lock();
        if (--active == 0) {
            Sudog w;
            while ((w = waiters.dequeue()) != null) {
                w.complete();
                if (woken == null) {
                    woken = new ArrayList<>();
                }
                woken.add(w);
            }
        }
        lock.unlock();
        if (woken != null) {
            woken.forEach(Sudog::ready);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** A task of the group: Go's {@code func() error}, where throwing is returning an error. */
    @FunctionalInterface
    public interface Task {
        /**
         * Does the work.
         *
         * @throws Exception the task's error, which the group keeps if it is the first
         */
        void run() throws Exception;
    }
}
