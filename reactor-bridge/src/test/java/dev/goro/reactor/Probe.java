package dev.goro.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A hand-driven Subscriber for the rule checks StepVerifier refuses to make (a request of 0 or less) and for
 * racing tests: records every signal, requests only when told.
 */
class Probe<T> implements Subscriber<T> {
    final List<T> values = new CopyOnWriteArrayList<>();
    volatile Subscription subscription;
    volatile Throwable error;
    volatile boolean completed;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        subscribed.countDown();
    }

    @Override
    public void onNext(T t) {
        values.add(t);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        terminated.countDown();
    }

    void request(long n) {
        awaitSubscribed();
        subscription.request(n);
    }

    void cancel() {
        awaitSubscribed();
        subscription.cancel();
    }

    void awaitSubscribed() {
        try {
            if (!subscribed.await(Goroutines.HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("never subscribed");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for onError or onComplete; fails after the hang guard. */
    Probe<T> awaitTerminal() {
        return awaitTerminal(Goroutines.HANG_GUARD);
    }

    Probe<T> awaitTerminal(Duration d) {
        try {
            if (!terminated.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no terminal signal; got " + values);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return this;
    }
}
