package dev.goro.blockhound;

import dev.goro.GoroutineInfo;
import java.util.List;
import java.util.Objects;
import reactor.blockhound.BlockingMethod;
import reactor.blockhound.BlockingOperationError;

/**
 * A blocking call BlockHound caught on a thread that must not block: a goroutine blocking its carrier thread
 * (file I/O, a wait while pinned, a process start), or a non-blocking thread of Reactor or Netty calling a goro
 * operation that waits. Names the goroutine, the blocking method and the fix:
 * <pre>
 * Blocking call! java.io.FileInputStream#readBytes in goroutine 23 "loader" on carrier goro-m1
 * created by com.example.Config.load in goroutine 1
 * 	Config.java:42
 * fix: file I/O blocks the carrier thread, not only the goroutine: wrap the call in Go.blocking(...) ...
 * </pre>
 * A value, safe to keep and to pass to another thread.
 */
public final class BlockingReport {
    private final BlockingMethod blockingMethod;
    private final String thread;
    private final String carrier;
    private final GoroutineInfo goroutine;
    private final String operation;
    private final String fix;
    private final List<StackTraceElement> stack;

    BlockingReport(BlockingMethod blockingMethod, String thread, String carrier, GoroutineInfo goroutine,
                   String operation, String fix, List<StackTraceElement> stack) {
        this.blockingMethod = blockingMethod;
        this.thread = thread;
        this.carrier = carrier;
        this.goroutine = goroutine;
        this.operation = operation;
        this.fix = fix;
        this.stack = List.copyOf(stack);
    }

    /** The blocking method BlockHound caught, as {@code java.io.FileInputStream.readBytes}. */
    public String method() {
        return blockingMethod.getClassName() + "." + blockingMethod.getName();
    }

    /** Name of the thread that blocked: the goroutine's virtual thread, or the Reactor/Netty thread. */
    public String thread() {
        return thread;
    }

    /** The carrier thread the goroutine blocked, or null when the caller is not a goroutine on goro's scheduler. */
    public String carrier() {
        return carrier;
    }

    /** The goroutine that blocked its carrier (id, name, creation site...), or null if a plain thread blocked. */
    public GoroutineInfo goroutine() {
        return goroutine;
    }

    /**
     * The goro call through which the thread blocked, as {@code dev.goro.Goroutine.join}, or null if the blocking
     * method was called from outside goro.
     */
    public String operation() {
        return operation;
    }

    /** What to do about it: {@code Go.blocking}, or the goro equivalent of the call. */
    public String fix() {
        return fix;
    }

    /** Where the call happened, innermost frame (the blocking method) first. */
    public List<StackTraceElement> stack() {
        return stack;
    }

    /** The report without the stack: the first line names the method and the goroutine or thread. */
    public String message() {
        return "Blocking call! " + describe();
    }

    /**
     * The error BlockHound throws by default, whose message is this report's (the stack trace is the blocking
     * call's). A callback given to {@link GoroBlockHound#install} can throw it to fail the blocking call.
     */
    public BlockingOperationError toError() {
        BlockingOperationError e = new BlockingOperationError(new ReportedMethod(this));
        e.setStackTrace(stack.toArray(StackTraceElement[]::new));
        return e;
    }

    /** {@link #message()} followed by the stack, one {@code \tat frame} line each. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(message());
        for (StackTraceElement f : stack) {
            sb.append("\n\tat ").append(f);
        }
        return sb.toString();
    }

    /** The message after BlockHound's "Blocking call! " prefix. */
    String describe() {
        StringBuilder sb = new StringBuilder(256).append(blockingMethod);
        if (operation != null) {
            sb.append(" in ").append(operation);
        }
        if (goroutine != null) {
            sb.append(" in goroutine ").append(goroutine.id());
            if (goroutine.name() != null) {
                sb.append(" \"").append(goroutine.name()).append('"');
            }
            if (carrier != null) {
                sb.append(" on carrier ").append(carrier);
            }
            StackTraceElement c = goroutine.creationSite();
            if (c != null) {
                sb.append("\ncreated by ").append(c.getClassName()).append('.').append(c.getMethodName());
                if (goroutine.parentId() != 0) {
                    sb.append(" in goroutine ").append(goroutine.parentId());
                }
                sb.append("\n\t").append(c.getFileName() != null ? c.getFileName() : c.getClassName());
                if (c.getLineNumber() >= 0) {
                    sb.append(':').append(c.getLineNumber());
                }
            }
        } else {
            sb.append(" on non-blocking thread ").append(thread);
        }
        return sb.append("\nfix: ").append(fix).toString();
    }

    /**
     * The blocking method as BlockHound's error prints it: BlockingOperationError's message is
     * {@code "Blocking call! " + method}, so the report rides in the method's text.
     */
    private static final class ReportedMethod extends BlockingMethod {
        private static final long serialVersionUID = 1L;
        private final String text;

        ReportedMethod(BlockingReport report) {
            super(report.blockingMethod.getClassName(), report.blockingMethod.getName(),
                    report.blockingMethod.getModifiers());
            this.text = Objects.requireNonNull(report.describe());
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
