package dev.goro.reactor;

import dev.goro.ChanClosedException;
import dev.goro.Go;
import dev.goro.Received;
import dev.goro.RecvChan;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import reactor.util.context.Context;

/** Reaches the package-private subscriber of {@link GoFlux#toChan} for the TCK's whitebox verification. */
public final class TckAccess {

    private TckAccess() {
    }

    /**
     * The toChan subscriber, reporting its signals to {@code probe}. The puppet's {@code triggerRequest(n)} receives
     * n values from the channel in a new goroutine (the subscriber's demand follows its receivers); {@code signalCancel}
     * cancels.
     */
    public static Subscriber<Integer> probedChanSubscriber(int capacity, WhiteboxSubscriberProbe<Integer> probe) {
        PublisherToChan<Integer> target = new PublisherToChan<>(capacity, Context.empty());
        RecvChan<Integer> ch = target.channel();
        return new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                target.onSubscribe(s);
                probe.registerOnSubscribe(new SubscriberPuppet() {
                    @Override
                    public void triggerRequest(long elements) {
                        Go.go(() -> {
                            try {
                                for (long i = 0; i < elements; i++) {
                                    Received<Integer> r = ch.recvOk();
                                    if (!r.ok()) {
                                        return; // closed: completed or cancelled
                                    }
                                }
                            } catch (ChanClosedException failed) {
                                // the publisher's onError, delivered after the values: the test checks it
                            }
                        });
                    }

                    @Override
                    public void signalCancel() {
                        target.cancel();
                    }
                });
            }

            @Override
            public void onNext(Integer v) {
                target.onNext(v);
                probe.registerOnNext(v);
            }

            @Override
            public void onError(Throwable t) {
                target.onError(t);
                probe.registerOnError(t);
            }

            @Override
            public void onComplete() {
                target.onComplete();
                probe.registerOnComplete();
            }
        };
    }
}
