package dev.goro;

/** A goroutine's status, Go's {@code _G*} values (runtime2.go). */
public enum GoroutineState {
    /** Created, not yet started. */
    IDLE("idle"),
    /** Ready to run, waiting for a P. */
    RUNNABLE("runnable"),
    /** Running on a carrier. */
    RUNNING("running"),
    /** Inside {@link Go#blocking}: its P was handed to another carrier (Go's _Gsyscall). */
    SYSCALL("syscall"),
    /** Parked: on a channel, a lock, a timer, I/O... ({@link GoroutineInfo#waitReason()} says which). */
    WAITING("waiting"),
    /** Finished. */
    DEAD("dead");

    private final String goName;

    GoroutineState(String goName) {
        this.goName = goName;
    }

    /** The word Go prints in tracebacks ({@code goroutine 1 [running]:}). */
    public String goName() {
        return goName;
    }
}
