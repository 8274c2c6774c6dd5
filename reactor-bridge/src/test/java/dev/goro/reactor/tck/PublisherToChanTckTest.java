package dev.goro.reactor.tck;

import dev.goro.reactor.TckAccess;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;

/**
 * Reactive Streams TCK, Subscriber rules (whitebox), for the subscriber behind {@code GoFlux.toChan} with a
 * buffer of 16. Its demand follows the goroutines receiving from the channel, so the puppet's
 * {@code triggerRequest(n)} starts a goroutine that receives n values: each value received returns credit.
 */
public class PublisherToChanTckTest extends SubscriberWhiteboxVerification<Integer> {

    public PublisherToChanTckTest() {
        super(Tck.env());
    }

    @Override
    public Subscriber<Integer> createSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        return TckAccess.probedChanSubscriber(16, probe);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
