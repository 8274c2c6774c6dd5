package dev.goro.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The scheduler's lock (Go's {@code sched.lock}, a runtime mutex that blocks the thread, never the goroutine):
 * a spin lock that never parks.
 *
 * <p>Why not a monitor: carriers (Ms) take this lock, and so do goroutines (a wake-up submitted from a
 * goroutine may need an idle P; {@code Go.blocking} hands its P over). Since JDK 24 a virtual thread blocked on a
 * contended monitor unmounts, and HotSpot may hand it the monitor while it waits for a carrier: it then owns
 * the lock unmounted while every carrier is blocked on that same lock, and nothing can ever mount it again (seen
 * as a hang of the whole scheduler under Go.blocking churn). A spin lock keeps a goroutine mounted, on its
 * carrier, from the first attempt to the release, as Go's runtime mutex keeps its M.
 *
 * <p>Critical sections under it are a few dozen instructions, allocate nothing that could load a class, and
 * never park: a holder that parked would make every other carrier spin.
 */
final class SchedLock {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SchedLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spins before a platform thread starts yielding its CPU to the holder. */
    private static final int SPINS_BEFORE_YIELD = 64;

    @SuppressWarnings("unused")
    private volatile int state; // 0 free, 1 held

    void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) { // cas: acquire, pairs with the release store in unlock
            lockSlow();
        }
    }

    private void lockSlow() {
        boolean platform = !Thread.currentThread().isVirtual();
        for (int spins = 0; ; spins++) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (platform && spins >= SPINS_BEFORE_YIELD) {
                Thread.yield(); // an OS yield: lets a descheduled holder run on this CPU
            } else {
                Thread.onSpinWait(); // a goroutine must stay mounted: see the class comment
            }
        }
    }

    void unlock() {
        STATE.setRelease(this, 0); // release: publishes the critical section to the next acquirer
    }

    boolean isHeld() {
        return (int) STATE.getOpaque(this) == 1;
    }
}
