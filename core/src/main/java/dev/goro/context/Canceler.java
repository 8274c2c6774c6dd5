package dev.goro.context;

import dev.goro.RecvChan;
import java.util.Deque;

/**
 * Something a cancellable context keeps among its children and ends when it ends (Go's {@code canceler}): a
 * {@link CancelCtx} (or {@link TimerCtx}) derived from it, or an {@link AfterFuncCtx} registered on it.
 */
interface Canceler {

    /**
     * Ends this canceler on its own account (its cancel function, its timer, or the goroutine watching a foreign
     * parent): records {@code err} and {@code cause}, ends its descendants, and with {@code removeFromParent} leaves
     * the children of the context it is registered with. No-op if it has ended. Any thread; holds no context lock,
     * or only the lock of the parent it is being registered with (Go calls it there too).
     *
     * @param cause null for {@code err} itself
     */
    void cancel(boolean removeFromParent, ContextException err, Throwable cause);

    /**
     * Ends this canceler because an ancestor ended: as {@link #cancel} without leaving the parent (whose children are
     * being discarded), pushing its own children on {@code work} for the caller to end next, so that a tree of any
     * depth is ended without recursion. Holds the lock of the ancestor whose {@code cancel} walks the tree; takes
     * only this canceler's own lock (lock order: ancestor, then descendant; see "Lock order" in CancelCtx).
     *
     * @param cause never null
     */
    void cancelFromParent(ContextException err, Throwable cause, Deque<Canceler> work);

    /**
     * A channel closed once this canceler has ended or been stopped: what the goroutine watching a foreign parent
     * waits on besides the parent's {@code done()}. Any thread.
     */
    RecvChan<Void> done();
}
