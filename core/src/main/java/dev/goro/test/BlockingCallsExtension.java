package dev.goro.test;

import dev.goro.blockhound.BlockingReport;
import dev.goro.blockhound.GoroBlockHound;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link DetectBlockingCalls} check: installs BlockHound (once per JVM) with a callback that throws while an
 * annotated class runs, and collects the reports made during each test to fail it afterwards.
 */
final class BlockingCallsExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BlockingCallsExtension.class);
    /**
     * Annotated classes running now (nested classes count again): blocking calls throw while positive. Changed on
     * JUnit's thread before and after each class; read (a volatile read) by whichever thread blocked.
     */
    private static final AtomicInteger ARMED = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        requireBlockHound();
        synchronized (BlockingCallsExtension.class) {
            if (!GoroBlockHound.isInstalled()) {
                GoroBlockHound.install(BlockingCallsExtension::throwWhileArmed);
            }
        }
        ARMED.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ARMED.decrementAndGet();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Collector collector = new Collector();
        collector.subscription = GoroBlockHound.onReport(collector.reports::add);
        context.getStore(NAMESPACE).put(Collector.class, collector);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Collector collector = context.getStore(NAMESPACE).remove(Collector.class, Collector.class);
        if (collector == null) {
            return;
        }
        collector.subscription.close();
        if (!collector.reports.isEmpty()) {
            StringBuilder sb = new StringBuilder().append(collector.reports.size())
                    .append(collector.reports.size() == 1 ? " blocking call" : " blocking calls")
                    .append(" while the test ran:");
            for (BlockingReport r : collector.reports) {
                sb.append("\n\n").append(r);
            }
            throw new AssertionError(sb.toString());
        }
    }

    private static void throwWhileArmed(BlockingReport report) {
        if (ARMED.get() > 0) {
            throw report.toError();
        }
    }

    private static void requireBlockHound() {
        try {
            Class.forName("reactor.blockhound.BlockHound", false, BlockingCallsExtension.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExtensionConfigurationException("@DetectBlockingCalls and @GoroTest need BlockHound on the test "
                    + "class path: add io.projectreactor.tools:blockhound with test scope", e);
        }
    }

    /** The reports of one test. */
    private static final class Collector {
        final List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        AutoCloseable subscription;
    }
}
