package dev.goro.reactor;

import dev.goro.Chan;
import dev.goro.ChanClosedException;
import dev.goro.Received;
import dev.goro.RecvChan;
import dev.goro.internal.chan.ObservedChans;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/*
 * Publisher -> channel: a Subscriber that puts every value in a channel with a non-blocking send, so that no
 * Reactor or Netty thread ever waits on the channel.
 *
 * Credit ("Never more than free space"): the channel holds `buffer` values. The subscriber requests `buffer` up
 * front and afterwards exactly one value for each value a receiver has taken out (the channel is an observed one,
 * see ObservedChans: the receiving goroutine reports each value it takes). So at every moment
 *     values requested and not yet delivered + values in the buffer <= buffer,
 * and onNext's trySend always finds room (or a parked receiver). Credits are returned in batches of `limit`
 * (three quarters of the buffer, Reactor's replenishing rule for prefetch queues), so a goroutine that drains the
 * channel issues one request per `limit` values. The receiving goroutine makes that request itself, after the
 * channel lock is released: a synchronous source (Flux.range, a fused chain) then refills the channel on the
 * receiver's own carrier, with no thread hop at all. A value that finds no room anyway means the publisher sent
 * more than requested (§1.1): it is discarded and the channel closed with Reactor's overflow error.
 *
 * Capacity 0 (rendezvous) cannot be a Reactive Streams buffer: a value that arrives while no receiver waits must
 * be put somewhere. It becomes a buffer of one value, requested one at a time: the next is requested only after
 * the previous one was received.
 *
 * Serial requests ("Serial upstream calls"): several goroutines may receive from the channel, so credit returns
 * come from several threads, and cancel() from yet another; §2.7 wants request and cancel called serially. They
 * all go through one drain loop (Reactor's WIP pattern): whoever moves `wip` from 0 calls the Subscription, for its
 * own amount and for any that arrived meanwhile (`pending`), until `wip` falls back to 0.
 *
 * Terminal signals: onComplete closes the channel; onError closes it with the error (Chan.close(Throwable)), so
 * receivers get every buffered value and then ChanClosedException carrying it; a null value or error (§2.13)
 * cancels upstream, closes the channel with a NullPointerException and throws one to the caller.
 *
 * Cancel (the receiver's): cancel upstream through the drain loop, close the channel, and pass every value still
 * buffered, or arriving from an onNext already in flight, to Reactor's discard hook.
 */
final class PublisherToChan<T> implements CoreSubscriber<T>, ChanSubscription<T>, ObservedChans.RecvObserver {
    /** state bits. DONE: a terminal signal arrived. CANCELLED: the receiver cancelled. */
    private static final int DONE = 1, CANCELLED = 2;

    // Updaters take a raw class token; Reactor's Operators helpers (addCap) work on updaters.
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<PublisherToChan> STATE =
            AtomicIntegerFieldUpdater.newUpdater(PublisherToChan.class, "state");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<PublisherToChan> CREDITS =
            AtomicIntegerFieldUpdater.newUpdater(PublisherToChan.class, "credits");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<PublisherToChan> WIP =
            AtomicIntegerFieldUpdater.newUpdater(PublisherToChan.class, "wip");
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<PublisherToChan> PENDING =
            AtomicLongFieldUpdater.newUpdater(PublisherToChan.class, "pending");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<PublisherToChan, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(PublisherToChan.class, Subscription.class, "upstream");

    private final Chan<T> ch;
    private final int buffer;
    private final int limit;
    private final Context context;

    private volatile int state;
    /** Values received since the last credit return; see "Never more than free space". */
    private volatile int credits;
    /** See "Serial upstream calls". */
    private volatile int wip;
    private volatile long pending;
    private volatile Subscription upstream;
    /** Upstream has been sent cancel; only the drain loop's owner touches it. */
    private boolean upstreamCancelled;

    PublisherToChan(int capacity, Context context) {
        this.buffer = Math.max(1, capacity);
        this.limit = buffer - (buffer >> 2);
        this.context = context;
        this.ch = ObservedChans.make(buffer, this);
    }

