package dev.goro.internal.chan;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A channel's lock (Go's {@code hchan.lock}): a non-reentrant mutex, one object per channel.
 *
 * <p>Why not {@code synchronized}: a goroutine that blocks entering a contended monitor is unblocked by the
 * JDK's own unblocker thread, i.e. it comes back through the global run queue; a goroutine parked here is
 * unparked by the goroutine that unlocks, so it lands in that goroutine's P's runnext like any other goro
 * wake-up. Why not {@code ReentrantLock}: it costs a second object per channel (its Sync) for reentrancy that
 * channel code never needs. The critical sections it guards are a few dozen instructions long and never park.
 *
 * <p>State: 0 unlocked, 1 locked. The owner is recorded only so that {@link #isHeldByCurrentThread()} can back
 * the "Holds the channel lock." contracts with assertions.
 */
public final class ChanLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** Acquires the lock, parking the caller (goroutine or thread) while another holds it. Any thread. */
    public void lock() {
        if (!compareAndSetState(0, 1)) { // CAS: acquire, pairs with the release in tryRelease
            acquire(1);
        } else {
            setExclusiveOwnerThread(Thread.currentThread());
        }
    }

    /** Releases the lock and unparks the next waiter, if any. Owner only. */
    public void unlock() {
        release(1);
    }

    /** Whether the calling thread holds the lock; for assertions. */
    public boolean isHeldByCurrentThread() {
        return getState() == 1 && getExclusiveOwnerThread() == Thread.currentThread();
    }

    @Override
    protected boolean tryAcquire(int ignored) {
        if (compareAndSetState(0, 1)) {
            setExclusiveOwnerThread(Thread.currentThread());
            return true;
        }
        return false;
    }

    @Override
    protected boolean tryRelease(int ignored) {
        assert isHeldByCurrentThread() : "ChanLock.unlock: not the owner";
        setExclusiveOwnerThread(null);
        setState(0); // volatile store: release, publishes the critical section to the next acquirer
        return true;
    }

    @Override
    protected boolean isHeldExclusively() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }
}
