package dev.goro.sync;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.WaitReason;
import dev.goro.internal.sync.NotifyList;
import java.util.Objects;

/**
 * A condition variable (Go's {@code sync.Cond}): a rendezvous point for goroutines waiting for, or announcing,
 * a change of state guarded by a {@link Locker}.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * Cond ready = new Cond(mu);
 *
 * mu.lock();
 * try {
 *     while (!condition()) {
 *         ready.await();
 *     }
 *     use();
 * } finally {
 *     mu.unlock();
 * }
 * }</pre>
 *
 * <p>{@link #await()} unlocks the locker, waits for a {@link #signal()} or {@link #broadcast()}, and locks it
 * again before returning; since another goroutine may change the state in between, wait in a loop. A signal
 * wakes the goroutine that has waited longest, and never one that began waiting after the signal (Go's ticket
 * rule). Signal and broadcast may be called with or without the locker held. For most uses channels are simpler,
 * as Go's documentation says; Cond remains for the cases it fits.
 *
 * <p><strong>Blocking:</strong> {@code await()} parks the calling goroutine (wait reason {@code sync.Cond.Wait})
 * or blocks the calling platform thread until it is woken, then waits for the locker. {@code signal()} and
 * {@code broadcast()} never block.
 *
 * <p><strong>Interruption:</strong> {@code await()} throws {@link GoInterruptedException} if the thread is
 * interrupted on entry or while waiting, with the locker locked again, as on a normal return. The interrupted
 * waiter takes no signal with it: a later signal wakes the next waiter. If a signal had already reached it when
 * the interrupt was seen, {@code await()} returns normally and the interrupt status stays set, so the signal is
 * not lost (the same choice as {@link Object#wait()}).
 */
public final class Cond {
    private final Locker locker;
    private final NotifyList notifyList = new NotifyList();

    /**
     * Creates a condition variable waiting with {@code locker} (Go's NewCond).
     *
     * @throws NullPointerException if {@code locker} is null
     */
    public Cond(Locker locker) {
        this.locker = Objects.requireNonNull(locker, "locker");
    }

    /** The locker held while observing or changing the condition (Go's {@code c.L}). */
    public Locker locker() {
        return locker;
    }

    /**
     * Unlocks the locker, waits to be woken by {@link #signal()} or {@link #broadcast()}, and locks the locker
     * again (Go's Wait; {@code wait} is taken by {@link Object}). The caller must hold the locker.
     *
     * <p><strong>Blocking:</strong> parks the calling goroutine (wait reason {@code sync.Cond.Wait}) or blocks
     * the calling platform thread, then waits for the locker. The relock ignores interrupts, so the locker is
     * held whenever this method returns or throws.
     *
     * @throws GoInterruptedException if the thread is interrupted on entry (nothing happens: the locker stays
     *                                locked) or while waiting (the waiter withdraws, the locker is relocked)
     */
    public void await() {
        GoInterruptedException.throwIfInterrupted(WaitReason.SYNC_COND_WAIT.toString());
        int ticket = notifyList.add(); // taken under the locker: any signal after our unlock counts us
        try {
            locker.unlock();
        } catch (RuntimeException | Error e) {
            notifyList.withdraw(ticket); // the caller did not hold the locker: take no signal with us
            throw e;
        }
        try {
            notifyList.await(ticket);
        } finally {
            relock();
        }
    }

    /** Wakes the goroutine that has waited longest, if any. */
    public void signal() {
        notifyList.notifyOne();
    }

    /** Wakes every waiting goroutine. */
    public void broadcast() {
        notifyList.notifyEvery();
    }

    /**
     * Locks the locker even if the thread is or gets interrupted, restoring the interrupt status afterwards: a
     * Cond's caller always gets its lock back (as Java's Condition.await does).
     */
    private void relock() {
        boolean interrupted = Thread.interrupted();
        try {
            for (;;) {
                try {
                    locker.lock();
                    return;
                } catch (GoInterruptedException e) {
                    interrupted |= Thread.interrupted(); // interrupted again while relocking: retry
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Cond[" + locker + "]";
    }
}
