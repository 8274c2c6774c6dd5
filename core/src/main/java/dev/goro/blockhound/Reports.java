package dev.goro.blockhound;

import dev.goro.GoroutineInfo;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.GoRuntime;
import dev.goro.internal.sched.Tracebacks;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import reactor.blockhound.BlockingMethod;

/**
 * What happens when BlockHound catches a blocking call: the {@link BlockingReport} is built, shown to the
 * listeners ({@link GoroBlockHound#onReport}), then handed to the handler chosen at install: throw (BlockHound's
 * default) or a user callback.
 *
 * <p>{@link #onBlockingMethod} is BlockHound's blocking-method callback and is allow-listed by the integration:
 * listeners and callbacks typically log, and a log write is itself a blocking call that would otherwise be
 * reported from inside the report, forever.
 */
final class Reports {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final boolean SYNCHRONIZED_PINS = java.lang.Runtime.version().feature() < 24;
    /** The JDK's FileChannel, whose methods goro marks as blocking for goroutines only. */
    static final String NIO_FILE_CHANNEL = "sun.nio.ch.FileChannelImpl";
    private static final Set<String> FILE_CLASSES = Set.of("java.io.FileInputStream", "java.io.FileOutputStream",
            "java.io.RandomAccessFile", NIO_FILE_CHANNEL);
    private static final CodeSource GORO_CODE = Reports.class.getProtectionDomain().getCodeSource();

    /** Copy-on-write: a report iterates a snapshot, while tests subscribe and unsubscribe from other threads. */
    private static final List<Consumer<? super BlockingReport>> LISTENERS = new CopyOnWriteArrayList<>();
    /**
     * What a report does after the listeners: null means throw it, as BlockHound does by default. Volatile: a
     * mode change made on one thread is seen by the next report on any thread; it publishes nothing else.
     */
    private static volatile Consumer<? super BlockingReport> handler;
    /**
     * Set once goro's integration has been applied to a BlockHound builder. Volatile: written by the installing
     * thread, read by any thread asking {@link GoroBlockHound#isInstalled()}.
     */
    private static volatile boolean applied;

    private Reports() {
    }

    static void markApplied() {
        applied = true;
    }

    static boolean applied() {
        return applied;
    }

    /** null: throw. Any thread. */
    static void setHandler(Consumer<? super BlockingReport> h) {
        handler = h;
    }

    static AutoCloseable addListener(Consumer<? super BlockingReport> l) {
        LISTENERS.add(l);
        return () -> LISTENERS.remove(l);
    }

