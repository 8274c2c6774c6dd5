package dev.goro.sync;

/**
 * Go's exact texts for misuse of the sync package (src/sync and src/internal/sync), in one place so that code
 * and tests agree with Go word for word. Each is the message of an {@link IllegalStateException}.
 */
final class Messages {
    /** {@code Mutex.Unlock} of a mutex that is not locked. */
    static final String UNLOCK_OF_UNLOCKED_MUTEX = "sync: unlock of unlocked mutex";
    /** {@code RWMutex.RUnlock} without a matching RLock. */
    static final String RUNLOCK_OF_UNLOCKED_RWMUTEX = "sync: RUnlock of unlocked RWMutex";
    /** {@code RWMutex.Unlock} of an RWMutex that is not write-locked. */
    static final String UNLOCK_OF_UNLOCKED_RWMUTEX = "sync: Unlock of unlocked RWMutex";
    /** {@code WaitGroup.Add} taking the counter below zero. */
    static final String NEGATIVE_WAITGROUP_COUNTER = "sync: negative WaitGroup counter";
    /** {@code WaitGroup.Add} from zero while a Wait is in progress. */
    static final String WAITGROUP_ADD_CONCURRENT_WITH_WAIT =
            "sync: WaitGroup misuse: Add called concurrently with Wait";
    /** A waiter woke to find the WaitGroup already in use again. */
    static final String WAITGROUP_REUSED = "sync: WaitGroup is reused before previous Wait has returned";

    private Messages() {
    }
}
