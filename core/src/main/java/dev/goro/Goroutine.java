package dev.goro;

import dev.goro.internal.sched.G;
import dev.goro.internal.sched.Tracebacks;
import dev.goro.internal.sched.WaitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * A handle on a goroutine started with {@link Go#go(String, Runnable)}: its identity, state, and a way to
 * wait for it. Go has no such handle (goroutines are anonymous there); goro offers one because Java code
 * expects to join what it starts. Holding a handle keeps the goroutine reachable.
 */
public final class Goroutine {
    private final Thread thread;
    private final G g;

    Goroutine(Thread thread, G g) {
        this.thread = thread;
        this.g = g;
    }

    /** The goroutine's id: the id of its virtual thread, as JFR and JDK thread dumps show it. */
    public long id() {
        return thread.threadId();
    }

    /** The name given at creation, or null. */
    public String name() {
        return g != null ? g.name() : null;
    }

    /** Its current status. */
    public GoroutineState state() {
        if (!thread.isAlive()) {
            return thread.getState() == Thread.State.NEW ? GoroutineState.IDLE : GoroutineState.DEAD;
        }
        GoroutineInfo info = g != null ? Tracebacks.info(g, false) : null;
        return info != null ? info.state() : GoroutineState.RUNNING;
    }

    /** A snapshot of the goroutine with its stack, or null if it has finished. */
    public GoroutineInfo info() {
        return g != null && thread.isAlive() ? Tracebacks.info(g, true) : null;
    }

    /** Whether it has not finished yet. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Waits until the goroutine finishes. <strong>Blocking:</strong> parks the calling goroutine (wait reason
     * "goroutine join"), or blocks a plain thread.
     *
     * @throws InterruptedException if the caller is interrupted while waiting
     */
    public void join() throws InterruptedException {
        G self = G.current();
        if (self != null) {
            self.beginWait(WaitReason.JOIN);
        }
        try {
            thread.join();
        } finally {
            if (self != null) {
                self.endWait();
            }
        }
    }

    /**
     * Waits at most {@code timeout} for the goroutine to finish.
     *
     * @return true if it finished, false if the time ran out
     * @throws InterruptedException if the caller is interrupted while waiting
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        G self = G.current();
        if (self != null) {
            self.beginWait(WaitReason.JOIN);
        }
        try {
            return thread.join(timeout);
        } finally {
            if (self != null) {
                self.endWait();
            }
        }
    }

    /** Interrupts the goroutine: a parked goro operation in it fails (see the channel docs), a JDK one throws. */
    public void interrupt() {
        thread.interrupt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Goroutine other && other.thread == thread;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(thread.threadId());
    }

    @Override
    public String toString() {
        String n = name();
        return "goroutine " + id() + (n != null ? " \"" + n + "\"" : "");
    }
}