    /** BlockHound's callback, on the thread that made the blocking call (allow-listed: it may block). */
    static void onBlockingMethod(BlockingMethod method) {
        if (G.current() == null && method.getClassName().equals(NIO_FILE_CHANNEL)) {
            return; // goro's own mark, meant for goroutines: other threads keep BlockHound's usual list
        }
        BlockingReport report = build(method);
        for (Consumer<? super BlockingReport> l : LISTENERS) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                System.getLogger("dev.goro.blockhound").log(System.Logger.Level.WARNING,
                        "blocking-call listener failed", e);
            }
        }
        Consumer<? super BlockingReport> h = handler;
        if (h == null) {
            throw report.toError();
        }
        h.accept(report);
    }

    /** Builds the report from the frames below BlockHound's check. Called on the blocking thread. */
    private static BlockingReport build(BlockingMethod method) {
        List<StackWalker.StackFrame> frames = WALKER.walk(s -> s
                .dropWhile(f -> !Detector.isCheck(f))
                .skip(1)
                .toList());
        List<StackTraceElement> stack = new ArrayList<>(frames.size());
        for (StackWalker.StackFrame f : frames) {
            stack.add(f.toStackTraceElement());
        }
        Thread current = Thread.currentThread();
        G g = G.current();
        GoroutineInfo info = g != null ? Tracebacks.info(g, false) : null;
        String carrier = null;
        if (g != null) {
            Thread c = GoRuntime.vthreads().currentCarrier();
            carrier = c != current ? c.getName() : null; // the JDK's scheduler does not tell us its carrier
        }
        String operation = goroOperation(frames);
        String fix = g != null
                ? goroutineFix(method, pinCause(frames))
                : threadFix(method, operation, current.getName());
        return new BlockingReport(method, current.getName(), carrier, info, operation, fix, stack);
    }

    /**
     * The goro call the blocking method was reached through: the outermost goro frame above the caller's own
     * code ({@code dev.goro.Goroutine.join} above {@code Thread.join} above {@code Unsafe.park}), or null.
     */
    private static String goroOperation(List<StackWalker.StackFrame> frames) {
        StackWalker.StackFrame op = null;
        for (StackWalker.StackFrame f : frames) {
            Class<?> c = f.getDeclaringClass();
            if (isGoro(c)) {
                op = f;
            } else if (!isJdk(c)) {
                break; // the caller's code
            }
        }
        return op != null ? op.getClassName() + "." + op.getMethodName() : null;
    }

    /** goro's own classes: by package and by jar, so that user classes in a dev.goro package do not count. */
    private static boolean isGoro(Class<?> c) {
        return c.getName().startsWith("dev.goro.")
                && Objects.equals(c.getProtectionDomain().getCodeSource(), GORO_CODE);
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    /** Why a goroutine that waited could not unmount, from the innermost frame that pins it. */
    private static String pinCause(List<StackWalker.StackFrame> frames) {
        for (StackWalker.StackFrame f : frames) {
            if (f.getMethodName().equals("<clinit>")) {
                return "the class initializer of " + f.getClassName();
            }
            if (f.isNativeMethod()) {
                return "the native method " + f.getClassName() + "." + f.getMethodName();
            }
        }
        return SYNCHRONIZED_PINS
                ? "a synchronized block or method (virtual threads pin there before JDK 24: use a ReentrantLock)"
                : "a pinned section";
    }

    private static String goroutineFix(BlockingMethod m, String pinCause) {
        String cls = m.getClassName();
        String name = m.getName();
        if (FILE_CLASSES.contains(cls)) {
            return "file I/O blocks the carrier thread, not only the goroutine: wrap the call in Go.blocking(...) so "
                    + "that the goroutine's processor moves to another carrier while it blocks";
        }
        if (isWait(cls, name)) {
            return "the goroutine waited while pinned to its carrier by " + pinCause + ", so the carrier waited "
                    + "too: move the wait out of it, or wrap it in Go.blocking(...)";
        }
        if (cls.equals("java.lang.ProcessImpl")) {
            return "starting a process blocks the carrier during fork and exec: start it inside Go.blocking(...) "
                    + "(Process.waitFor then only parks the goroutine)";
        }
        return "this call blocks the carrier thread, not only the goroutine: wrap it in Go.blocking(...)";
    }

    private static String threadFix(BlockingMethod m, String operation, String thread) {
        if (operation != null) {
            return operation + " waits: it parks a goroutine but blocks a plain thread, here the non-blocking "
                    + "thread " + thread + ": call it from a goroutine (Go.go), or hand values over without "
                    + "waiting (a non-blocking channel operation, the Reactor bridge)";
        }
        String cls = m.getClassName();
        if (cls.equals("java.lang.Thread") && m.getName().startsWith("sleep")) {
            return "do not sleep on a non-blocking thread: sleep in a goroutine, or delay with Mono.delay";
        }
        if (isWait(cls, m.getName())) {
            return "do not wait on a non-blocking thread: let a goroutine (Go.go) do the waiting";
        }
        return "move the call off the non-blocking thread: into a goroutine (Go.go), inside Go.blocking(...) if it "
                + "blocks its carrier too";
    }

    private static boolean isWait(String cls, String name) {
        return (cls.equals("jdk.internal.misc.Unsafe") && name.equals("park"))
                || (cls.equals("java.lang.Object") && name.equals("wait"));
    }
}
