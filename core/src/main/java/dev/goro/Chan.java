package dev.goro;

import dev.goro.internal.chan.ChanLock;
import dev.goro.internal.chan.ObservedChans;
import dev.goro.internal.chan.ObservedChans.RecvObserver;
import dev.goro.internal.chan.Panics;
import dev.goro.internal.chan.Sudog;
import dev.goro.internal.chan.WaitQ;
import dev.goro.internal.sched.GoroFatalError;
import dev.goro.internal.sched.WaitReason;
import dev.goro.internal.time.RuntimeTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Channels: Go's runtime/chan.go (Go 1.23-1.26), on goroutines that are JDK virtual threads.
 *
 * Invariants (under the channel lock):
 *  (I1) At most one of sendq and recvq holds a live waiter, except when one select waits on both sides of the
 *       same unbuffered channel (it cannot rendezvous with itself). A queue may also hold stale sudogs of a
 *       select that already won elsewhere; WaitQ.dequeue drops them.
 *  (I2) Buffered channels: qcount > 0 implies recvq holds no live waiter (a receiver would have taken a value).
 *  (I3) qcount < dataqsiz implies sendq holds no live waiter (a sender would have used the free slot).
 *  (I4) closed implies both queues are empty: close wakes every waiter, a send on a closed channel throws
 *       before queueing, a receive on a closed channel never queues.
 *  (I5) The qcount slots starting at recvx (mod dataqsiz) are non-null and every other slot is null, so the
 *       buffer keeps no reference to a value already received.
 *  (I6) A sudog is in at most one queue, and Sudog.queued is true exactly while it is.
 *  checkInvariants() verifies these; race tests call it between steps.
 *
 * Not invariants (do not rely on them):
 *  - len() read without the lock is a snapshot, stale as soon as it is returned.
 *  - A non-empty queue does not mean a waiter is ready: it may hold stale select sudogs.
 *  - A sudog dequeued and completed by a waker may not have woken yet (it runs when the scheduler gets to it);
 *    wait reasons and goroutine states are therefore best-effort snapshots.
 *
 * The approach, step by step as in chan.go:
 *  - One lock per channel (ChanLock). Nothing parks while holding it, and nothing is readied while holding it:
 *    waiters to wake are collected, the lock is released, then they are readied (Go's closechan glist). A
 *    goroutine readied by a goroutine runs next on the waker's P ("Runnext hand-off" in Sched), so a send that
 *    finds a parked receiver hands the value straight to it (Go's send/sendDirect) and the receiver runs next
 *    on the same carrier.
 *  - A receive from a full buffer with a parked sender takes the head and moves the sender's value to the tail,
 *    which is the same slot (Go's recv): FIFO order holds across buffer and sendq.
 *  - Close marks the channel, wakes every receiver with (null, false) and every sender with success = false
 *    (they throw "send on closed channel"); buffered values still drain.
 *  - Lock-free fast paths, only where chan.go proves them: a non-blocking send that sees "open and full" and a
 *    non-blocking receive that sees "empty and open" (or "empty, closed, still empty") fail without locking.
 *    See the proofs at trySend and chanrecv.
 *
 * Rejected: wrapping a java.util.concurrent queue. A queue cannot hand a value to a parked receiver and make
 * it run next, cannot take part in select's lock-all-then-enqueue protocol, and cannot give close's semantics
 * (drain, then zero values, wake every waiter) without a second layer of locking.
 *
 * Interrupt protocol: a blocking operation checks the interrupt status on entry and throws
 * GoInterruptedException before touching the channel. A parked waiter that is interrupted takes the lock and
 * removes its sudog: if it was still queued, nobody took or gave it a value and it throws (no effect); if it
 * was gone, a waker completed it under the lock first, and the operation returns its result normally with
 * the interrupt status still set. A value is never lost or duplicated.
 *
 * Close with an error (a goro extension, for adapters of streams that can fail): closeCause is written under the
 * lock before the release store of closed and before close completes any waiter, so whoever sees closed (acquire
 * or under the lock) or a completion by close also sees the cause. Every place that would return the zero value
 * of a closed, drained channel throws ChanClosedException instead (closedZero, and select's closed receive case).
 *
 * Observed channels (ObservedChans, for the Reactor bridge): after a receive has taken a value and released the
 * lock, the receiver calls the observer once, whichever path took the value (buffer, parked sender, hand-off to a
 * parked receiver or select). Ordinary channels have no observer and pay one null check.
 *
 * Timer channels (Time.after, Timer, Ticker): a buffer of one that reports len and cap 0, with the timer
 * firing lazily; see RuntimeTimer. Receivers call timer.maybeRunChan() before locking and
 * block/unblockTimerChan() around parking, never while holding the channel lock (lock order: timer, then
 * channel).
 */

/**
 * A Go channel: a typed conduit between goroutines, unbuffered (rendezvous) or with a buffer of fixed capacity,
 * FIFO, closable. {@code Chan} is both a {@link SendChan} and a {@link RecvChan}; pass the narrower view to code
 * that should only send or only receive.
 *
 * <pre>{@code
 * Chan<Integer> results = Chan.make(16);          // results := make(chan int, 16)
 * Go.go(() -> {
 *     for (int i = 0; i < 3; i++) results.send(i); // results <- i
 *     results.close();                             // close(results)
 * });
 * for (int v : results) System.out.println(v);     // for v := range results
 * }</pre>
 *
 * <p><strong>Elements</strong> are never null: null is what a receive returns from a closed, drained channel
 * (Go's zero value). Sending null throws {@link NullPointerException}.
 *
 * <p><strong>Closing with an error</strong> ({@link #close(Throwable)}, a goro extension): receivers drain the
 * buffered values, then every receive throws {@link ChanClosedException} carrying the error, so a failed
 * producer's receivers learn why it stopped, after every value it did send.
 *
 * <p><strong>The nil channel</strong> is {@link #nil()}: send and receive on it block forever (wait reasons
 * "chan send (nil chan)" / "chan receive (nil chan)"), close throws "close of nil channel", and in a
 * {@link Select} its cases never fire. Select cases also accept a plain {@code null} channel as the nil
 * channel, so Go's idiom of disabling a case by setting its variable to nil carries over.
 *
 * <p><strong>Blocking:</strong> in a goroutine, a waiting operation parks the goroutine, not its carrier; on a
 * plain thread it blocks the thread. Goroutines and plain threads can share a channel.
 *
 * <p><strong>Interrupts:</strong> a blocking operation whose thread is interrupted on entry or while it waits
 * throws {@link GoInterruptedException}, keeps the interrupt status, and has had no effect: nothing was sent,
 * nothing was consumed. If a value was handed over at the same moment, the operation completes normally instead
 * (the interrupt status stays set). Non-blocking operations ignore the interrupt status.
 *
 * <p>Do not synchronize on a channel or use it as a lock: it is not one.
 *
 * @param <T> element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {

    private static final VarHandle QCOUNT;
    private static final VarHandle CLOSED;
    private static final VarHandle ID;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QCOUNT = l.findVarHandle(Chan.class, "qcount", int.class);
            CLOSED = l.findVarHandle(Chan.class, "closed", boolean.class);
            ID = l.findVarHandle(Chan.class, "id", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Source of select lock-order ids; taken lazily, so channels never used in a select cost no atomic add. */
    private static final AtomicLong NEXT_ID = new AtomicLong();

    /** chanrecv's result for "closed and drained" (elements are never null, so no value can equal it). */
    static final Object CLOSED_ZERO = new Object();
    /** chanrecv's result for "a non-blocking receive found nothing". */
    static final Object WOULD_BLOCK = new Object();

    private static final Chan<?> NIL = new Chan<>(0, null, true, null);

    static {
        ObservedChans.register(new ObservedChans.Factory() {
            @Override
            public <T> Chan<T> make(int capacity, RecvObserver observer) {
                checkCapacity(capacity);
                return new Chan<>(capacity, null, false, observer);
            }
        });
    }

    /** Guards every field below except where noted (Go's hchan.lock). Null for the nil channel. */
    final ChanLock lock;
    /** Ring buffer of dataqsiz slots; null when unbuffered. */
    private final Object[] buf;
    /** Capacity (Go's dataqsiz). */
    final int dataqsiz;
    /** The timer feeding this channel, or null for an ordinary channel. */
    final RuntimeTimer timer;
    /** This is the nil channel. */
    final boolean isNil;
    /** Parked receivers (Go's recvq). */
    final WaitQ recvq;
    /** Parked senders (Go's sendq). */
    final WaitQ sendq;
    /** Told of each value received, or null (ordinary channels); see "Observed channels" above. */
    private final RecvObserver observer;

    /** Values in the buffer. Written under the lock with opaque stores, read racily by len() and fast paths. */
    private int qcount;
    private int sendx;
    private int recvx;
    /** Written once, under the lock, with a release store; read racily with acquire by the fast paths. */
    private boolean closed;
    /**
     * The error given to close(Throwable), or null. Written once, under the lock, before the release store of
     * closed; read only after closed has been seen (acquire, or under the lock) or after a completion by close.
     */
    private Throwable closeCause;
    /** Select lock-order id, 0 until first needed; set once by CAS. */
    private long id;

    private Chan(int capacity, RuntimeTimer timer, boolean isNil, RecvObserver observer) {
        this.isNil = isNil;
        this.observer = observer;
        this.dataqsiz = capacity;
        this.timer = timer;
        this.buf = capacity > 0 ? new Object[capacity] : null;
        this.lock = isNil ? null : new ChanLock();
        this.recvq = isNil ? null : new WaitQ();
        this.sendq = isNil ? null : new WaitQ();
    }

    /** An unbuffered channel (Go's {@code make(chan T)}): every send waits for a receiver and vice versa. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, null, false, null);
    }

    /**
     * A channel with a buffer of {@code capacity} values (Go's {@code make(chan T, n)}); 0 makes an unbuffered
     * channel.
     *
     * @throws IllegalArgumentException "makechan: size out of range" if {@code capacity} is negative
     */
    public static <T> Chan<T> make(int capacity) {
        checkCapacity(capacity);
        return new Chan<>(capacity, null, false, null);
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException(Panics.MAKECHAN_SIZE + ": " + capacity);
        }
    }

    /**
     * The nil channel (the zero value of Go's channel types): sends and receives block forever, close throws
     * "close of nil channel", select cases on it never fire. One shared instance.
     */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    /** A timer's channel: a buffer of one that reports len and cap 0 (Go 1.23's synchronous timer channels). */
    static <T> Chan<T> forTimer(RuntimeTimer timer) {
        return new Chan<>(1, Objects.requireNonNull(timer, "timer"), false, null);
    }

    // ---------------------------------------------------------------------------------------------------
    // Send

    @Override
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        if (isNil) {
            Sudog.blockForever(WaitReason.CHAN_SEND_NIL_CHAN, "chan send");
        }
        GoInterruptedException.throwIfInterrupted("chan send");
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(Panics.SEND_ON_CLOSED);
        }
        Sudog sg = recvq.dequeue();
        if (sg != null) {
            // A receiver is parked: hand the value straight to it (Go's send); by I2 the buffer is empty.
            sendTo(sg, value);
            lock.unlock();
            sg.ready();
            return;
        }
        if (qcount < dataqsiz) {
            bufPut(value);
            lock.unlock();
            return;
        }
        Sudog me = new Sudog(value, null, 0);
        sendq.enqueue(me);
        lock.unlock();
        if (!me.await(WaitReason.CHAN_SEND, this)) {
            abandon(sendq, me, "chan send");
        }
        if (!me.success) {
            throw new IllegalStateException(Panics.SEND_ON_CLOSED); // woken by close
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        if (isNil) {
            return false;
        }
        // Fast path (chan.go's chansend): after observing that the channel is not closed, we observe that it is
        // not ready for sending (full buffer, or no receiver for an unbuffered one). Each is a single read. A
        // channel cannot go from closed to open, and whichever order the two reads happen in, there was a moment
        // between them when the channel was both open and not ready for sending: we behave as if we had looked
        // then, and fail. If it was closed we fall through to the locked path, which throws.
        if (!(boolean) CLOSED.getOpaque(this) && fullRacy()) {
            return false;
        }
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(Panics.SEND_ON_CLOSED);
        }
        Sudog sg = recvq.dequeue();
        if (sg != null) {
            sendTo(sg, value);
            lock.unlock();
            sg.ready();
            return true;
        }
        if (qcount < dataqsiz) {
            bufPut(value);
            lock.unlock();
            return true;
        }
        lock.unlock();
        return false;
    }

    // ---------------------------------------------------------------------------------------------------
    // Receive

    @Override
    public T recv() {
        Object v = chanrecv(true);
        return v == CLOSED_ZERO ? null : cast(v);
    }

    @Override
    public Received<T> recvOk() {
        Object v = chanrecv(true);
        return v == CLOSED_ZERO ? Received.closed() : new Received<>(cast(v), true);
    }

    @Override
    public T tryRecv() {
        Object v = chanrecv(false);
        return v == CLOSED_ZERO || v == WOULD_BLOCK ? null : cast(v);
    }

    @Override
    public Received<T> tryRecvOk() {
        Object v = chanrecv(false);
        if (v == WOULD_BLOCK) {
            return null;
        }
        return v == CLOSED_ZERO ? Received.closed() : new Received<>(cast(v), true);
    }

    /**
     * Go's chanrecv: returns the value, {@link #CLOSED_ZERO} for a closed and drained channel, or (only when
     * {@code block} is false) {@link #WOULD_BLOCK}; throws {@link ChanClosedException} for a channel closed with an
     * error and drained. Tells the observer, if any, of a value taken. Any thread.
     */
    private Object chanrecv(boolean block) {
        Object v = chanrecv0(block);
        if (observer != null && v != CLOSED_ZERO && v != WOULD_BLOCK) {
            observer.received(); // lock released: the observer may use this channel
        }
        return v;
    }

    private Object chanrecv0(boolean block) {
        if (isNil) {
            if (!block) {
                return WOULD_BLOCK;
            }
            Sudog.blockForever(WaitReason.CHAN_RECEIVE_NIL_CHAN, "chan receive");
        }
        RuntimeTimer t = timer;
        if (t != null) {
            t.maybeRunChan();
        }
        // Fast path (chan.go's chanrecv): first observe that the channel is empty, then that it is not closed.
        // A channel cannot be reopened, so it was also open at the first observation: behave as if we had looked
        // then, and report that nothing is ready. If it is closed, look again at emptiness: a value may have
        // arrived between the two reads; if it is still empty it is closed and drained for good. The acquire
        // reads keep this order, and the acquire of closed sees every buffered value sent before the close.
        if (!block && emptyAcquire()) {
            if (!(boolean) CLOSED.getAcquire(this)) { // acquire: pairs with the release in close
                return WOULD_BLOCK;
            }
            if (emptyAcquire()) {
                return closedZero(); // closeCause visible: we saw closed with acquire
            }
        }
        if (block) {
            GoInterruptedException.throwIfInterrupted("chan receive");
        }
        lock.lock();
        if (closed) {
            if (qcount == 0) {
                lock.unlock();
                return closedZero();
            }
            // Closed with values still buffered: they drain first.
        } else {
            Sudog sg = sendq.dequeue();
            if (sg != null) {
                Object v = recvFrom(sg);
                lock.unlock();
                sg.ready();
                return v;
            }
        }
        if (qcount > 0) {
            Object v = bufTake();
            lock.unlock();
            return v;
        }
        if (!block) {
            lock.unlock();
            return WOULD_BLOCK;
        }
        Sudog me = new Sudog(null, null, 0);
        recvq.enqueue(me);
        lock.unlock();
        if (t != null) {
            t.blockTimerChan();
        }
        boolean done = me.await(WaitReason.CHAN_RECEIVE, this);
        if (t != null) {
            t.unblockTimerChan();
        }
        if (!done) {
            abandon(recvq, me, "chan receive");
        }
        return me.success ? me.elem : closedZero(); // woken by close: its completion published closeCause
    }

    // ---------------------------------------------------------------------------------------------------
    // Close, len, cap, iteration

    @Override
    public void close() {
        closechan(null);
    }

    @Override
    public void close(Throwable cause) {
        closechan(Objects.requireNonNull(cause, "cause"));
    }

    /** Go's closechan, recording {@code cause} (null for a plain close). Any thread. */
    private void closechan(Throwable cause) {
        if (isNil) {
            throw new IllegalStateException(Panics.CLOSE_OF_NIL);
        }
        List<Sudog> woken = new ArrayList<>();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(Panics.CLOSE_OF_CLOSED);
        }
        closeCause = cause;            // plain: published by the release below and by each completion
        CLOSED.setRelease(this, true); // release: buffered values and closeCause visible to fast paths that see closed
        Sudog sg;
        while ((sg = recvq.dequeue()) != null) { // receivers get the zero value, ok == false
            sg.elem = null;
            sg.success = false;
            sg.complete();
            woken.add(sg);
        }
        while ((sg = sendq.dequeue()) != null) { // senders wake to throw "send on closed channel"
            sg.success = false;
            sg.complete();
            woken.add(sg);
        }
        lock.unlock();
        for (Sudog w : woken) { // ready only now that we have dropped the channel lock
            w.ready();
        }
    }

    @Override
    public int len() {
        if (isNil || timer != null) {
            return 0;
        }
        return (int) QCOUNT.getOpaque(this); // opaque: a racy snapshot, as Go's len
    }

    @Override
    public int cap() {
        return timer != null ? 0 : dataqsiz;
    }

    @Override
    public boolean isClosed() {
        return !isNil && (boolean) CLOSED.getAcquire(this);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next;  // a value received by hasNext and not yet returned
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    return false;
                }
                Object v = chanrecv(true);
                if (v == CLOSED_ZERO) {
                    done = true;
                    return false;
                }
                next = v;
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed and drained");
                }
                Object v = next;
                next = null;
                return cast(v);
            }
        };
    }

    @Override
    public String toString() {
        if (isNil) {
            return "Chan(nil)";
        }
        return "Chan[len=" + len() + ", cap=" + cap() + (isClosed() ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------------
    // Pieces shared with Select and with timer channels. All hold the lock unless noted.

    /** Closed flag. Holds the lock. */
    boolean closedLocked() {
        assert lock.isHeldByCurrentThread();
        return closed;
    }

    /** The error this channel was closed with, or null. Holds the lock (or has seen closed with acquire). */
    Throwable closeCauseLocked() {
        return closeCause;
    }

    /**
     * The zero result of a receive on this closed, drained channel: {@link #CLOSED_ZERO}, or for a channel closed
     * with an error, a {@link ChanClosedException}. Call without the lock, after observing closed (see the
     * callers for how each observes it).
     */
    Object closedZero() {
        Throwable cause = closeCause;
        if (cause != null) {
            throw new ChanClosedException(cause);
        }
        return CLOSED_ZERO;
    }

    /** After a select receive case took a value from this channel: tells the observer. No lock held. */
    void received() {
        if (observer != null) {
            observer.received();
        }
    }

    /** Values buffered. Holds the lock. */
    int qcountLocked() {
        assert lock.isHeldByCurrentThread();
        return qcount;
    }

    /** Go's send: completes a parked receiver with {@code v}. Holds the lock; the caller readies sg after unlocking. */
    void sendTo(Sudog sg, Object v) {
        assert lock.isHeldByCurrentThread();
        sg.elem = v;
        sg.success = true;
        sg.complete();
    }

    /**
     * Go's recv: takes the value of the parked sender {@code sg}. Unbuffered: straight from the sender. Buffered
     * (the buffer is full, by I3): take the head, and put the sender's value in the freed slot, which is the tail,
     * so FIFO order holds. Holds the lock; the caller readies sg after unlocking.
     */
    Object recvFrom(Sudog sg) {
        assert lock.isHeldByCurrentThread();
        Object v;
        if (dataqsiz == 0) {
            v = sg.elem;
        } else {
            if (qcount != dataqsiz) {
                throw new GoroFatalError("recvFrom: sender parked on a buffer that is not full");
            }
            int i = recvx;
            v = buf[i];
            buf[i] = sg.elem;
            i = i + 1 == dataqsiz ? 0 : i + 1;
            recvx = i;
            sendx = i; // the buffer stays full: the tail is where the head was
        }
        sg.elem = null;
        sg.success = true;
        sg.complete();
        return v;
    }

    /** Appends to the ring buffer; the caller checked qcount &lt; dataqsiz. Holds the lock. */
    void bufPut(Object v) {
        assert lock.isHeldByCurrentThread() && qcount < dataqsiz;
        int i = sendx;
        buf[i] = v;
        sendx = i + 1 == dataqsiz ? 0 : i + 1;
        QCOUNT.setOpaque(this, qcount + 1); // opaque: len() and the fast paths read it without the lock
    }

    /** Takes the head of the ring buffer; the caller checked qcount &gt; 0. Holds the lock. */
    Object bufTake() {
        assert lock.isHeldByCurrentThread() && qcount > 0;
        int i = recvx;
        Object v = buf[i];
        buf[i] = null; // I5: do not retain received values
        recvx = i + 1 == dataqsiz ? 0 : i + 1;
        QCOUNT.setOpaque(this, qcount - 1); // opaque: see bufPut
        return v;
    }

    /**
     * Timer channels: the timer's non-blocking send of its fire time. Hands it to a parked receiver (returned,
     * for the caller to ready once it has released its locks), or buffers it, or drops it if the previous value
     * is still there (a tick nobody took). Takes the lock; the caller holds the timer's monitor.
     */
    Sudog timerSend(Object v) {
        lock.lock();
        try {
            Sudog sg = recvq.dequeue();
            if (sg != null) {
                sendTo(sg, v);
                return sg;
            }
            if (qcount < dataqsiz) {
                bufPut(v);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Timer channels: drops a buffered value; true if there was one. Takes the lock (Go's timerchandrain). */
    boolean timerDrain() {
        if ((int) QCOUNT.getOpaque(this) == 0) {
            // Racy peek, as Go's timerchandrain: a value is only ever put there by the timer's own firing, which
            // holds the timer monitor that our caller holds too, so it cannot appear concurrently.
            return false;
        }
        lock.lock();
        try {
            if (qcount == 0) {
                return false;
            }
            bufTake();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lock-order id for select, assigned on first use. Any thread. */
    long id() {
        long v = (long) ID.getOpaque(this);
        if (v != 0) {
            return v;
        }
        long fresh = NEXT_ID.incrementAndGet();
        // CAS: the first id wins, so every select sees the same order; the loser's id is simply never used.
        return ID.compareAndSet(this, 0L, fresh) ? fresh : (long) ID.getVolatile(this);
    }

    /**
     * A parked waiter that was interrupted: removes its sudog; if it was still queued the operation had no effect
     * and GoInterruptedException is thrown, else a waker completed it first and the caller returns its result.
     */
    private void abandon(WaitQ q, Sudog me, String op) {
        lock.lock();
        boolean removed = q.remove(me);
        lock.unlock();
        if (removed) {
            throw new GoInterruptedException(op);
        }
    }

    /** Racy "not ready for sending" for trySend's fast path. Any thread. */
    private boolean fullRacy() {
        if (dataqsiz == 0) {
            return recvq.isEmptyAcquire();
        }
        return (int) QCOUNT.getOpaque(this) == dataqsiz; // opaque: a single racy read, see trySend
    }

    /** Racy "nothing to receive" for the receive fast path. Any thread. */
    private boolean emptyAcquire() {
        if (dataqsiz == 0) {
            return sendq.isEmptyAcquire();
        }
        return (int) QCOUNT.getAcquire(this) == 0; // acquire: keeps the later read of closed after this one
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object v) {
        return (T) v;
    }

    /** Checks I1-I6 under the lock; throws GoroFatalError naming the broken one. For tests. */
    void checkInvariants() {
        if (isNil) {
            return;
        }
        lock.lock();
        try {
            if (qcount < 0 || qcount > dataqsiz) {
                throw new GoroFatalError("checkInvariants: qcount " + qcount + " out of [0, " + dataqsiz + "]");
            }
            List<Object> senders = sendq.liveOwners();
            List<Object> receivers = recvq.liveOwners();
            if (!senders.isEmpty() && !receivers.isEmpty()
                    && !(senders.size() == 1 && receivers.size() == 1 && senders.get(0) == receivers.get(0))) {
                throw new GoroFatalError("checkInvariants: I1 live senders and receivers both queued");
            }
            if (dataqsiz > 0 && qcount > 0 && !receivers.isEmpty()) {
                throw new GoroFatalError("checkInvariants: I2 values buffered while a receiver waits");
            }
            if (dataqsiz > 0 && qcount < dataqsiz && !senders.isEmpty()) {
                throw new GoroFatalError("checkInvariants: I3 free slots while a sender waits");
            }
            if (closed && (!sendq.isEmpty() || !recvq.isEmpty())) {
                throw new GoroFatalError("checkInvariants: I4 waiters queued on a closed channel");
            }
            for (int k = 0; k < dataqsiz; k++) {
                int i = (recvx + k) % dataqsiz;
                boolean occupied = k < qcount;
                if ((buf[i] != null) != occupied) {
                    throw new GoroFatalError("checkInvariants: I5 slot " + i + (occupied ? " empty" : " retained"));
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
