package dev.goro.reactor;

import dev.goro.Chan;
import dev.goro.ChanClosedException;
import dev.goro.GoInterruptedException;
import dev.goro.Received;
import dev.goro.RecvChan;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/*
 * Channel -> Flux: one goroutine per subscription (the "drainer") receives from the channel only while the
 * subscriber has outstanding demand, and signals everything downstream itself, so signals are serial by
 * construction.
 *
 * Demand ("Demand wait"): request() adds to `requested` (Reactor's capped add); the drainer receives and emits
 * until it has emitted what it last read, subtracts that, and if nothing is left parks (wait reason "reactor
 * demand") until requested != 0 or cancel. A requester that raised requested from 0 unparks the drainer. The drainer
 * subtracts before it parks and the requester adds before it unparks, both atomically on `requested`, and an
 * unpark that comes before the park leaves a permit: no wake-up is lost. The goroutine itself starts at the first
 * positive request, so a subscriber that never requests costs no goroutine.
 *
 * Receiving: first a non-blocking tryRecvOk (a buffered value costs no state change); only when nothing is ready
 * does the drainer enter a blocking recvOk, announced in `phase`.
 *
 * Cancel ("Cancel while receiving"): cancel() sets CANCELLED in `phase` and, if the drainer was inside a blocking
 * receive (RECEIVING), interrupts it: goro's receive then throws GoInterruptedException having consumed nothing,
 * or, if a value was handed over at the same moment, returns it; the drainer sees CANCELLED and gives that value to
 * Reactor's discard hook, never downstream and never silently. The canceller records that it interrupts in the
 * same CAS that sets CANCELLED (INTERRUPTING) and sets INTERRUPTED after Thread.interrupt returns; a drainer that
 * finds INTERRUPTING waits for INTERRUPTED and clears its interrupt status before it runs any more code (the
 * discard hook), so the interrupt never leaks past the receive it was meant for (FutureTask's handshake). A cancel
 * from the drainer itself (downstream cancels inside onNext) finds no RECEIVING and interrupts nothing.
 *
 * A subscriber whose onNext throws breaks §2.13: its subscription counts as cancelled and the error goes to
 * Operators.onErrorDropped, not back to it (as kotlinx-coroutines settled on, kotlinx.coroutines#2646).
 *
 * Unicast ("consume"): GoFlux.consume(ch) owns the channel: it closes it on cancel (which also wakes a parked
 * receive) and when its subscriber's onNext throws, and accepts one subscriber; a second one gets onError. GoFlux.from(ch)
 * shares it: each subscriber receives its own values, competing with every other receiver of the channel.
 *
 * A channel already closed and empty when subscribed to ends the stream at once, on the subscribing thread,
 * without waiting for demand (and without a goroutine).
 *
 * Bad request (n <= 0): §3.9 wants onError(IllegalArgumentException). Signals are the drainer's, so the requester
 * stores the error and cancels; the drainer delivers it when it notices the cancel. If the drainer has not been
 * started yet, the requester claims `started` and delivers the error itself (nothing else can signal then).
 */
final class ChanToFlux<T> extends Flux<T> {
    private final RecvChan<T> ch;
    /** GoFlux.consume: close the channel on cancel and accept a single subscriber. */
    private final boolean consume;
    private volatile int subscribed; // consume only: 0 -> 1 by the first subscriber
    @SuppressWarnings("rawtypes") // an updater's class token is raw
    private static final AtomicIntegerFieldUpdater<ChanToFlux> SUBSCRIBED =
            AtomicIntegerFieldUpdater.newUpdater(ChanToFlux.class, "subscribed");

    private ChanToFlux(RecvChan<T> ch, boolean consume) {
        this.ch = ch;
        this.consume = consume;
    }

    /** The Flux, through Reactor's assembly hooks. */
    static <T> Flux<T> create(RecvChan<T> ch, boolean consume) {
        return onAssembly(new ChanToFlux<>(ch, consume));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        if (consume && !SUBSCRIBED.compareAndSet(this, 0, 1)) {
            Operators.error(actual, new IllegalStateException(
                    "GoFlux.consume(channel) allows only a single Subscriber"));
            return;
        }
        Drainer<T> d = new Drainer<>(actual, ch, consume, new Launcher(actual.currentContext()));
        actual.onSubscribe(d);
        d.terminateIfDrained();
    }

