package dev.goro.internal.time;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code Time.sleep} (Go's {@code timeSleep}): a heap node that holds the sleeping thread strongly and unparks it
 * when due. The sleeper loops until the node has fired, so early returns of park are harmless.
 *
 * <p>Interrupt: the sleeper takes its node out of the heap; if that succeeds the sleep is abandoned and
 * {@link GoInterruptedException} is thrown; if the timer thread took it out first, the sleep has completed and
 * returns normally (the interrupt status stays set).
 */
public final class Sleep extends TimerHeap.Node {
    private static final VarHandle FIRED;

    static {
        try {
            FIRED = MethodHandles.lookup().findVarHandle(Sleep.class, "fired", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread = Thread.currentThread();
    private final G g = G.current();
    private volatile boolean fired;

    private Sleep() {
    }

    /**
     * Parks the caller for at least {@code nanos} (nothing for {@code nanos <= 0}), with wait reason "sleep".
     * Own thread.
     *
     * @throws GoInterruptedException if the caller is interrupted on entry or while asleep
     */
    public static void sleep(long nanos) {
        GoInterruptedException.throwIfInterrupted("sleep");
        if (nanos <= 0) {
            return;
        }
        long when = TimerQueue.when(nanos); // saturates: an overflowing sleep lasts "forever", as Go's maxWhen
        Sleep s = new Sleep();
        TimerQueue.addOrMove(s, when);
        while (!(boolean) FIRED.getAcquire(s)) { // acquire: pairs with the release in expire
            if (s.thread.isInterrupted()) {
                if (TimerQueue.remove(s)) {
                    throw new GoInterruptedException("sleep");
                }
                // The timer thread took it out and is about to (or did) set fired: the sleep is over.
                while (!(boolean) FIRED.getAcquire(s)) {
                    Thread.onSpinWait();
                }
                return;
            }
            G.park(WaitReason.SLEEP, s);
        }
    }

    @Override
    void expire(long now) {
        FIRED.setRelease(this, true); // release: pairs with the sleeper's acquire
        if (g != null) {
            g.ready();
        } else {
            LockSupport.unpark(thread);
        }
    }
}
