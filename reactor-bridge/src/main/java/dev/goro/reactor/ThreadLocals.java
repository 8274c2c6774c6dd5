package dev.goro.reactor;

import reactor.util.context.ContextView;

/**
 * Carrying ThreadLocal values from the thread that subscribes to the goroutine that serves the subscription,
 * through Micrometer's context-propagation library when it is on the class path (an optional dependency), and not
 * at all otherwise.
 *
 * <p>Why: Reactor users put request-scoped values (MDC, tracing spans, security) in ThreadLocals that
 * context-propagation knows how to capture and restore, and Reactor's automatic context propagation keeps them in
 * the Reactor Context. A goroutine is a new thread that inherits no ThreadLocal (goro turns off inheritance on
 * purpose), so the bridge captures them at subscription and restores them around the goroutine's body.
 */
interface ThreadLocals {

    /** The detected implementation: Micrometer's when present, else one that captures nothing. */
    ThreadLocals INSTANCE = detect();

    /**
     * Captures the values to restore, from the calling thread's ThreadLocals and from {@code context} (whose values
     * win); null when there is nothing to restore. Called on the subscribing thread.
     */
    Object capture(ContextView context);

    /** Runs {@code body} with the {@code captured} values set in ThreadLocals, restoring the previous ones after. */
    void runWith(Object captured, Runnable body);

    /**
     * {@code context} plus the calling thread's ThreadLocal values (Reactor's {@code contextCapture()}), for a
     * subscription the bridge makes itself ({@link Await}, {@link GoFlux#toChan}), so that Reactor's automatic
     * context propagation restores them in the operators of the subscribed publisher.
     */
    reactor.util.context.Context captureInto(reactor.util.context.Context context);

    private static ThreadLocals detect() {
        try {
            Class.forName("io.micrometer.context.ContextSnapshotFactory", false, ThreadLocals.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return None.NONE;
        }
        return new MicrometerThreadLocals();
    }

    /** context-propagation is absent: nothing to carry. */
    enum None implements ThreadLocals {
        NONE;

        @Override
        public Object capture(ContextView context) {
            return null;
        }

        @Override
        public void runWith(Object captured, Runnable body) {
            body.run();
        }

        @Override
        public reactor.util.context.Context captureInto(reactor.util.context.Context context) {
            return context;
        }
    }
}
