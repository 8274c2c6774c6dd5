package dev.goro.reactor;

import dev.goro.GoInterruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/*
 * GoMono.mono(callable): each subscription starts one goroutine that calls the callable; its result becomes the
 * Mono's signal (a value: onNext then onComplete; null: onComplete; an exception: onError).
 *
 * Delivery ("Value or request first"): the goroutine may finish before or after the subscriber requests, on
 * different threads. `state` is the classic four-state machine of Reactor's Operators.MonoSubscriber:
 *     NO_REQUEST ---(request)---> HAS_REQUEST ---(value)---> DONE   (the goroutine emits)
 *     NO_REQUEST ---(value)-----> HAS_VALUE ---(request)---> DONE   (the requester emits)
 * plus CANCELLED. Whoever moves the state to DONE (or CANCELLED) by CAS owns the terminal signal, so onNext,
 * onComplete and onError are each delivered at most once and never concurrently. A value that loses to a cancel
 * goes to the discard hook.
 *
 * Cancel ("Cancel the goroutine"): besides the state, cancel ends the goroutine's goro Context (Launcher) and
 * interrupts the goroutine while it runs the callable (RUNNING in `phase`), so a goro operation parked in it
 * (channel, select, sleep, lock, await) throws GoInterruptedException and the callable unwinds; the interrupt
 * handshake (Interrupts) keeps the interrupt from leaking past the callable. A callable that ignores interrupts runs to its end; its result is then discarded.
 * What it throws after a cancel is dropped: quietly if it is the interrupt's own exception, through
 * Operators.onErrorDropped otherwise.
 */
final class MonoGo<T> extends Mono<T> {
    private final Callable<? extends T> callable;

    private MonoGo(Callable<? extends T> callable) {
        this.callable = callable;
    }

    /** The Mono, through Reactor's assembly hooks. */
    static <T> Mono<T> create(Callable<? extends T> callable) {
        return onAssembly(new MonoGo<>(callable));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Launcher launcher = new Launcher(actual.currentContext());
        Call<T> call = new Call<>(actual, callable, launcher);
        actual.onSubscribe(call);
        if (!call.isCancelled()) {
            launcher.start("GoMono.mono", call);
        }
    }

    /** The subscription and the goroutine's body. */
    static final class Call<T> implements Subscription, Runnable {
        /** state: see "Value or request first". */
        static final int NO_REQUEST = 0, HAS_REQUEST = 1, HAS_VALUE = 2, DONE = 3, CANCELLED = 4;
        /** phase bits: see "Cancel the goroutine". */
        static final int RUNNING = 1, STOPPED = 2, INTERRUPTING = 4, INTERRUPTED = 8;

