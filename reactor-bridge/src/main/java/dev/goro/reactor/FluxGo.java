package dev.goro.reactor;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/*
 * GoFlux.flux(body): each subscription starts one goroutine (the producer) running the body, whose sends become
 * onNext; the body's return is onComplete, its exception onError.
 *
 * `phase` bits, and who may set them:
 *   SENDING       the producer is inside send (its demand wait or onNext). Producer only.
 *   CANCELLED     no more values: send throws CancellationException. cancel, a bad request, a failing onNext.
 *   TERMINATED    the terminal signal has been delivered or claimed by whoever set this bit; set by the producer
 *                 when the body ends, or by a bad request that found the producer outside send.
 *   INTERRUPTING  set with CANCELLED by a canceller that found the producer running body code (not SENDING, not
 *                 TERMINATED): it interrupts the producer, so a goro operation parked in the body throws
 *                 GoInterruptedException and the body unwinds.
 *   INTERRUPTED   the canceller's Thread.interrupt has returned (see Interrupts for the handshake).
 * Whoever sets CANCELLED also ends the producer's goro Context (Launcher), before any interrupt.
 * A subscriber whose onNext throws breaks §2.13: it counts as cancelled (CANCELLED and TERMINATED, so nothing more
 * is signalled to it), its error goes to Operators.onErrorDropped, and send throws CancellationException.
 * One rule keeps signals serial: only a thread holding SENDING (the producer, inside send), or one that sets
 * TERMINATED while SENDING is clear, may signal the subscriber. Since send is called only from the producer
 * goroutine, the body's end never overlaps a send.
 *
 * Demand ("Demand wait"): `requested` is added to by request (capped) and subtracted from by the producer, in
 * batches: the producer keeps `budget` (what it last read) and `emitted` (sent since), and only when it has sent
 * its whole budget does it subtract and read again; if nothing is left it sets `waiting`, reads `requested` once
 * more and parks (wait reason "reactor demand"). A requester that raised `requested` from 0 and then sees `waiting`
 * unparks it. Both sides write, then read, volatile variables (Dekker): either the producer sees the new demand or
 * the requester sees it waiting. So the common path of send is one CAS to enter SENDING, onNext, one CAS to leave.
 *
 * Bad request (n <= 0, §3.9): onError(IllegalArgumentException) and the body is stopped as by a cancel. If the
 * producer is outside send, the requester claims TERMINATED and signals onError itself (after interrupting the
 * body); if it is inside send, the requester leaves the error in `pendingError` and the producer signals it when it
 * leaves send.
 */
final class FluxGo<T> extends Flux<T> {
    private final FluxProducer.Body<T> body;

    private FluxGo(FluxProducer.Body<T> body) {
        this.body = body;
    }

    /** The Flux, through Reactor's assembly hooks. */
    static <T> Flux<T> of(FluxProducer.Body<T> body) {
        return onAssembly(new FluxGo<>(body));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Launcher launcher = new Launcher(actual.currentContext());
        Emitter<T> e = new Emitter<>(actual, body, launcher);
        actual.onSubscribe(e);
        if (!e.isCancelled()) {
            launcher.start("GoFlux.flux", e);
        }
    }

    /** The subscription, the FluxProducer handed to the body, and the goroutine's body. */
    static final class Emitter<T> implements FluxProducer<T>, Subscription, Runnable {
        static final int SENDING = 1, CANCELLED = 2, TERMINATED = 4, INTERRUPTING = 8, INTERRUPTED = 16;

        @SuppressWarnings("rawtypes") // an updater for Reactor's Operators.addCap/produced; its class token is raw
        private static final AtomicLongFieldUpdater<Emitter> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Emitter.class, "requested");
        private static final VarHandle PHASE;

