package dev.goro.internal.time;

import dev.goro.internal.chan.Sudog;
import dev.goro.internal.sched.GoRuntime;
import java.util.Objects;

/**
 * The timer behind {@code Time.afterFunc}: firing starts {@code f} in a new goroutine (Go's {@code goFunc}). It
 * is filed whenever it is armed: the function must run even if nobody keeps a reference to the timer.
 */
public final class FuncTimer extends RuntimeTimer {
    private final Runnable f;

    public FuncTimer(Runnable f) {
        super(false);
        this.f = Objects.requireNonNull(f, "f");
    }

    @Override
    protected Sudog fire(long firedAt) {
        GoRuntime.spawn(f, null, null, null);
        return null;
    }
}
