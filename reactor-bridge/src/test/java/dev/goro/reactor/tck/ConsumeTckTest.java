package dev.goro.reactor.tck;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.reactor.GoFlux;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import reactor.core.publisher.Flux;

/**
 * Reactive Streams TCK, Publisher rules, for channel -> Flux with a producer goroutine behind the channel, streams
 * up to infinite: each subscription gets its own unbuffered channel fed by a goroutine, consumed by
 * {@code GoFlux.consume}, whose cancel closes the channel so the producer stops ("send on closed channel").
 */
public class ConsumeTckTest extends PublisherVerification<Long> {

    public ConsumeTckTest() {
        super(Tck.env(), Tck.REFERENCE_GC_TIMEOUT_MILLIS);
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return Flux.defer(() -> {
            Chan<Long> c = Chan.make();
            Go.go(() -> {
                try {
                    for (long i = 0; i < elements; i++) {
                        c.send(i);
                    }
                    c.close();
                } catch (IllegalStateException closedByCancel) {
                    // the subscriber cancelled: consume closed the channel
                }
            });
            return GoFlux.consume(c);
        });
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return Flux.defer(() -> {
            Chan<Long> c = Chan.make();
            c.close(new IllegalStateException("the producer failed"));
            return GoFlux.consume(c);
        });
    }
}