        static {
            try {
                PHASE = MethodHandles.lookup().findVarHandle(Emitter.class, "phase", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final CoreSubscriber<? super T> actual;
        private final FluxProducer.Body<T> body;
        private final Launcher launcher;

        private volatile long requested;
        private volatile int phase;
        /** The producer parks in the demand wait; see "Demand wait". */
        private volatile boolean waiting;
        /** The producer goroutine, written by itself first thing (before it reads phase). */
        private volatile Thread producer;
        /** A bad request found the producer inside send; written before the CAS that sets CANCELLED. */
        private volatile Throwable pendingError;
        /** Producer-owned (guarded by SENDING): demand last read, and values sent since. */
        private long budget;
        private long emitted;

        Emitter(CoreSubscriber<? super T> actual, FluxProducer.Body<T> body, Launcher launcher) {
            this.actual = actual;
            this.body = body;
            this.launcher = launcher;
        }

        // -----------------------------------------------------------------------------------------------
        // Producer goroutine

        @Override
        public void run() {
            producer = Thread.currentThread(); // volatile, before reading phase: pairs with cancel (Dekker)
            Throwable failure = null;
            if (((int) PHASE.getVolatile(this) & CANCELLED) == 0) {
                try {
                    body.produce(this);
                } catch (Throwable t) {
                    failure = t;
                }
            }
            int p;
            do {
                p = (int) PHASE.getVolatile(this);
            } while (!PHASE.compareAndSet(this, p, p | TERMINATED));
            if ((p & INTERRUPTING) != 0) {
                Interrupts.awaitAndClear(() -> ((int) PHASE.getVolatile(this) & INTERRUPTED) != 0);
            }
            if ((p & (CANCELLED | TERMINATED)) != 0) {
                Throwable bad = pendingError;
                if ((p & TERMINATED) == 0 && bad != null) {
                    actual.onError(bad); // a deferred bad request nobody signalled yet: ours to signal
                } else if (failure != null && !isCancellationOutcome(failure)) {
                    Operators.onErrorDropped(failure, actual.currentContext());
                }
                return;
            }
            if (failure == null) {
                actual.onComplete();
            } else {
                actual.onError(failure);
            }
        }

        @Override
        public void send(T value) {
            Objects.requireNonNull(value, "value");
            if (Thread.currentThread() != producer) {
                throw new IllegalStateException("FluxProducer.send called outside its producer goroutine: "
                        + "forward values from other goroutines through a channel");
            }
            if (!PHASE.compareAndSet(this, 0, SENDING)) { // CAS: pairs with cancel's CAS on phase
                throw new CancellationException("the subscriber cancelled");
            }
            long e = emitted;
            if (e == budget) {
                long r = e == 0 ? requested : Operators.produced(REQUESTED, this, e);
                e = 0;
                while (r == 0) { // "Demand wait"
                    waiting = true; // volatile write, then read requested: pairs with request (Dekker)
                    r = requested;
                    if (r != 0) {
                        waiting = false;
                        break;
                    }
                    if (((int) PHASE.getVolatile(this) & CANCELLED) != 0) {
                        waiting = false;
                        emitted = 0;
                        budget = 0;
                        throw leaveCancelled();
                    }
                    G.park(WaitReason.REACTOR_DEMAND, this);
                    waiting = false;
                    r = requested;
                }
                budget = r;
            }
            if (((int) PHASE.getVolatile(this) & CANCELLED) != 0) {
                emitted = e;
                throw leaveCancelled();
            }
            try {
                actual.onNext(value);
            } catch (Throwable t) {
                emitted = e;
                throw onNextFailed(t);
            }
            emitted = e + 1;
            if (!PHASE.compareAndSet(this, SENDING, 0)) { // fails only if a cancel came during onNext
                throw leaveCancelled();
            }
        }

        /** Leaves SENDING after a cancel; signals a deferred bad request. Returns the exception for send to throw. */
        private CancellationException leaveCancelled() {
            int p;
            boolean signal;
            do {
                p = (int) PHASE.getVolatile(this);
                signal = pendingError != null && (p & TERMINATED) == 0;
            } while (!PHASE.compareAndSet(this, p, (p & ~SENDING) | (signal ? TERMINATED : 0)));
            if (signal) {
                actual.onError(pendingError);
            }
            return new CancellationException("the subscriber cancelled");
        }

        /**
         * onNext threw, which a subscriber must not do (§2.13): the subscription counts as cancelled, the error goes
         * to Reactor's dropped-error hook rather than back to that subscriber, and send fails so the body unwinds.
         */
        private CancellationException onNextFailed(Throwable t) {
            int p;
            do {
                p = (int) PHASE.getVolatile(this);
            } while (!PHASE.compareAndSet(this, p, (p & ~SENDING) | CANCELLED | TERMINATED));
            launcher.cancel(); // counts as a cancel: goroutines the body started learn it too
            Operators.onErrorDropped(t, actual.currentContext());
            return new CancellationException("the subscriber's onNext failed: " + t);
        }

        @Override
        public boolean isCancelled() {
            return ((int) PHASE.getVolatile(this) & CANCELLED) != 0;
        }

        // -----------------------------------------------------------------------------------------------
        // Subscription: any thread, serially (§2.7)

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest(Exceptions.nullOrNegativeRequestException(n));
                return;
            }
            if (Operators.addCap(REQUESTED, this, n) == 0 && waiting) { // read after the CAS: see "Demand wait"
                wake();
            }
        }

        @Override
        public void cancel() {
            int p;
            Thread t;
            boolean interrupt;
            do {
                p = (int) PHASE.getVolatile(this);
                if ((p & CANCELLED) != 0) {
                    return;
                }
                t = producer;
                interrupt = (p & (SENDING | TERMINATED)) == 0 && t != null && t != Thread.currentThread();
            } while (!PHASE.compareAndSet(this, p, p | CANCELLED | (interrupt ? INTERRUPTING : 0)));
            launcher.cancel(); // after the CAS that run reads (Launcher's "Publish before spawn"); before the
                               // interrupt, so a body woken by it finds Context.current().err() set
            if (interrupt) {
                t.interrupt();
                PHASE.getAndBitwiseOr(this, INTERRUPTED); // volatile: ends the producer's handshake wait
            } else {
                wake(); // it may be in the demand wait
            }
        }

        private void badRequest(Throwable e) {
            int p;
            Thread t;
            boolean idle;
            boolean interrupt;
            do {
                p = (int) PHASE.getVolatile(this);
                if ((p & (CANCELLED | TERMINATED)) != 0) {
                    return; // already ending: the protocol error changes nothing
                }
                idle = (p & SENDING) == 0;
                t = producer;
                interrupt = idle && t != null && t != Thread.currentThread();
                if (!idle) {
                    pendingError = e; // volatile, before the CAS that the producer will observe
                }
            } while (!PHASE.compareAndSet(this, p,
                    p | CANCELLED | (idle ? TERMINATED : 0) | (interrupt ? INTERRUPTING : 0)));
            launcher.cancel(); // as in cancel
            if (idle) {
                if (interrupt) {
                    t.interrupt();
                    PHASE.getAndBitwiseOr(this, INTERRUPTED);
                }
                actual.onError(e);
            } else {
                wake();
            }
        }

        private void wake() {
            Thread t = producer;
            if (t != null && t != Thread.currentThread()) {
                G.ready(t);
            }
        }

        /** What a body throws because of the subscriber's cancel: not worth reporting as a dropped error. */
        private static boolean isCancellationOutcome(Throwable t) {
            return t instanceof CancellationException || t instanceof GoInterruptedException
                    || t instanceof InterruptedException;
        }
    }
}
