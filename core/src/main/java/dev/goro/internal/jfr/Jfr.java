package dev.goro.internal.jfr;

import dev.goro.internal.sched.CarrierStall;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;

/**
 * goro's JDK Flight Recorder hooks: the one door through which the runtime reaches its JFR events, so that
 * no runtime class links a {@code jdk.jfr} type.
 *
 * <h2>Why a door</h2>
 * A JVM built with jlink may leave the {@code jdk.jfr} module out; a class that named an event type would
 * then fail to link on the first goroutine spawn or park. Callers test {@link #AVAILABLE} (a static final the
 * JIT folds into a constant) and only then call in here; this class delegates to {@code JfrEvents}, which is
 * loaded on first use and is the only one to touch {@code jdk.jfr}.
 *
 * <h2>Cost when nobody records</h2>
 * Every hook begins with the event's own {@code isEnabled()}/{@code shouldCommit()} test, which the JDK compiles
 * to a read of a static flag while no recording enables the event; the event object is then never used and
 * the JIT removes its allocation. Field values (names, creation sites) are computed only after that test.
 *
 * <h2>Events</h2>
 * <table>
 *   <caption>goro's JFR events</caption>
 *   <tr><th>name</th><th>default</th><th>committed</th></tr>
 *   <tr><td>{@code dev.goro.GoroutineStart}</td><td>off; setting {@code sampleOneIn}</td><td>by the spawner,
 *       with its stack (the creation stack)</td></tr>
 *   <tr><td>{@code dev.goro.GoroutineEnd}</td><td>off; threshold 0 ms</td><td>by the goroutine as it exits,
 *       duration = its life</td></tr>
 *   <tr><td>{@code dev.goro.GoroutinePark}</td><td>on, threshold 20 ms</td><td>by a goroutine whose park in a
 *       goro primitive lasted at least the threshold, with the wait reason</td></tr>
 *   <tr><td>{@code dev.goro.CarrierStall}</td><td>on</td><td>by sysmon, when it hands off the processor of a
 *       carrier held too long</td></tr>
 *   <tr><td>{@code dev.goro.NetpollWait}</td><td>on, threshold 20 ms</td><td>by the network poller's users, via
 *       {@link #netpollWaitBegin()} / {@link #netpollWaitEnd}</td></tr>
 * </table>
 */
public final class Jfr {

    /** Whether the {@code jdk.jfr} module is in this JVM; when false, no other method here may be called. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private Jfr() {
    }

    /** Spawner only, after the G is registered: {@code dev.goro.GoroutineStart}. */
    public static void goroutineCreated(G g) {
        JfrEvents.goroutineCreated(g);
    }

    /**
     * Goroutine body only, first thing: starts timing {@code dev.goro.GoroutineEnd}. Returns the event to
     * pass to {@link #goroutineExited}, or null if no recording wants it.
     */
    public static Object goroutineStarted() {
        return JfrEvents.goroutineStarted();
    }

    /** Goroutine body only, last thing, with what {@link #goroutineStarted()} returned (not null). */
    public static void goroutineExited(Object event, G g) {
        JfrEvents.goroutineExited(event, g);
    }

    /** Own goroutine only, at the start of a wait: the event to end, or null if no recording wants it. */
    public static Object parkBegin() {
        return JfrEvents.parkBegin();
    }

    /** Own goroutine only, when the wait ends, with what {@link #parkBegin()} returned (not null). */
    public static void parkEnd(Object event, G g, WaitReason reason) {
        JfrEvents.parkEnd(event, g, reason);
    }

    /** Sysmon's stall listener: {@code dev.goro.CarrierStall}. */
    public static void carrierStall(CarrierStall stall) {
        JfrEvents.carrierStall(stall);
    }

    /**
     * The calling goroutine is about to park waiting for its descriptor to become ready (Go's netpollblock).
     * Returns the event to pass to {@link #netpollWaitEnd}, or null if no recording wants it. Check
     * {@link #AVAILABLE} first. Any thread.
     */
    public static Object netpollWaitBegin() {
        return JfrEvents.netpollWaitBegin();
    }

    /**
     * The wait that {@link #netpollWaitBegin()} began is over; commits {@code dev.goro.NetpollWait} if it lasted
     * the threshold. {@code fd}: the descriptor (or -1 if unknown); {@code write}: waited to write, else to read.
     */
    public static void netpollWaitEnd(Object event, int fd, boolean write) {
        JfrEvents.netpollWaitEnd(event, fd, write);
    }
}
