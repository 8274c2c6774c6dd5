package dev.goro.internal.sched;

/**
 * Why a goroutine is waiting, with Go's exact strings (runtime2.go {@code waitReasonStrings}), so that dumps
 * and profiles read like Go's. A reason names one kind of wait: do not reuse one for a new meaning, add one.
 */
public enum WaitReason {
    /** Not waiting. */
    ZERO(""),
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SEMACQUIRE("semacquire"),
    IO_WAIT("IO wait"),
    /** A goroutine waiting for another one to finish ({@code Goroutine.join}); Go has no join, goro names it. */
    JOIN("goroutine join"),
    /** A goroutine parked inside the JDK (java.util.concurrent, Object.wait...) on no goro primitive. */
    PARKED("park"),
    /** A goroutine waiting on a Reactive Streams publisher ({@code await}). */
    REACTOR_AWAIT("reactor await"),
    /**
     * A goroutine feeding a Reactive Streams subscriber (a Flux made from a channel or by a producer goroutine),
     * waiting for the subscriber to request more.
     */
    REACTOR_DEMAND("reactor demand"),
    /** A pool submitter waiting for a free worker. */
    POOL_SUBMIT("pool submit");

    private final String text;

    WaitReason(String text) {
        this.text = text;
    }

    /** Go's string for this reason, as printed in tracebacks ({@code goroutine 7 [chan receive]:}). */
    @Override
    public String toString() {
        return text;
    }
}
