package dev.goro.internal.sched;

import dev.goro.internal.jfr.Jfr;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The process-wide runtime: which scheduler goroutines run on (decided once, at first use), the spawn path,
 * and the handler for exceptions that escape goroutines.
 *
 * <h2>Choosing the scheduler</h2>
 * {@code -Dgoro.scheduler}:
 * <ul>
 *   <li>{@code auto} (default): goro's G/M/P scheduler if the JVM lets us build virtual threads on it;
 *       otherwise one warning naming the missing flag, and the JDK's default scheduler;</li>
 *   <li>{@code gmp}: the G/M/P scheduler or an {@link ExceptionInInitializerError} saying what is missing
 *       (for deployments that must not silently lose it);</li>
 *   <li>{@code jdk}: the JDK's default scheduler.</li>
 * </ul>
 * GOMAXPROCS: {@code -Dgoro.maxprocs}, else the {@code GOMAXPROCS} environment variable, else the number of
 * available processors. A value that is not a positive integer is reported once and ignored.
 * {@code -Dgoro.stalls=log} logs sysmon's carrier stalls ({@link StallLog}).
 */
public final class GoRuntime {
    private static final System.Logger LOG = System.getLogger("dev.goro.runtime");

    /** Null when goroutines run on the JDK's default scheduler. */
    private static final Sched SCHED;
    private static final VirtualThreads VTHREADS;
    private static final long START_NANOS = System.nanoTime();
    private static volatile BiConsumer<G, Throwable> uncaughtHandler = GoRuntime::logUncaught;

    static {
        String mode = System.getProperty("goro.scheduler", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        int procs = initialProcs(System.getProperty("goro.maxprocs"), System.getenv("GOMAXPROCS"),
                java.lang.Runtime.getRuntime().availableProcessors());
        Sched sched = null;
        switch (mode) {
            case "jdk" -> { }
            case "gmp" -> {
                String why = VirtualThreads.Reflective.unavailableReasonOrNull();
                if (why != null) {
                    throw new IllegalStateException("-Dgoro.scheduler=gmp: " + why);
                }
                sched = new Sched(procs);
            }
            default -> {
                if (!mode.equals("auto")) {
                    LOG.log(System.Logger.Level.WARNING, "unknown -Dgoro.scheduler=" + mode
                            + " (expected auto, gmp or jdk); using auto");
                }
                String why = VirtualThreads.Reflective.unavailableReasonOrNull();
                if (why == null) {
                    sched = new Sched(procs);
                } else {
                    LOG.log(System.Logger.Level.WARNING, why + ". Falling back to the JDK's default virtual-thread "
                            + "scheduler: no GOMAXPROCS, runnext hand-off, sysmon or Go.blocking hand-off. "
                            + "Add the flag, or set -Dgoro.scheduler=jdk to silence this warning.");
                }
            }
        }
        SCHED = sched;
        VTHREADS = sched != null ? sched.vthreads() : new VirtualThreads.JdkDefault();
        if (sched != null && Jfr.AVAILABLE) {
            sched.addStallListener(Jfr::carrierStall); // commits dev.goro.CarrierStall when a recording wants it
        }
        preloadJdkPoller();
        StallLog.startIfRequested(sched, System.getProperty(StallLog.PROPERTY));
    }

    private GoRuntime() {
    }

    /**
     * The JDK's socket poller threads are virtual threads that inherit the scheduler of whichever virtual
     * thread first does blocking socket I/O; if that were a goroutine, every socket wake-up in the JVM would run
     * through goro's scheduler forever. Initializing the poller here, on a platform thread, keeps it on the
     * JDK's own scheduler.
     */
    private static void preloadJdkPoller() {
        try {
            Class.forName("sun.nio.ch.Poller", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // Not every JDK has it (JDK 21 pollers are platform threads anyway).
        }
    }

    /** Parses GOMAXPROCS from the property, then the environment; bad values are reported and ignored. */
    static int initialProcs(String property, String env, int cpus) {
        Integer fromProperty = parseProcs("-Dgoro.maxprocs", property);
        if (fromProperty != null) {
            return fromProperty;
        }
        Integer fromEnv = parseProcs("GOMAXPROCS", env);
        return fromEnv != null ? fromEnv : Math.max(1, cpus);
    }

    private static Integer parseProcs(String source, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return Math.min(n, Sched.MAX_GOMAXPROCS);
            }
        } catch (NumberFormatException e) {
            // fall through to the report
        }
        LOG.log(System.Logger.Level.WARNING, source + "=" + value
                + " is not a positive integer; ignoring it (GOMAXPROCS defaults to the number of processors)");
        return null;
    }

    /** Null when running on the JDK's default scheduler. */
    public static Sched sched() {
        return SCHED;
    }

    public static VirtualThreads vthreads() {
        return VTHREADS;
    }

    public static long startNanos() {
        return START_NANOS;
    }

