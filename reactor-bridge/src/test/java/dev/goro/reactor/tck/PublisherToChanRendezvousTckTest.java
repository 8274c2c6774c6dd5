package dev.goro.reactor.tck;

import dev.goro.reactor.TckAccess;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;

/**
 * As {@link PublisherToChanTckTest} with capacity 0: one value at a time, the next requested only after the previous
 * one was received.
 */
public class PublisherToChanRendezvousTckTest extends SubscriberWhiteboxVerification<Integer> {

    public PublisherToChanRendezvousTckTest() {
        super(Tck.env());
    }

    @Override
    public Subscriber<Integer> createSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        return TckAccess.probedChanSubscriber(0, probe);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
