package dev.goro.internal.sched;

import java.util.concurrent.Executor;

/**
 * The one place where goro touches the JDK's virtual-thread internals: building a virtual thread
 * whose scheduler is a given {@link Executor}, and telling which platform thread carries the caller.
 *
 * <p>JDK 21-25 have no public API for either. {@link Reflective} reaches the package-private
 * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)} constructor and
 * {@code Thread.currentCarrierThread()}, which needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 * When the OpenJDK custom-scheduler API ships, a third implementation replaces it here and nowhere else.
 */
public sealed interface VirtualThreads permits VirtualThreads.Reflective, VirtualThreads.JdkDefault {

    /** Returns an unstarted virtual thread that runs {@code task} on this implementation's scheduler. */
    Thread newThread(Runnable task);

    /**
     * Returns the platform thread carrying the caller: the caller itself when it is a platform thread.
     * Any thread.
     */
    Thread currentCarrier();

    /** Whether threads made here run on goro's executor (false: on the JDK's default scheduler). */
    boolean customScheduler();

    /** Virtual threads on the given executor, reached through the JDK's package-private builder. */
    final class Reflective implements VirtualThreads {
        private static final java.lang.invoke.MethodHandle CURRENT_CARRIER;
        private static final java.lang.invoke.MethodHandle BUILDER_CTOR;
        private static final java.lang.invoke.VarHandle CARRIER_OF;
        private static final Throwable UNAVAILABLE;

        static {
            java.lang.invoke.MethodHandle carrier = null;
            java.lang.invoke.MethodHandle ctor = null;
            java.lang.invoke.VarHandle carrierOf = null;
            Throwable failure = null;
            try {
                var lookup = java.lang.invoke.MethodHandles.privateLookupIn(
                        Thread.class, java.lang.invoke.MethodHandles.lookup());
                carrier = lookup.findStatic(Thread.class, "currentCarrierThread",
                        java.lang.invoke.MethodType.methodType(Thread.class));
                Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                ctor = lookup.findConstructor(builderClass,
                                java.lang.invoke.MethodType.methodType(void.class, Executor.class))
                        .asType(java.lang.invoke.MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
                Class<?> vthreadClass = Class.forName("java.lang.VirtualThread");
                carrierOf = java.lang.invoke.MethodHandles.privateLookupIn(vthreadClass, java.lang.invoke.MethodHandles.lookup())
                        .findVarHandle(vthreadClass, "carrierThread", Thread.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // IllegalAccessException / InaccessibleObjectException without the opens; NoSuchMethod on a JDK
                // that changed its internals.
                failure = e;
            }
            CURRENT_CARRIER = carrier;
            BUILDER_CTOR = ctor;
            CARRIER_OF = carrierOf;
            UNAVAILABLE = failure;
        }

        private final Thread.Builder.OfVirtual builder;

        private Reflective(Executor scheduler) {
            try {
                this.builder = ((Thread.Builder.OfVirtual) BUILDER_CTOR.invokeExact(scheduler))
                        // Goroutines do not inherit the spawner's InheritableThreadLocals: request context must
                        // not stick to a goroutine tree by accident (Go has no such inheritance either).
                        .inheritInheritableThreadLocals(false);
            } catch (Throwable t) {
                throw new IllegalStateException("cannot build virtual threads on goro's scheduler", t);
            }
        }

        /**
         * Returns virtual threads on {@code scheduler}, or throws {@link UnsupportedOperationException} saying
         * what is missing.
         */
        public static Reflective on(Executor scheduler) {
            if (UNAVAILABLE != null) {
                throw new UnsupportedOperationException(unavailableReason(), UNAVAILABLE);
            }
            return new Reflective(scheduler);
        }

        /** Null when the reflective hook works on this JVM, else why it does not. */
        public static String unavailableReasonOrNull() {
            return UNAVAILABLE == null ? null : unavailableReason();
        }

        private static String unavailableReason() {
            return "goro's G/M/P scheduler needs the JVM flag --add-opens java.base/java.lang=ALL-UNNAMED "
                    + "(it builds virtual threads on its own executor through a JDK-internal constructor; "
                    + "cause: " + UNAVAILABLE + ")";
        }

        @Override
        public Thread newThread(Runnable task) {
            return builder.unstarted(task);
        }

        @Override
        public Thread currentCarrier() {
            try {
                return (Thread) CURRENT_CARRIER.invokeExact();
            } catch (Throwable t) {
                throw new AssertionError(t); // the handle is a static getter that cannot throw
            }
        }

        @Override
        public boolean customScheduler() {
            return true;
        }

        /**
         * The virtual thread whose continuation {@code task} is, or null if it cannot be told. The JDK hands
         * schedulers a bound method reference {@code vthread::runContinuation}, a hidden class in java.lang
         * whose one field is the thread; it is read reflectively (java.lang is open to us), for diagnostics
         * only, never on a hot path.
         */
        public Thread threadOfTask(Runnable task) {
            if (task == null) {
                return null;
            }
            try {
                java.lang.reflect.Field f = TASK_FIELD.get(task.getClass());
                return f != null && f.get(task) instanceof Thread t ? t : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private static final ClassValue<java.lang.reflect.Field> TASK_FIELD = new ClassValue<>() {
            @Override
            protected java.lang.reflect.Field computeValue(Class<?> type) {
                for (java.lang.reflect.Field f : type.getDeclaredFields()) {
                    if (Thread.class.isAssignableFrom(f.getType())) {
                        try {
                            f.setAccessible(true);
                            return f;
                        } catch (RuntimeException e) {
                            return null;
                        }
                    }
                }
                return null;
            }
        };

        /** The carrier a virtual thread is mounted on, or null. Racy by nature; for diagnostics only. */
        public Thread carrierOf(Thread virtualThread) {
            return virtualThread.isVirtual() ? (Thread) CARRIER_OF.getVolatile(virtualThread) : null;
        }
    }

    /** Fallback: the JDK's own scheduler, used when the reflective hook is unavailable or not wanted. */
    final class JdkDefault implements VirtualThreads {
        private final Thread.Builder.OfVirtual builder = Thread.ofVirtual().inheritInheritableThreadLocals(false);

        @Override
        public Thread newThread(Runnable task) {
            return builder.unstarted(task);
        }

        @Override
        public Thread currentCarrier() {
            return Thread.currentThread(); // unknown for virtual threads; callers only compare it with their Ms
        }

        @Override
        public boolean customScheduler() {
            return false;
        }
    }
}
