package dev.goro.pool;

/**
 * The pool has been released (ants' {@code ErrPoolClosed}, with its text "this pool has been closed"): thrown by a
 * submit to a released pool, to a submitter that was waiting when the pool was released (its task was not
 * accepted), and by a second release.
 */
public final class PoolClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** ants' text. */
    static final String MESSAGE = "this pool has been closed";

    PoolClosedException() {
        super(MESSAGE);
    }
}
