package dev.goro.blockhound;

import dev.goro.internal.sched.G;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * BlockHound's two thread predicates for goroutines: which threads are goroutines, and whether the call being
 * checked on one blocks its carrier.
 *
 * <h2>Which calls block the carrier</h2>
 * BlockHound checks a fixed list of methods ({@code Unsafe.park}, file reads and writes, {@code Object.wait},
 * socket calls, process start, {@code Thread.onSpinWait}...) and asks the predicate whether the current thread
 * may block. A platform thread answers once, for its whole life; a goroutine is a <em>dynamic</em> thread,
 * asked at every check, because what its blocking means depends on the call and on where it happens:
 * <ul>
 *   <li>inside {@code Go.blocking} (G status SYSCALL) blocking is the point: allowed;</li>
 *   <li>{@code Thread.onSpinWait} is a spin hint that the JDK's own parking code (SynchronousQueue,
 *       LinkedTransferQueue, the virtual-thread state machine) issues a few times before it parks: not a
 *       block;</li>
 *   <li>socket calls ({@code Socket.connect}, accept, socket stream read and write) on a virtual thread poll
 *       and park the goroutine, not its carrier; if the goroutine is pinned, that park reaches
 *       {@code Unsafe.park} and is reported there;</li>
 *   <li>{@code Object.wait} unmounts a virtual thread since JDK 24 (JEP 491) unless it is pinned: by a native
 *       frame or a class initializer on its stack. Pinned, or on JDK 21-23, it blocks the carrier;</li>
 *   <li>a call made while the JDK initializes one of its own classes (sun.net.NetProperties reading
 *       net.properties when a goroutine first opens a socket) happens once per JVM and cannot be moved by the
 *       user: allowed, as BlockHound allows class loading;</li>
 *   <li>everything else that reaches the list blocks the carrier: file I/O, {@code Unsafe.park} (a virtual
 *       thread calls it only when it cannot unmount, i.e. while pinned), process start.</li>
 * </ul>
 * Telling these apart needs the checked method and the frames below it, which BlockHound does not pass to the
 * predicate: a short {@link StackWalker} walk finds them, starting at BlockHound's {@code checkBlocking} frame.
 * It costs about a microsecond and runs only when a goroutine reaches a listed method, which parks or blocks
 * anyway, or spins.
 *
 * <h2>Recursion and cost</h2>
 * The predicates run inside BlockHound's check, on the checked thread. They must not themselves reach a listed
 * method (that would recurse) and should not load classes there: everything they touch is loaded by
 * {@link #warmUp} while the integration is applied. {@code G.current()} is one ThreadLocal read, so
 * platform threads (Netty, Reactor, goro's own carriers and sysmon) pay only that. goro's carriers are
 * never non-blocking threads: an idle M parks in {@code Unsafe.park}, which must stay unreported.
 */
final class Detector {

    /** The frame of BlockHound's check; the frame below it is the blocking method being checked. */
    private static final String CHECK_CLASS = "reactor.blockhound.BlockHoundRuntime";
    private static final String CHECK_METHOD = "checkBlocking";

    /** Object.wait unmounts a virtual thread that is not pinned from this JDK on (JEP 491). */
    private static final boolean WAIT_UNMOUNTS = java.lang.Runtime.version().feature() >= 24;

    /** Classes of BlockHound's socket checks: on virtual threads these poll and park the goroutine. */
    private static final Set<String> VIRTUAL_THREAD_SOCKETS = Set.of(
            "java.net.Socket", "java.net.ServerSocket", "java.net.Socket$SocketInputStream",
            "java.net.Socket$SocketOutputStream", "java.net.DatagramSocket");

    private static final StackWalker WALKER = StackWalker.getInstance();

    private Detector() {
    }

    /** BlockHound's dynamic-thread predicate: goroutines are re-examined at every check. Checked thread only. */
    static boolean isGoroutine(Thread current) {
        return G.current() != null;
    }

    /**
     * BlockHound's non-blocking-thread predicate: true if the call being checked on the calling goroutine would
     * block its carrier. {@code current} is the checked thread, which BlockHound always passes as the current
     * one. Checked thread only.
     */
    static boolean blocksCarrier(Thread current) {
        G g = G.current();
        if (g == null || g.status() == G.SYSCALL) {
            return false;
        }
        return WALKER.walk(Detector::blocksCarrier);
    }

    /** The decision on the frames of the checked call, innermost first. */
    private static boolean blocksCarrier(Stream<StackWalker.StackFrame> stack) {
        Iterator<StackWalker.StackFrame> frames = stack.iterator();
        StackWalker.StackFrame call = null;
        while (frames.hasNext()) {
            StackWalker.StackFrame f = frames.next();
            if (isCheck(f) && frames.hasNext()) {
                call = frames.next();
                break;
            }
        }
        if (call == null) {
            return true; // not inside a check (BlockHound probing the predicate at install): the strict answer
        }
        String cls = call.getClassName();
        String method = call.getMethodName();
        if (method.equals("onSpinWait") && cls.equals("java.lang.Thread")) {
            return false;
        }
        if (VIRTUAL_THREAD_SOCKETS.contains(cls)) {
            return false;
        }
        while (frames.hasNext()) {
            StackWalker.StackFrame f = frames.next();
            if (f.getMethodName().equals("<clinit>")) {
                // The innermost initializer decides: the JDK's own one-time lazy initialization is allowed; a
                // user's initializer pins the goroutine, so whatever it waits on, its carrier waits too.
                return !isJdkClass(f.getClassName());
            }
            if (f.isNativeMethod()) {
                return true; // a native frame pins the goroutine
            }
        }
        boolean objectWait = method.equals("wait") && cls.equals("java.lang.Object");
        return !objectWait || !WAIT_UNMOUNTS;
    }

    /** Whether {@code f} is BlockHound's check, the frame right above the blocking method being checked. */
    static boolean isCheck(StackWalker.StackFrame f) {
        return f.getMethodName().equals(CHECK_METHOD) && f.getClassName().equals(CHECK_CLASS);
    }

    /** Whether a class name belongs to the JDK's own packages (by name: these frames hold no class reference). */
    static boolean isJdkClass(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /**
     * Loads and links everything the predicates use, on the installing thread, so that no check ever loads a
     * class from inside the predicate.
     */
    static void warmUp() {
        isGoroutine(Thread.currentThread());
        WALKER.walk(Detector::blocksCarrier);
        isJdkClass(CHECK_CLASS);
    }
}
