package dev.goro.internal.sched;

/**
 * A broken runtime invariant (Go's {@code throw}): a bug in goro, never a user mistake. The message starts with
 * the function that found it. An Error, so that {@code catch (Exception e)} in user code cannot swallow it.
 */
public final class GoroFatalError extends Error {
    private static final long serialVersionUID = 1L;

    public GoroFatalError(String message) {
        super(message);
    }
}
