package dev.goro.internal.chan;

import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state shared by the sudogs of one blocked select (Go's {@code g.selectDone} and {@code g.param}).
 *
 * <h2>One winner</h2>
 * A blocked select sits in the queues of several channels at once, each guarded by its own lock, so two wakers
 * holding different channel locks may find its sudogs at the same moment. {@code claimed} decides: a waker
 * CASes it 0 -&gt; 1 before it touches the sudog ({@link WaitQ#dequeue}); the loser skips the sudog, dropping it
 * from its queue, as Go's {@code dequeue} does. The select's own interrupt claims it the same way, so an
 * interrupted select either has had no effect or has exactly one winning case.
 *
 * <table>
 *   <caption>claimed / winner</caption>
 *   <tr><th>claimed</th><th>winner</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>null</td><td>waiting; any case may fire</td></tr>
 *   <tr><td>1</td><td>null</td><td>a waker is between its claim and its {@code complete()} (it holds that case's
 *       channel lock), or the select's interrupt won</td></tr>
 *   <tr><td>1</td><td>sudog</td><td>that case won; its elem/success are visible</td></tr>
 * </table>
 */
public final class SelectWaiter {
    private static final VarHandle CLAIMED;
    private static final VarHandle WINNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLAIMED = l.findVarHandle(SelectWaiter.class, "claimed", int.class);
            WINNER = l.findVarHandle(SelectWaiter.class, "winner", Sudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread = Thread.currentThread();
    private volatile int claimed;
    private volatile Sudog winner;

    /** Claims the select for one waker or for its own interrupt; true for the first caller only. Any thread. */
    public boolean casClaim() {
        return CLAIMED.compareAndSet(this, 0, 1); // full CAS: the claim orders before the winner's writes
    }

    /** Whether a waker or the select's own interrupt has claimed it. Any thread. */
    public boolean isClaimed() {
        return claimed != 0; // volatile read
    }

    /** Waker side, holding the winning case's channel lock, after claiming and writing elem/success. */
    void setWinnerRelease(Sudog sg) {
        WINNER.setRelease(this, sg); // release: elem/success of sg visible to winnerAcquire
    }

    /** The winning case's sudog, or null while none has completed. Any thread. */
    public Sudog winnerAcquire() {
        return (Sudog) WINNER.getAcquire(this); // acquire: pairs with setWinnerRelease
    }

    /**
     * Parks the selecting thread until a case wins (true) or the thread is interrupted (false). Spurious returns
     * of park are absorbed here. Own thread only.
     */
    public boolean await() {
        assert thread == Thread.currentThread();
        while (winnerAcquire() == null) {
            if (thread.isInterrupted()) {
                return false;
            }
            G.park(WaitReason.SELECT, this);
        }
        return true;
    }
}