    /**
     * Creates and starts a goroutine. Inherits the spawner's labels; {@code attachment} is the value the
     * goroutine can find with {@link G#attachment()} (null: inherit the spawner's). Any thread.
     */
    public static Thread spawn(Runnable task, String name, Map<String, String> labels, Object attachment) {
        return spawn(task, name, labels, attachment, (t, g) -> t);
    }

    /** As {@link #spawn(Runnable, String, Map, Object)}, returning what {@code result} makes of the new pair. */
    public static <R> R spawn(Runnable task, String name, Map<String, String> labels, Object attachment,
                              BiFunction<Thread, G, R> result) {
        Objects.requireNonNull(task, "task");
        G parent = G.current();
        StartSite site = StartSite.of(task.getClass());
        Map<String, String> lbl = labels != null ? labels : parent != null ? parent.labels : null;
        Object att = attachment != null ? attachment : parent != null ? parent.attachment : null;
        Body body = new Body(task);
        Thread t = VTHREADS.newThread(body);
        if (name != null) {
            t.setName(name);
        }
        G g = new G(t, parent != null ? parent.id : 0, name, site, lbl, att);
        body.g = g; // published to the goroutine by Thread.start
        t.setUncaughtExceptionHandler(g); // how G.current() finds it; see G
        Allgs.add(g);
        R r = result.apply(t, g);
        if (Jfr.AVAILABLE) {
            Jfr.goroutineCreated(g);
        }
        t.start();
        if (SCHED != null) {
            SCHED.preemptPoint(); // a goroutine that spawns in a loop is where Go would preempt it
        }
        return r;
    }

    /**
     * Whether a mutex waiter may spin round {@code iter} (0-based) before parking; see {@link Sched#canSpin}.
     * On the JDK's default scheduler, whose processors goro cannot see, only the round and CPU limits apply.
     * Any thread.
     */
    public static boolean canSpin(int iter) {
        if (SCHED != null) {
            return SCHED.canSpin(iter);
        }
        return iter < Sched.ACTIVE_SPIN && java.lang.Runtime.getRuntime().availableProcessors() > 1;
    }

    /**
     * Go.blocking's halves. On the JDK's default scheduler, which compensates on its own, they only mark the
     * goroutine SYSCALL, so that dumps and the BlockHound integration see the same thing on both schedulers.
     */
    public static void enterBlocking() {
        G g = G.current();
        if (SCHED != null) {
            SCHED.enterBlocking(g);
        } else if (g != null) {
            g.setStatus(G.SYSCALL);
        }
    }

    public static void exitBlocking() {
        G g = G.current();
        if (SCHED != null) {
            SCHED.exitBlocking(g);
        } else if (g != null) {
            g.setStatus(G.RUNNING);
        }
    }

    public static void setUncaughtHandler(BiConsumer<G, Throwable> handler) {
        uncaughtHandler = handler != null ? handler : GoRuntime::logUncaught;
    }

    /**
     * Hands an exception that escaped goroutine {@code g} to the handler; never throws. Also used by code that
     * catches a task's exception to keep its goroutine alive (a pool worker) and still reports it. Any thread.
     */
    public static void reportUncaught(G g, Throwable t) {
        try {
            uncaughtHandler.accept(g, t);
        } catch (Throwable handlerFailure) {
            t.addSuppressed(handlerFailure);
            logUncaught(g, t);
        }
    }

    private static void logUncaught(G g, Throwable t) {
        // An interrupted goro operation ending its goroutine is Java's cancellation, not a crash.
        System.Logger.Level level = t instanceof dev.goro.GoInterruptedException
                ? System.Logger.Level.DEBUG : System.Logger.Level.ERROR;
        LOG.log(level, "exception escaped " + describe(g), t);
    }

    /** "goroutine 7 "name" created by f at File.java:12". */
    public static String describe(G g) {
        StringBuilder sb = new StringBuilder("goroutine ").append(g.id);
        if (g.name != null) {
            sb.append(" \"").append(g.name).append('"');
        }
        StackTraceElement c = g.start.creator();
        if (c != null) {
            sb.append(" created by ").append(c.getClassName()).append('.').append(c.getMethodName())
                    .append(" at ").append(c.getFileName()).append(':').append(c.getLineNumber());
        }
        return sb.toString();
    }

    /** The goroutine body: binds the G, runs the task, reports what escapes, unregisters. */
    private static final class Body implements Runnable {
        private final Runnable task;
        G g;

        Body(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            G self = g;
            self.bind();
            Object lifetime = Jfr.AVAILABLE ? Jfr.goroutineStarted() : null;
            try {
                task.run();
            } catch (Throwable t) {
                reportUncaught(self, t);
            } finally {
                if (lifetime != null) {
                    Jfr.goroutineExited(lifetime, self);
                }
                self.exit();
                Allgs.remove(self);
                self.clear(); // never enqueued now: the registry entry is already gone
            }
        }
    }
}
