package dev.goro.context;

import dev.goro.Time;
import dev.goro.Timer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cancellable context with a deadline (Go's {@code timerCtx}): what {@link Context#withDeadline} and
 * {@link Context#withTimeout} return. The deadline is a goro {@link Time#afterFunc} timer, filed in goro's timer heap
 * while it is armed; cancelling the context stops it and drops it, so a context cancelled early costs the heap
 * nothing more (invariant C4 in CancelCtx).
 */
final class TimerCtx extends CancelCtx {
    private final Instant deadlineAt;
    private Timer timer; // (C4) guarded by lock

    private TimerCtx(Context parent, Instant deadline) {
        super(parent, Optional.of(deadline));
        this.deadlineAt = deadline;
    }

    /** Go's {@code WithDeadlineCause}; {@code cause} null for none. Any thread. */
    static CancelableContext withDeadline(Context parent, Instant deadline, Throwable cause) {
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(deadline)) {
            return withCancel(parent); // the parent ends first anyway
        }
        TimerCtx c = new TimerCtx(parent, deadline);
        c.register();
        Duration d = Duration.between(Time.now(), deadline);
        if (d.isNegative() || d.isZero()) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // already past
            return c;
        }
        c.lock.lock();
        try {
            if (!c.endedLocked()) { // the parent may have ended it meanwhile: then no timer at all (C4)
                c.timer = Time.afterFunc(d, () -> c.cancel(true, Context.DEADLINE_EXCEEDED, cause));
            }
        } finally {
            c.lock.unlock();
        }
        return c;
    }

    /** Now plus {@code timeout} on goro's clock, saturating at the largest instant. */
    static Instant deadlineAfter(Duration timeout) {
        try {
            return Time.now().plus(timeout);
        } catch (DateTimeException | ArithmeticException e) {
            return timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    @Override
    Timer detachTimer() {
        assert lock.isHeldByCurrentThread();
        Timer t = timer;
        timer = null;
        return t;
    }

    /** The deadline, for toString. */
    Instant deadlineAt() {
        return deadlineAt;
    }
}
