package dev.goro.reactor.tck;

import dev.goro.Chan;
import dev.goro.reactor.GoFlux;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import reactor.core.publisher.Flux;

/**
 * Reactive Streams TCK, Publisher rules, for channel -> Flux ({@code GoFlux.from}) on channels filled and closed
 * beforehand: the shared adapter on its own, no producer goroutine involved. Each createPublisher call makes its
 * own channel, so subscribers of one publisher share its values (the optional multi-subscriber rules, which want
 * every subscriber to see every element, are skipped by the TCK).
 */
public class ChanToFluxTckTest extends PublisherVerification<Integer> {
    private static final int MAX = 1024;

    public ChanToFluxTckTest() {
        super(Tck.env(), Tck.REFERENCE_GC_TIMEOUT_MILLIS);
    }

    @Override
    public Publisher<Integer> createPublisher(long elements) {
        Chan<Integer> c = Chan.make((int) elements);
        for (int i = 0; i < elements; i++) {
            c.send(i);
        }
        c.close();
        return GoFlux.from(c);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
        Chan<Integer> c = Chan.make();
        c.close(new IllegalStateException("the producer failed"));
        return GoFlux.from(c);
    }

    @Override
    public long maxElementsFromPublisher() {
        return MAX;
    }
}
