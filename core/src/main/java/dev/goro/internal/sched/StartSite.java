package dev.goro.internal.sched;

import java.util.Optional;

/**
 * Where a goroutine came from (Go's {@code gopc} and {@code startpc}): the frame that called {@code go()} and
 * the function it started.
 *
 * <p>Resolved once per task class and cached in a {@link ClassValue}: every lambda or method reference in
 * Java source is its own class, so the class identifies the {@code go} statement and a spawn pays one
 * ClassValue lookup instead of a stack walk. A task class reused from several call sites reports the first.
 */
public record StartSite(String function, StackTraceElement creator) {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private static final ClassValue<StartSite> BY_CLASS = new ClassValue<>() {
        @Override
        protected StartSite computeValue(Class<?> type) {
            Optional<StackTraceElement> caller = WALKER.walk(frames -> frames
                    .filter(f -> !isSpawnMachinery(f.getClassName()))
                    .findFirst()
                    .map(StackWalker.StackFrame::toStackTraceElement));
            return new StartSite(functionName(type), caller.orElse(null));
        }
    };

    /** The start site of a task of this class, resolving it on first use. Called inside the spawning frame. */
    public static StartSite of(Class<?> taskClass) {
        return BY_CLASS.get(taskClass);
    }

    /** Frames of goro's spawn path itself, which the creation site skips. */
    private static boolean isSpawnMachinery(String className) {
        return className.startsWith("dev.goro.internal.sched.")
                || className.equals("dev.goro.Go")
                || className.startsWith("java.lang.ClassValue");
    }

    private static String functionName(Class<?> type) {
        String n = type.getName();
        // A lambda's class reads Outer$$Lambda/0x...: Go prints the enclosing function with a .funcN suffix,
        // Java's closest honest name is the enclosing class plus "lambda".
        int lambda = n.indexOf("$$Lambda");
        if (lambda >= 0) {
            return n.substring(0, lambda) + ".lambda";
        }
        return n + ".run";
    }
}
