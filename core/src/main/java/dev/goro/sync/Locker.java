package dev.goro.sync;

/**
 * An object that can be locked and unlocked (Go's {@code sync.Locker}): {@link Mutex}, {@link RWMutex} (its
 * write lock) and {@link RWMutex#rLocker()} (its read lock). {@link Cond} waits with one.
 */
public interface Locker {
    /**
     * Locks, waiting if necessary.
     *
     * <p><strong>Blocking:</strong> for goro's lockers, parks the calling goroutine or blocks the calling
     * platform thread until the lock is available.
     */
    void lock();

    /** Unlocks. */
    void unlock();
}
