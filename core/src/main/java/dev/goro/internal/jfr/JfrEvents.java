package dev.goro.internal.jfr;

import dev.goro.internal.sched.CarrierStall;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;

/**
 * The only class that instantiates goro's event types; reached through {@link Jfr} once {@link Jfr#AVAILABLE}
 * is known to be true. Each method tests the event first and computes field values only if it will be
 * committed (see "Cost when nobody records" in {@link Jfr}).
 */
final class JfrEvents {

    private JfrEvents() {
    }

    static void goroutineCreated(G g) {
        GoroutineStartEvent e = new GoroutineStartEvent();
        if (e.shouldCommit()) {
            e.goroutineId = g.id();
            e.parentId = g.parentId();
            e.name = g.name();
            e.startFunction = g.start().function();
            e.creationSite = site(g.start().creator());
            e.commit();
        }
    }

    static Object goroutineStarted() {
        GoroutineEndEvent e = new GoroutineEndEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    static void goroutineExited(Object event, G g) {
        GoroutineEndEvent e = (GoroutineEndEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.goroutineId = g.id();
            e.name = g.name();
            e.startFunction = g.start().function();
            e.commit();
        }
    }

    static Object parkBegin() {
        GoroutineParkEvent e = new GoroutineParkEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    static void parkEnd(Object event, G g, WaitReason reason) {
        GoroutineParkEvent e = (GoroutineParkEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.goroutineId = g.id();
            e.waitReason = reason.toString();
            e.commit();
        }
    }

    static void carrierStall(CarrierStall s) {
        CarrierStallJfrEvent e = new CarrierStallJfrEvent();
        if (e.shouldCommit()) {
            e.carrier = s.carrier();
            G g = s.goroutine();
            if (g != null) {
                e.goroutineId = g.id();
                e.goroutineName = g.name();
                e.creationSite = site(g.start().creator());
            }
            e.stalled = s.nanos();
            e.blocked = s.blocked();
            e.commit();
        }
    }

    static Object netpollWaitBegin() {
        NetpollWaitEvent e = new NetpollWaitEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    static void netpollWaitEnd(Object event, int fd, boolean write) {
        NetpollWaitEvent e = (NetpollWaitEvent) event;
        e.end();
        if (e.shouldCommit()) {
            G g = G.current();
            e.goroutineId = g != null ? g.id() : 0;
            e.fd = fd;
            e.mode = write ? "write" : "read";
            e.commit();
        }
    }

    /** "com.example.Main.main(Main.java:12)", the form the JDK prints a frame in; null if unknown. */
    static String site(StackTraceElement f) {
        if (f == null) {
            return null;
        }
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}
