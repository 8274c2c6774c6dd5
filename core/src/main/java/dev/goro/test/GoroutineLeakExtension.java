package dev.goro.test;

import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.internal.sched.Allgs;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.Tracebacks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link CheckGoroutineLeaks} check: notes the goroutines alive before each test, and after it looks for
 * others still running, retrying with a doubling pause before it fails the test with their tracebacks.
 */
final class GoroutineLeakExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GoroutineLeakExtension.class);
    private static final String BEFORE = "goroutinesBefore";
    /** goleak's first pause, one microsecond. */
    private static final long FIRST_PAUSE_NANOS = 1_000;

    @Override
    public void beforeEach(ExtensionContext context) {
        CheckGoroutineLeaks options = Annotations.find(context, CheckGoroutineLeaks.class);
        if (options != null && options.ignoreCurrent()) {
            Set<Long> ids = new HashSet<>();
            for (G g : Allgs.snapshot()) {
                ids.add(g.id());
            }
            context.getStore(NAMESPACE).put(BEFORE, ids);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CheckGoroutineLeaks options = Annotations.find(context, CheckGoroutineLeaks.class);
        if (options == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NAMESPACE).remove(BEFORE, Set.class);
        List<GoroutineInfo> leaks = awaitNoLeaks(options, before != null ? before : Set.of());
        if (!leaks.isEmpty()) {
            throw new AssertionError(describe(leaks));
        }
    }

    /** Looks for leaks until there are none or the retries are spent; returns the last ones found. */
    static List<GoroutineInfo> awaitNoLeaks(CheckGoroutineLeaks options, Set<Long> before) {
        long pause = FIRST_PAUSE_NANOS;
        long maxPause = TimeUnit.MILLISECONDS.toNanos(Math.max(0, options.maxBackoffMillis()));
        for (int attempt = 0; ; attempt++) {
            List<GoroutineInfo> leaks = find(options, before);
            if (leaks.isEmpty() || attempt >= options.maxRetries()) {
                return leaks;
            }
            LockSupport.parkNanos(Math.min(pause, maxPause));
            pause = Math.min(pause * 2, maxPause);
        }
    }

    /** Live goroutines that are neither ignored nor the caller, by id. */
    static List<GoroutineInfo> find(CheckGoroutineLeaks options, Set<Long> before) {
        Set<String> ignoreTop = Set.of(options.ignoreTopFunction());
        Set<String> ignoreCreator = Set.of(options.ignoreCreatedBy());
        G self = G.current();
        List<GoroutineInfo> leaks = new ArrayList<>();
        for (G g : Allgs.snapshot()) {
            if (g == self || before.contains(g.id())) {
                continue;
            }
            GoroutineInfo info = Tracebacks.info(g, true); // the stack: for the top function and the listing
            if (info == null || info.state() == GoroutineState.DEAD
                    || (!info.stack().isEmpty() && ignoreTop.contains(function(info.stack().get(0))))
                    || (info.creationSite() != null && ignoreCreator.contains(function(info.creationSite())))) {
                continue;
            }
            leaks.add(info);
        }
        leaks.sort(Comparator.comparingLong(GoroutineInfo::id));
        return leaks;
    }

    private static String function(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName();
    }

    /** goleak's message, with each goroutine in Go's traceback format. */
    static String describe(List<GoroutineInfo> leaks) {
        StringBuilder sb = new StringBuilder("found unexpected goroutines:\n");
        for (GoroutineInfo info : leaks) {
            sb.append('\n');
            Tracebacks.appendTraceback(sb, info);
        }
        return sb.toString();
    }
}
