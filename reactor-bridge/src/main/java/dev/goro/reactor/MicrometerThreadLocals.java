package dev.goro.reactor;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * {@link ThreadLocals} on Micrometer's context-propagation. Loaded only when that library is on the class path
 * (nothing else refers to this class).
 */
final class MicrometerThreadLocals implements ThreadLocals {
    private final ContextRegistry registry = ContextRegistry.getInstance();
    private final ContextSnapshotFactory factory = ContextSnapshotFactory.builder().contextRegistry(registry).build();

    @Override
    public Object capture(ContextView context) {
        // No accessor registered means no ThreadLocal anyone asked to propagate: skip the snapshot.
        if (registry.getThreadLocalAccessors().isEmpty()) {
            return null;
        }
        return factory.captureAll(context);
    }

    @Override
    public Context captureInto(Context context) {
        if (registry.getThreadLocalAccessors().isEmpty()) {
            return context;
        }
        return factory.captureAll().updateContext(context);
    }

    @Override
    public void runWith(Object captured, Runnable body) {
        ContextSnapshot.Scope scope = ((ContextSnapshot) captured).setThreadLocals();
        try {
            body.run();
        } finally {
            scope.close(); // puts back what the goroutine's ThreadLocals held before (nothing, for a new goroutine)
        }
    }
}