        private static final VarHandle STATE;
        private static final VarHandle PHASE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                STATE = l.findVarHandle(Call.class, "state", int.class);
                PHASE = l.findVarHandle(Call.class, "phase", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final CoreSubscriber<? super T> actual;
        private final Callable<? extends T> callable;
        private final Launcher launcher;
        private volatile int state;
        private volatile int phase;
        /** The result while in HAS_VALUE: written before the CAS to HAS_VALUE, read after seeing it. */
        private T value;
        /** The goroutine, written by itself before RUNNING (so RUNNING implies it is set). */
        private volatile Thread thread;

        Call(CoreSubscriber<? super T> actual, Callable<? extends T> callable, Launcher launcher) {
            this.actual = actual;
            this.callable = callable;
            this.launcher = launcher;
        }

        boolean isCancelled() {
            return state == CANCELLED;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            if (!PHASE.compareAndSet(this, 0, RUNNING)) {
                return; // stopped before it began
            }
            T result = null;
            Throwable failure = null;
            try {
                result = callable.call();
            } catch (Throwable e) {
                failure = e;
            }
            if (!PHASE.compareAndSet(this, RUNNING, 0)) {
                // Stopped while running: the result is nobody's.
                if (((int) PHASE.getVolatile(this) & INTERRUPTING) != 0) {
                    Interrupts.awaitAndClear(() -> ((int) PHASE.getVolatile(this) & INTERRUPTED) != 0);
                }
                if (result != null) {
                    Operators.onDiscard(result, actual.currentContext());
                }
                if (failure != null && !(failure instanceof GoInterruptedException)
                        && !(failure instanceof InterruptedException) && !(failure instanceof CancellationException)) {
                    Operators.onErrorDropped(failure, actual.currentContext());
                }
                return;
            }
            if (failure != null) {
                terminate(failure);
            } else if (result == null) {
                terminate(null);
            } else {
                complete(result);
            }
        }

        /** The callable returned a value: emit it now if requested, else leave it for request. Goroutine only. */
        private void complete(T v) {
            for (;;) {
                int s = state;
                if (s == HAS_REQUEST) {
                    if (STATE.compareAndSet(this, HAS_REQUEST, DONE)) {
                        emit(v);
                        return;
                    }
                } else if (s == NO_REQUEST) {
                    value = v; // plain: published by the CAS below
                    if (STATE.compareAndSet(this, NO_REQUEST, HAS_VALUE)) {
                        return;
                    }
                    value = null;
                } else {
                    Operators.onDiscard(v, actual.currentContext()); // cancelled, or a bad request ended it
                    return;
                }
            }
        }

        /**
         * onNext then onComplete, by whoever moved the state to DONE. An onNext that throws breaks §2.13: the
         * subscription counts as cancelled and the error goes to Reactor's dropped-error hook.
         */
        private void emit(T v) {
            try {
                actual.onNext(v);
            } catch (Throwable e) {
                Operators.onErrorDropped(e, actual.currentContext());
                return;
            }
            actual.onComplete();
        }

        /** Empty (error null) or failed: these need no request. */
        private void terminate(Throwable error) {
            for (;;) {
                int s = state;
                if (s == DONE || s == CANCELLED) {
                    if (error != null) {
                        Operators.onErrorDropped(error, actual.currentContext());
                    }
                    return;
                }
                if (STATE.compareAndSet(this, s, DONE)) {
                    if (error == null) {
                        actual.onComplete();
                    } else {
                        actual.onError(error);
                    }
                    return;
                }
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest(n);
                return;
            }
            for (;;) {
                int s = state;
                if (s == NO_REQUEST) {
                    if (STATE.compareAndSet(this, NO_REQUEST, HAS_REQUEST)) {
                        return;
                    }
                } else if (s == HAS_VALUE) {
                    if (STATE.compareAndSet(this, HAS_VALUE, DONE)) {
                        T v = value; // visible: written before the CAS that made HAS_VALUE
                        value = null;
                        emit(v);
                    }
                    return;
                } else {
                    return;
                }
            }
        }

        /** §3.9: onError(IllegalArgumentException), and the goroutine is stopped as by a cancel. */
        private void badRequest(long n) {
            for (;;) {
                int s = state;
                if (s == DONE || s == CANCELLED) {
                    return;
                }
                if (STATE.compareAndSet(this, s, DONE)) {
                    stop();
                    if (s == HAS_VALUE) {
                        Operators.onDiscard(value, actual.currentContext());
                        value = null;
                    }
                    actual.onError(Exceptions.nullOrNegativeRequestException(n));
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            int s;
            do {
                s = state;
                if (s == DONE || s == CANCELLED) {
                    return; // delivered (the callable has returned), or a bad request stopped it already
                }
            } while (!STATE.compareAndSet(this, s, CANCELLED));
            if (s == HAS_VALUE) {
                Operators.onDiscard(value, actual.currentContext());
                value = null;
            }
            stop();
        }

        /**
         * "Cancel the goroutine": cancel its goro Context, then interrupt it if it is inside the callable. Any
         * thread, at most once.
         */
        private void stop() {
            int p;
            boolean interrupt;
            do {
                p = (int) PHASE.getVolatile(this);
                if ((p & STOPPED) != 0) {
                    return;
                }
                interrupt = (p & RUNNING) != 0 && thread != Thread.currentThread();
            } while (!PHASE.compareAndSet(this, p, p | STOPPED | (interrupt ? INTERRUPTING : 0)));
            launcher.cancel(); // after the CAS that run's CAS reads (Launcher's "Publish before spawn"); before the
                               // interrupt, so a callable woken by it finds Context.current().err() set
            if (interrupt) {
                thread.interrupt();
                PHASE.getAndBitwiseOr(this, INTERRUPTED); // volatile: ends the goroutine's handshake wait
            }
        }
    }
}
