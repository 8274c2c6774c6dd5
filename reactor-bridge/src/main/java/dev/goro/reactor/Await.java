package dev.goro.reactor;

import dev.goro.GoInterruptedException;
import dev.goro.internal.sched.G;
import dev.goro.internal.sched.WaitReason;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Waiting for a Publisher in sequential code (kotlinx-coroutines-reactor's {@code awaitSingle} and friends): in a
 * goroutine the wait parks only the goroutine, so blocking-style code can consume Reactor APIs.
 *
 * <pre>{@code
 * Go.go(() -> {
 *     User user = Await.await(userRepository.findById(id));         // Mono: value, or null if empty
 *     Order last = Await.awaitLast(orders.byUser(user.id()));       // Flux: its last value
 *     results.send(new Summary(user, last));
 * });
 * }</pre>
 *
 * <p>Each call subscribes once, with the calling goroutine's Reactor Context ({@link ReactorContext#current()}), so a
 * publisher awaited inside {@link GoMono#mono} or {@link GoFlux#flux} sees the outer subscription's context; with
 * Micrometer's context-propagation on the class path the caller's ThreadLocal values are added to it, as Reactor's
 * {@code contextCapture()} would.
 *
 * <p><strong>Blocking:</strong> in a goroutine, parks it (wait reason "reactor await") until the publisher signals.
 * On a plain thread, blocks the thread through {@code LockSupport.park}, which BlockHound reports on threads it
 * watches; on a thread Reactor marks non-blocking ({@code Schedulers.parallel()}, Netty event loops...) it refuses
 * at once with {@link IllegalStateException}, as Reactor's {@code block()} does.
 *
 * <p><strong>Interrupts:</strong> a caller interrupted before or while waiting cancels the subscription and throws
 * {@link GoInterruptedException}, keeping its interrupt status; if the publisher delivered the result at the same
 * moment, the result is returned instead.
 *
 * <p><strong>Errors:</strong> the publisher's error is thrown as it is if unchecked; a checked one is wrapped as
 * Reactor's {@code block()} wraps it ({@link Exceptions#propagate}; {@link Exceptions#unwrap} recovers it).
 */
public final class Await {

    private Await() {
    }

    /**
     * The value of {@code mono}, or null if it completes empty (Reactor's {@code block()}, parking instead).
     *
     * @throws GoInterruptedException if the caller is interrupted; the subscription is cancelled
     */
    public static <T> T await(Mono<T> mono) {
        return new AwaitSubscriber<T>(Mode.MONO).await(Objects.requireNonNull(mono, "mono"));
    }

    /**
     * The first value of {@code publisher}, then cancels it.
     *
     * @throws NoSuchElementException "Source was empty" if it completes without a value
     * @throws GoInterruptedException if the caller is interrupted; the subscription is cancelled
     */
    public static <T> T awaitFirst(Publisher<T> publisher) {
        return new AwaitSubscriber<T>(Mode.FIRST).await(Objects.requireNonNull(publisher, "publisher"));
    }

    /**
     * The last value of {@code publisher}, once it completes.
     *
     * @throws NoSuchElementException "Source was empty" if it completes without a value
     * @throws GoInterruptedException if the caller is interrupted; the subscription is cancelled
     */
    public static <T> T awaitLast(Publisher<T> publisher) {
        return new AwaitSubscriber<T>(Mode.LAST).await(Objects.requireNonNull(publisher, "publisher"));
    }

    /**
     * The only value of {@code publisher}, once it completes.
     *
     * @throws NoSuchElementException    "Source was empty" if it completes without a value
     * @throws IndexOutOfBoundsException "Source emitted more than one item" at the second value (the subscription
     *                                   is then cancelled)
     * @throws GoInterruptedException    if the caller is interrupted; the subscription is cancelled
     */
    public static <T> T awaitSingle(Publisher<T> publisher) {
        return new AwaitSubscriber<T>(Mode.SINGLE).await(Objects.requireNonNull(publisher, "publisher"));
    }

    enum Mode { MONO, FIRST, LAST, SINGLE }

    /*
     * One await: the subscriber records the outcome in plain fields and publishes it with the volatile write of
     * `done`, then readies the waiter; the waiter loops on `done` (park may return spuriously), checking its
     * interrupt status between parks. An outcome and an interrupt at the same moment: `done` is checked first, so
     * the outcome wins, as with goro's channel operations.
     */
    static final class AwaitSubscriber<T> implements CoreSubscriber<T> {
        @SuppressWarnings("rawtypes") // an updater's class token is raw; Reactor declares its own the same way
        private static final AtomicReferenceFieldUpdater<AwaitSubscriber, Subscription> S =
                AtomicReferenceFieldUpdater.newUpdater(AwaitSubscriber.class, Subscription.class, "s");

        private final Mode mode;
        private final Thread waiter = Thread.currentThread();
        private final G waiterG = G.current();
        private final Context context = ReactorContext.subscriptionContext();

        private volatile Subscription s;
        private volatile boolean done;
        // Written by the signalling thread before `done` (signals are serial, §1.3), read by the waiter after it.
        private T value;
        private boolean hasValue;
        private Throwable error;

        AwaitSubscriber(Mode mode) {
            this.mode = mode;
        }

        T await(Publisher<T> publisher) {
            if (waiterG == null && Schedulers.isInNonBlockingThread()) {
                throw new IllegalStateException("Await." + name() + " blocks its thread, which is not supported "
                        + "in thread " + waiter.getName() + ": call it from a goroutine (Go.go, GoMono.mono)");
            }
            GoInterruptedException.throwIfInterrupted("reactor await");
            publisher.subscribe(this);
            while (!done) {
                if (waiter.isInterrupted()) {
                    cancelUpstream();
                    if (done) {
                        break; // the outcome arrived while we were cancelling: it wins
                    }
                    throw new GoInterruptedException("reactor await");
                }
                G.park(WaitReason.REACTOR_AWAIT, this);
            }
            Throwable e = error;
            if (e != null) {
                throw Exceptions.addSuppressed(Exceptions.propagate(e),
                        new Exception("#" + name() + "() terminated with an error"));
            }
            if (!hasValue && mode != Mode.MONO) {
                throw new NoSuchElementException("Source was empty");
            }
            return value;
        }

        private String name() {
            return switch (mode) {
                case MONO -> "await";
                case FIRST -> "awaitFirst";
                case LAST -> "awaitLast";
                case SINGLE -> "awaitSingle";
            };
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription sub) {
            if (!Operators.setOnce(S, this, sub)) {
                return; // §2.5: setOnce cancelled the second one (or it came after our cancel)
            }
            sub.request(mode == Mode.FIRST || mode == Mode.MONO ? 1 : Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            if (done) {
                Operators.onDiscard(t, context); // after we cancelled
                return;
            }
            switch (mode) {
                case MONO, FIRST -> {
                    value = t;
                    hasValue = true;
                    cancelUpstream();
                    finish();
                }
                case LAST -> {
                    Operators.onDiscard(value, context); // a superseded value (null-safe)
                    value = t;
                    hasValue = true;
                }
                case SINGLE -> {
                    if (hasValue) {
                        cancelUpstream();
                        Operators.onDiscard(t, context);
                        error = new IndexOutOfBoundsException("Source emitted more than one item");
                        finish();
                    } else {
                        value = t;
                        hasValue = true;
                    }
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Operators.onErrorDropped(t, context);
                return;
            }
            Operators.onDiscard(value, context);
            value = null;
            hasValue = false;
            error = t;
            finish();
        }

        @Override
        public void onComplete() {
            if (!done) {
                finish();
            }
        }

        private void finish() {
            done = true; // volatile: publishes value/error to the waiter's read of done
            if (Thread.currentThread() == waiter) {
                return; // signalled synchronously during subscribe: nobody is parked
            }
            if (waiterG != null) {
                waiterG.ready();
            } else {
                G.ready(waiter);
            }
        }

        private void cancelUpstream() {
            Operators.terminate(S, this);
        }
    }
}
