package dev.goro.reactor.tck;

import dev.goro.reactor.GoFlux;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/** Reactive Streams TCK, Publisher rules, for the producer-goroutine Flux ({@code GoFlux.flux}), up to infinite. */
public class FluxGoTckTest extends PublisherVerification<Long> {

    public FluxGoTckTest() {
        super(Tck.env(), Tck.REFERENCE_GC_TIMEOUT_MILLIS);
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return GoFlux.flux(out -> {
            for (long i = 0; i < elements; i++) {
                out.send(i);
            }
        });
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return GoFlux.flux(out -> {
            throw new IllegalStateException("the producer failed");
        });
    }
}
