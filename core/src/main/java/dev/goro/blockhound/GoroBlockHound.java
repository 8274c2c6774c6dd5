package dev.goro.blockhound;

import java.util.Objects;
import java.util.function.Consumer;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound with goro's integration, so that a goroutine blocking its carrier thread, or a Reactor or
 * Netty non-blocking thread waiting on a goro operation, is reported with the goroutine's id, name and creation
 * site, the blocking method, and the fix.
 *
 * <pre>{@code
 * GoroBlockHound.installThrowing();                      // a blocking call throws BlockingOperationError
 * GoroBlockHound.install(report -> log.warn(report.toString()));   // or: report it and carry on
 * }</pre>
 *
 * <p>BlockHound installs once per JVM and cannot be removed: the first call installs it, with every
 * integration on the class path (goro's, Reactor's, Netty's), and later calls only change what a report does.
 * The JVM needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} on JDK 13+ and
 * {@code -XX:+EnableDynamicAgentLoading} on JDK 21+ (see docs/testing.md). A plain {@code BlockHound.install()}
 * loads goro's integration too, and then throws.
 *
 * <p>What is reported on a goroutine: file I/O, process start, {@code Object.wait} or any park while the goroutine
 * is pinned to its carrier (inside a class initializer or under a native frame; on JDK 21-23 also inside
 * {@code synchronized}). What is not: everything that only parks the goroutine (sleep, locks, channel
 * operations, socket I/O, {@code Object.wait} on JDK 24+), and anything inside {@code Go.blocking(...)}.
 */
public final class GoroBlockHound {

    private GoroBlockHound() {
    }

    /**
     * Installs BlockHound if needed; from now on a blocking call throws BlockHound's
     * {@code BlockingOperationError}, whose message is the {@link BlockingReport}, in the thread that made it.
     *
     * @throws IllegalStateException if BlockHound was already installed without goro's integration
     */
    public static void installThrowing() {
        Reports.setHandler(null);
        ensureInstalled();
    }

    /**
     * Installs BlockHound if needed; from now on a blocking call is passed to {@code callback}, on the thread that
     * made it, and then proceeds (unless the callback throws, e.g. {@link BlockingReport#toError()}). The callback
     * may itself block (log, write a file): blocking calls inside it are not reported.
     *
     * @throws NullPointerException  if {@code callback} is null
     * @throws IllegalStateException if BlockHound was already installed without goro's integration
     */
    public static void install(Consumer<? super BlockingReport> callback) {
        Objects.requireNonNull(callback, "callback");
        Reports.setHandler(callback);
        ensureInstalled();
    }

    /**
     * Whether BlockHound is installed with goro's integration (by this class, or by a {@code BlockHound.install()}
     * that found the integration on the class path).
     */
    public static boolean isInstalled() {
        return Reports.applied();
    }

    /**
     * Shows every report to {@code listener} before the installed behaviour (throw or callback) applies to it:
     * a test harness can collect the blocking calls made while a test ran, even where the error is swallowed.
     * Called on the blocking thread; may block. Returns a handle that unsubscribes.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public static AutoCloseable onReport(Consumer<? super BlockingReport> listener) {
        Objects.requireNonNull(listener, "listener");
        return Reports.addListener(listener);
    }

    private static synchronized void ensureInstalled() {
        if (!Reports.applied()) {
            BlockHound.install(); // loads goro's integration through ServiceLoader; a no-op if already installed
        }
        if (!Reports.applied()) {
            throw new IllegalStateException("BlockHound is installed without goro's integration, so goroutines are not "
                    + "checked: it was installed before with a builder that did not load the class path's "
                    + "integrations, or META-INF/services/reactor.blockhound.integration.BlockHoundIntegration "
                    + "was lost (e.g. by a shading step). Install it with BlockHound.install() or "
                    + "BlockHound.builder().loadIntegrations()");
        }
    }
}
