package dev.goro.internal.chan;

import dev.goro.Chan;
import java.util.Objects;

/**
 * Channels that report each value a receiver takes, for goro's own adapters in other packages (the Reactor
 * bridge refills a Reactive Streams subscription as a goroutine drains the channel it feeds). Not API.
 *
 * <p>{@code Chan}'s constructor is private to {@code dev.goro}; it hands this class a factory when it is
 * initialized (the JDK's "shared secrets" pattern), so the capability reaches goro's modules without a public
 * method on {@code Chan}.
 */
public final class ObservedChans {

    /** Told of each value received from an observed channel. */
    @FunctionalInterface
    public interface RecvObserver {
        /**
         * A receiver has just taken one value from the channel (by recv, recvOk, tryRecv, tryRecvOk, iteration or
         * a select case), from the buffer or straight from a sender. Runs on the receiving thread, after the
         * channel lock is released and before the receive returns, once per value; several receivers may call it
         * at once. It must not block; it may send to or receive from the channel.
         */
        void received();
    }

    /** Chan's side of the bridge. */
    @FunctionalInterface
    public interface Factory {
        <T> Chan<T> make(int capacity, RecvObserver observer);
    }

    private static volatile Factory factory; // volatile: set once by Chan's class initializer

    static {
        try {
            Class.forName(Chan.class.getName(), true, Chan.class.getClassLoader()); // runs Chan's registration
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ObservedChans() {
    }

    /** Chan's class initializer only. */
    public static void register(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("ObservedChans.register: already registered");
        }
        factory = Objects.requireNonNull(f, "f");
    }

    /**
     * A channel of {@code capacity} (as {@code Chan.make(capacity)}) whose receivers call {@code observer} once per
     * value they take.
     */
    public static <T> Chan<T> make(int capacity, RecvObserver observer) {
        return factory.make(capacity, Objects.requireNonNull(observer, "observer"));
    }
}
