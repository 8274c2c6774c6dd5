package dev.goro.reactor;

import dev.goro.Time;
import dev.goro.Timer;
import dev.goro.internal.sched.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.Disposable;

/*
 * One task of a GoroScheduler or of one of its workers: runs at most once at a time, can be disposed before or
 * while it runs, and, when delayed or periodic, owns a goro timer (Time.afterFunc) that makes it due.
 *
 * `state`, and who moves it:
 *   IDLE          not running: before its (first) run, or between two runs of a periodic task
 *   RUNNING       a goroutine is inside the action; it wrote `runner` before its CAS from IDLE
 *   FINISHED      a one-shot task ran (the runner's CAS from RUNNING)
 *   CANCELLED     disposed while IDLE, or by the runner's own thread while RUNNING (no interrupt)
 *   INTERRUPTING  disposed by another thread while RUNNING: the disposer is about to interrupt the runner
 *   INTERRUPTED   ...and has (see Interrupts: the runner waits for this, then clears its interrupt status, so the
 *                 interrupt never reaches the next task of a worker's goroutine)
 * The disposer reads `runner` only after its CAS from RUNNING succeeded: no later run can have started then (that
 * needs IDLE), so it interrupts exactly the goroutine running this task.
 */
final class GoTask implements Runnable, Disposable {
    static final int IDLE = 0, RUNNING = 1, FINISHED = 2, CANCELLED = 3, INTERRUPTING = 4, INTERRUPTED = 5;

    /** Longer than any real delay: a timer made with it cannot fire before it is reset. */
    private static final Duration NOT_YET = Duration.ofDays(365_000);

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(GoTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable action;
    /** Where the task is registered until it finishes, for its scheduler's or worker's dispose; may be null. */
    private final Disposable.Composite tracker;
    private final long periodNanos;
    private final boolean periodic;

    private volatile int state;
    private volatile Thread runner;
    /** Delayed and periodic tasks: the timer, and what to do when it fires. Written before the timer can fire. */
    private volatile Timer timer;
    private volatile Consumer<GoTask> onDue;
    /** Periodic: the clock reading at which the current period's run was due. Touched by the runner only. */
    private long dueAt;

    GoTask(Runnable action, Disposable.Composite tracker, long periodNanos, boolean periodic) {
        this.action = action;
        this.tracker = tracker;
        this.periodNanos = periodNanos;
        this.periodic = periodic;
    }

    /** Makes the task due after {@code delayNanos} (then {@code onDue} runs it or queues it). Scheduling thread. */
    void arm(long delayNanos, Consumer<GoTask> onDue) {
        this.onDue = onDue;
        this.dueAt = Clock.nanoTime() + Math.max(0, delayNanos);
        Timer t = Time.afterFunc(NOT_YET, this::fire);
        this.timer = t; // volatile: seen by the timer's goroutine (it cannot fire before the reset) and by dispose
        t.reset(Duration.ofNanos(delayNanos));
        if (isDisposed()) {
            t.stop(); // disposed while we were arming it
        }
    }

    /** The timer fired (in its own goroutine). */
    private void fire() {
        if (state == IDLE) {
            onDue.accept(this);
        }
    }

    @Override
    public void run() {
        runner = Thread.currentThread(); // volatile, before the CAS that dispose reads it after
        if (!STATE.compareAndSet(this, IDLE, RUNNING)) {
            return; // disposed before it ran
        }
        try {
            action.run();
        } catch (Throwable e) {
            // As an exception escaping a goroutine: goro's handler (Go.setUncaughtExceptionHandler) reports it.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
        if (STATE.compareAndSet(this, RUNNING, periodic ? IDLE : FINISHED)) {
            if (periodic) {
                rearm();
            } else if (tracker != null) {
                tracker.remove(this);
            }
            return;
        }
        // Disposed while it ran.
        int s = state;
        if (s == INTERRUPTING || s == INTERRUPTED) {
            Interrupts.awaitAndClear(() -> state == INTERRUPTED);
        }
    }

    /** Periodic: the next run at a fixed rate, or at once if it is already late (or the period is not positive). */
    private void rearm() {
        long now = Clock.nanoTime();
        long next = periodNanos > 0 ? dueAt + periodNanos : now;
        dueAt = next;
        timer.reset(Duration.ofNanos(Math.max(0, next - now)));
        if (isDisposed()) {
            timer.stop(); // a dispose between our CAS to IDLE and the reset stopped the old arming only
        }
    }

    @Override
    public void dispose() {
        int s;
        for (;;) {
            s = state;
            if (s >= FINISHED) {
                return;
            }
            boolean interrupt = s == RUNNING && runner != Thread.currentThread();
            if (STATE.compareAndSet(this, s, interrupt ? INTERRUPTING : CANCELLED)) {
                if (interrupt) {
                    runner.interrupt(); // exact: see the class comment
                    STATE.setVolatile(this, INTERRUPTED);
                }
                break;
            }
        }
        Timer t = timer;
        if (t != null) {
            t.stop();
        }
        if (tracker != null) {
            tracker.remove(this);
        }
    }

    @Override
    public boolean isDisposed() {
        return state >= FINISHED;
    }
}
