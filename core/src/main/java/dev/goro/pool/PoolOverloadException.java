package dev.goro.pool;

import java.util.concurrent.RejectedExecutionException;

/**
 * A pool refused a task because it was full and could not wait (ants' {@code ErrPoolOverload}, with its text "too
 * many goroutines blocked on submit or Nonblocking is set"): every worker was busy and either the pool is
 * {@linkplain Pool.Options#nonblocking(boolean) non-blocking} or
 * {@linkplain Pool.Options#maxBlockingTasks(int) enough submitters} were already waiting. The task was not accepted;
 * the caller still owns it.
 */
public final class PoolOverloadException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    /** ants' text. */
    static final String MESSAGE = "too many goroutines blocked on submit or Nonblocking is set";

    PoolOverloadException() {
        super(MESSAGE);
    }
}
