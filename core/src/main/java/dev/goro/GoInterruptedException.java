package dev.goro;

/**
 * A goro blocking operation (channel send or receive, select, a lock, a wait group, a sleep...) was
 * interrupted: the thread or goroutine was interrupted before or while it was parked. The operation had no
 * effect (a send delivered nothing, a receive consumed nothing), and the thread's interrupt status is still
 * set, so code further up can see it.
 *
 * <p>Unchecked, as Go's operations declare no errors; catch it where interruption means cancellation.
 */
public class GoInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An interruption of the named operation, e.g. "chan receive". */
    public GoInterruptedException(String operation) {
        super(operation + " interrupted");
    }

    /**
     * Throws if the calling thread has been interrupted, keeping its interrupt status. Called by blocking
     * operations before they park and after each wake-up.
     */
    public static void throwIfInterrupted(String operation) {
        if (Thread.currentThread().isInterrupted()) {
            throw new GoInterruptedException(operation);
        }
    }
}