    // ---------------------------------------------------------------------------------------------------
    // Subscriber side: any thread the publisher signals on, serially (§1.3).

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription s) {
        Objects.requireNonNull(s, "subscription"); // §2.13
        if (!UPSTREAM.compareAndSet(this, null, s)) {
            s.cancel(); // §2.5: a second subscription is refused
            Operators.reportSubscriptionSet();
            return;
        }
        requestUpstream(buffer); // also delivers a cancel that came before the subscription
    }

    @Override
    public void onNext(T value) {
        if (value == null) {
            NullPointerException npe = new NullPointerException("onNext called with a null value (§2.13)");
            fail(npe);
            throw npe;
        }
        if (state != 0) {
            Operators.onDiscard(value, context); // after cancel or a terminal signal (§1.7 violation)
            return;
        }
        boolean sent;
        try {
            sent = ch.trySend(value);
        } catch (IllegalStateException closedByCancel) {
            Operators.onDiscard(value, context);
            return;
        }
        if (!sent) {
            Operators.onDiscard(value, context);
            fail(Exceptions.failWithOverflow("GoFlux.toChan: the publisher sent more than was requested"));
        }
    }

    @Override
    public void onError(Throwable t) {
        if (t == null) {
            NullPointerException npe = new NullPointerException("onError called with a null error (§2.13)");
            fail(npe);
            throw npe;
        }
        if ((STATE.getAndUpdate(this, s -> s | DONE) & (DONE | CANCELLED)) != 0) {
            Operators.onErrorDropped(t, context);
            return;
        }
        closeQuietly(t);
    }

    @Override
    public void onComplete() {
        if ((STATE.getAndUpdate(this, s -> s | DONE) & (DONE | CANCELLED)) != 0) {
            return;
        }
        closeQuietly(null);
    }

    /** A broken publisher: stop it and hand the error to the receivers after the values already buffered. */
    private void fail(Throwable e) {
        if ((STATE.getAndUpdate(this, s -> s | DONE) & (DONE | CANCELLED)) != 0) {
            Operators.onErrorDropped(e, context);
            return;
        }
        cancelUpstream();
        closeQuietly(e);
    }

    // ---------------------------------------------------------------------------------------------------
    // Receiver side.

    @Override
    public RecvChan<T> channel() {
        return ch;
    }

    /** A receiving goroutine took one value out: return credit in batches. Any receiving thread. */
    @Override
    public void received() {
        if (state != 0) {
            return; // upstream finished or cancelled: no more requests
        }
        if (CREDITS.incrementAndGet(this) == limit) {
            // Exactly one receiver sees each multiple of limit go by; it takes those credits out and returns them.
            CREDITS.addAndGet(this, -limit);
            requestUpstream(limit);
        }
    }

    @Override
    public void cancel() {
        if ((STATE.getAndUpdate(this, s -> s | CANCELLED) & CANCELLED) != 0) {
            return;
        }
        cancelUpstream();
        closeQuietly(null);
        // Values buffered now go to the discard hook; a concurrent onNext finds the channel closed and discards
        // its value itself. A receiver racing with us takes some of them: those are delivered, not lost.
        try {
            Received<T> r;
            while ((r = ch.tryRecvOk()) != null && r.ok()) {
                Operators.onDiscard(r.value(), context);
            }
        } catch (ChanClosedException alreadyFailed) {
            // Closed with the publisher's error before our close: drained, nothing left to discard.
        }
    }

    @Override
    public boolean isDisposed() {
        return (state & CANCELLED) != 0;
    }

    // ---------------------------------------------------------------------------------------------------
    // "Serial upstream calls"

    private void cancelUpstream() {
        requestUpstream(0);
    }

    /** Adds {@code n} to the pending request (0: only look at the cancel flag) and drains. Any thread. */
    private void requestUpstream(long n) {
        if (n > 0) {
            Operators.addCap(PENDING, this, n);
        }
        if (WIP.getAndIncrement(this) != 0) {
            return; // the owner of the loop will see our amount or our cancel
        }
        int missed = 1;
        for (;;) {
            Subscription s = upstream;
            if (s != null && !upstreamCancelled) {
                if ((state & (CANCELLED | DONE)) != 0) {
                    // DONE here means fail(): a broken publisher is told to stop; after a real terminal signal
                    // cancel is a no-op for it (§3.7), so telling it again is harmless.
                    upstreamCancelled = true;
                    s.cancel();
                } else {
                    long r = PENDING.getAndSet(this, 0);
                    if (r != 0) {
                        s.request(r);
                    }
                }
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void closeQuietly(Throwable cause) {
        try {
            if (cause == null) {
                ch.close();
            } else {
                ch.close(cause);
            }
        } catch (IllegalStateException alreadyClosed) {
            // cancel() and a terminal signal raced: the first close stands.
        }
    }

    @Override
    public String toString() {
        return "ChanSubscription[" + ch + (isDisposed() ? ", cancelled" : "") + "]";
    }
}
