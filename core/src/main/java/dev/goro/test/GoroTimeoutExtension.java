package dev.goro.test;

import dev.goro.GoroutineInfo;
import dev.goro.GoroutineState;
import dev.goro.internal.sched.Tracebacks;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The {@link GoroTimeout} limit: runs the test method on its own thread and, if it has not finished in time,
 * fails it with a goroutine dump taken at that moment.
 */
final class GoroTimeoutExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        runWithin(invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        runWithin(invocation, extensionContext);
    }

    private static void runWithin(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        GoroTimeout limit = Annotations.find(context, GoroTimeout.class);
        if (limit == null) {
            invocation.proceed();
            return;
        }
        if (limit.value() <= 0) {
            throw new ExtensionConfigurationException("@GoroTimeout needs a positive value, got " + limit.value());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                invocation.proceed();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "goro-timeout " + context.getDisplayName());
        runner.setDaemon(true);
        runner.start();
        try {
            done.get(limit.value(), limit.unit());
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            String dump = dump(runner); // before the interrupt: the dump shows where everything was stuck
            runner.interrupt();
            String unit = limit.unit().name().toLowerCase(Locale.ROOT);
            throw new TimeoutException(context.getDisplayName() + " timed out after " + limit.value() + " "
                    + (limit.value() == 1 ? unit.substring(0, unit.length() - 1) : unit) + "\n\n" + dump);
        }
    }

    /**
     * The summary (one line per goroutine: state or wait reason, wait time, creation site), the stack of the
     * thread running the test, then every goroutine's traceback in Go's format.
     */
    static String dump(Thread testThread) {
        StackTraceElement[] testStack = testThread.getStackTrace();
        List<GoroutineInfo> all = Tracebacks.all(true);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("goroutines at the timeout (").append(all.size()).append("):\n");
        for (GoroutineInfo info : all) {
            sb.append("  goroutine ").append(info.id());
            if (info.name() != null) {
                sb.append(" \"").append(info.name()).append('"');
            }
            sb.append(" [").append(info.state() == GoroutineState.WAITING ? info.waitReason() : info.state().goName());
            if (!info.waiting().isZero()) {
                sb.append(", ").append(String.format(Locale.ROOT, "%.2f s", info.waiting().toNanos() / 1e9));
            }
            sb.append(']');
            StackTraceElement c = info.creationSite();
            if (c != null) {
                sb.append(" created by ").append(c.getClassName()).append('.').append(c.getMethodName())
                        .append(" (").append(c.getFileName()).append(':').append(c.getLineNumber()).append(')');
            }
            sb.append('\n');
        }
        sb.append("\ntest thread \"").append(testThread.getName()).append("\":\n");
        for (StackTraceElement f : testStack) {
            sb.append("\tat ").append(f).append('\n');
        }
        for (GoroutineInfo info : all) {
            sb.append('\n');
            Tracebacks.appendTraceback(sb, info);
        }
        return sb.toString();
    }
}