    /** The subscription, and the body of the drainer goroutine. */
    static final class Drainer<T> implements org.reactivestreams.Subscription, Runnable {
        /** phase bits, see "Cancel while receiving". */
        static final int RECEIVING = 1, CANCELLED = 2, INTERRUPTING = 4, INTERRUPTED = 8;

        @SuppressWarnings("rawtypes") // an updater for Reactor's Operators.addCap/produced; its class token is raw
        private static final AtomicLongFieldUpdater<Drainer> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Drainer.class, "requested");
        private static final VarHandle PHASE;
        private static final VarHandle STARTED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                PHASE = l.findVarHandle(Drainer.class, "phase", int.class);
                STARTED = l.findVarHandle(Drainer.class, "started", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final CoreSubscriber<? super T> actual;
        private final RecvChan<T> ch;
        private final boolean consume;
        private final Launcher launcher;

        private volatile long requested;
        private volatile int phase;
        /** Set once by the first positive request (starts the drainer) or by a bad request before it. */
        private volatile boolean started;
        /** The drainer's thread, written by the drainer itself first thing (so RECEIVING implies it is set). */
        private volatile Thread drainer;
        /** A §3.9 violation to deliver; written before the cancel that announces it. */
        private volatile Throwable badRequest;

        Drainer(CoreSubscriber<? super T> actual, RecvChan<T> ch, boolean consume, Launcher launcher) {
            this.actual = actual;
            this.ch = ch;
            this.consume = consume;
            this.launcher = launcher;
        }

        /**
         * Right after onSubscribe: a channel already closed and empty ends the stream at once, without waiting for
         * demand (§1.4 allows onComplete and onError without it). Subscribing thread; only if no drainer started.
         */
        void terminateIfDrained() {
            if (!started && ch.isClosed() && ch.len() == 0 && STARTED.compareAndSet(this, false, true)) {
                try {
                    ch.tryRecvOk(); // closed and drained (see run): takes nothing, throws for a closed-with-error one
                    terminate(null);
                } catch (ChanClosedException e) {
                    terminate(e.getCause());
                }
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = Exceptions.nullOrNegativeRequestException(n);
                if (STARTED.compareAndSet(this, false, true)) {
                    // No drainer exists and none will start: this thread is the only one that can signal.
                    PHASE.getAndBitwiseOr(this, CANCELLED);
                    closeIfConsuming();
                    actual.onError(badRequest);
                } else {
                    cancel(); // the drainer delivers badRequest when it sees the cancel
                }
                return;
            }
            if (Operators.addCap(REQUESTED, this, n) != 0) {
                return; // the drainer has demand already and is not parked for it
            }
            if (!started && STARTED.compareAndSet(this, false, true)) {
                if (((int) PHASE.getVolatile(this) & CANCELLED) == 0) {
                    launcher.start(consume ? "GoFlux.consume" : "GoFlux.from", this);
                }
                return;
            }
            Thread t = drainer;
            if (t != null && t != Thread.currentThread()) {
                G.ready(t); // "Demand wait": it may be parked with requested == 0
            }
        }

        @Override
        public void cancel() {
            int p;
            boolean interrupt;
            do {
                p = (int) PHASE.getVolatile(this);
                if ((p & CANCELLED) != 0) {
                    return;
                }
                interrupt = (p & RECEIVING) != 0 && drainer != Thread.currentThread();
            } while (!PHASE.compareAndSet(this, p, p | CANCELLED | (interrupt ? INTERRUPTING : 0)));
            launcher.cancel(); // the drainer's goro Context (after the CAS: Launcher's "Publish before spawn")
            closeIfConsuming(); // wakes a parked receive by itself
            Thread t = drainer;
            if (interrupt) {
                t.interrupt(); // RECEIVING implies the drainer runs, so t is set
                PHASE.getAndBitwiseOr(this, INTERRUPTED); // volatile: ends the drainer's wait in exitCancelled
            } else if (t != null && t != Thread.currentThread()) {
                G.ready(t); // it may be parked in the demand wait
            }
        }

        /** The drainer goroutine. */
        @Override
        public void run() {
            drainer = Thread.currentThread(); // volatile: before any RECEIVING, which cancel reads first
            long emitted = 0;
            for (;;) {
                long r = requested;
                while (emitted != r) {
                    if (((int) PHASE.getVolatile(this) & CANCELLED) != 0) {
                        exitCancelled(null);
                        return;
                    }
                    Received<T> got;
                    try {
                        got = ch.tryRecvOk();
                        if (got == null) {
                            got = receiveBlocking();
                            if (got == null) {
                                exitCancelled(null);
                                return;
                            }
                        }
                    } catch (ChanClosedException e) {
                        terminate(e.getCause());
                        return;
                    } catch (GoInterruptedException e) {
                        // Interrupted by someone other than our cancel (which receiveBlocking absorbs).
                        terminate(e);
                        return;
                    }
                    if (!got.ok()) {
                        terminate(null);
                        return;
                    }
                    T v = got.value();
                    if (((int) PHASE.getVolatile(this) & CANCELLED) != 0) {
                        exitCancelled(v); // received while the cancel was arriving: to the discard hook
                        return;
                    }
                    try {
                        actual.onNext(v);
                    } catch (Throwable e) {
                        onNextFailed(e);
                        return;
                    }
                    emitted++;
                }
                // Demand used up. A channel that is closed and empty can complete now, without more demand:
                // after close nothing can be added, so len() == 0 read after isClosed() (acquire) means drained,
                // and the receive below takes no value.
                if (ch.isClosed() && ch.len() == 0) {
                    try {
                        ch.tryRecvOk();
                        terminate(null);
                    } catch (ChanClosedException e) {
                        terminate(e.getCause());
                    }
                    return;
                }
                r = Operators.produced(REQUESTED, this, emitted);
                emitted = 0;
                while (r == 0) { // "Demand wait"
                    if (((int) PHASE.getVolatile(this) & CANCELLED) != 0) {
                        exitCancelled(null);
                        return;
                    }
                    G.park(WaitReason.REACTOR_DEMAND, this);
                    r = requested;
                }
            }
        }

        /**
         * A receive that may park, announced as RECEIVING so that cancel can interrupt it. Returns null if the
         * receive was cancelled before it took a value. Drainer only.
         */
        private Received<T> receiveBlocking() {
            if (!PHASE.compareAndSet(this, 0, RECEIVING)) {
                return null; // cancelled
            }
            Received<T> got = null;
            try {
                got = ch.recvOk();
            } catch (GoInterruptedException e) {
                if (((int) PHASE.getVolatile(this) & CANCELLED) == 0) {
                    throw e; // not our cancel
                }
            } finally {
                // Leave RECEIVING; if the CAS fails a cancel arrived meanwhile, and the caller sees CANCELLED.
                PHASE.compareAndSet(this, RECEIVING, 0);
            }
            return got;
        }

        /** The subscriber cancelled (or sent a bad request): discard {@code v} if any, signal a bad request. */
        private void exitCancelled(T v) {
            int p = (int) PHASE.getVolatile(this);
            if ((p & INTERRUPTING) != 0) {
                // The interrupt was for the receive; it must not reach the discard hook.
                Interrupts.awaitAndClear(() -> ((int) PHASE.getVolatile(this) & INTERRUPTED) != 0);
            }
            Context ctx = actual.currentContext();
            if (v != null) {
                Operators.onDiscard(v, ctx);
            }
            Throwable bad = badRequest;
            if (bad != null) {
                actual.onError(bad);
            }
        }

        /** Completion (cause null) or error from the channel; nobody cancelled. */
        private void terminate(Throwable cause) {
            if (((int) PHASE.getAndBitwiseOr(this, CANCELLED) & CANCELLED) != 0) {
                exitCancelled(null);
                return;
            }
            if (cause == null) {
                actual.onComplete();
            } else {
                actual.onError(cause);
            }
        }

        /**
         * onNext threw, which a subscriber must not do (§2.13): the subscription counts as cancelled and the error is
         * reported elsewhere than to that subscriber, through Reactor's dropped-error hook.
         */
        private void onNextFailed(Throwable e) {
            if (((int) PHASE.getAndBitwiseOr(this, CANCELLED) & CANCELLED) == 0) {
                closeIfConsuming();
            }
            Operators.onErrorDropped(e, actual.currentContext());
        }

        private void closeIfConsuming() {
            if (consume) {
                try {
                    ((Chan<T>) ch).close();
                } catch (IllegalStateException alreadyClosed) {
                    // The producer closed it first: nothing to do.
                }
            }
        }
    }
}
