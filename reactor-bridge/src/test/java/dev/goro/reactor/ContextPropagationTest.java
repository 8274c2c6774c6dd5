package dev.goro.reactor;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * With Micrometer's context-propagation on the class path: ThreadLocal values registered with its ContextRegistry
 * travel from the subscribing thread (and from the Reactor Context) into the goroutines that serve subscriptions.
 */
@Timeout(60)
class ContextPropagationTest {
    private static final String KEY = "goro.test.requestId";
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    @BeforeEach
    void register() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, REQUEST_ID);
    }

    @AfterEach
    void unregister() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
        REQUEST_ID.remove();
    }

    @Test
    void mono_threadLocalSetAtSubscription_restoredInTheGoroutine() {
        REQUEST_ID.set("req-42");
        String seen = GoMono.mono(REQUEST_ID::get).block(Duration.ofSeconds(20));
        assertEquals("req-42", seen);
    }

    @Test
    void flux_valueInReactorContext_restoredAsThreadLocalInTheBody() {
        // Reactor's automatic propagation keeps ThreadLocal values in the Context under the accessor's key.
        StepVerifier.create(GoFlux.<String>flux(out -> out.send(String.valueOf(REQUEST_ID.get())))
                        .contextWrite(Context.of(KEY, "from-context")))
                .expectNext("from-context")
                .verifyComplete();
    }

    @Test
    void await_callersThreadLocal_capturedIntoTheSubscriptionContext() throws Exception {
        // kotlinx-coroutines issue 4480 asks for this on awaitSingle: the awaited publisher sees the caller's values.
        String seen = dev.goro.Go.main(() -> {
            REQUEST_ID.set("awaiting");
            return Await.await(reactor.core.publisher.Mono.deferContextual(
                    ctx -> reactor.core.publisher.Mono.just(ctx.<String>get(KEY))));
        });
        assertEquals("awaiting", seen);
    }

    @Test
    void toChan_callersThreadLocal_capturedIntoTheSubscriptionContext() {
        REQUEST_ID.set("receiving");
        ChanSubscription<String> s = GoFlux.toChan(
                Flux.deferContextual(ctx -> Flux.just(ctx.<String>get(KEY))), 1);
        assertEquals("receiving", s.channel().recv());
    }

    @Test
    void from_threadLocal_restoredInTheServingGoroutine() {
        Chan<Integer> c = Chan.make(1);
        c.send(1);
        c.close();
        AtomicReference<String> seen = new AtomicReference<>();
        REQUEST_ID.set("sub");
        Flux<Integer> f = GoFlux.from(c).doOnNext(v -> seen.set(REQUEST_ID.get()));
        StepVerifier.create(f).expectNext(1).verifyComplete();
        assertEquals("sub", seen.get());
    }

}
