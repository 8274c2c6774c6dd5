package dev.goro.sync;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.context.Context;
import dev.goro.Waits;
import dev.goro.test.CheckGoroutineLeaks;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * golang.org/x/sync/errgroup's rules (errgroup.go, errgroup_test.go): Wait returns the first error, the derived
 * context is cancelled on the first error (with it as the cause) and when Wait returns, SetLimit bounds the active
 * goroutines and refuses to change while they run, TryGo never blocks; waits are interruptible.
 */
@Timeout(60)
@CheckGoroutineLeaks
class ErrGroupTest {

    // Port of TestZeroGroup.
    @Test
    void await_tasksThrow_returnsTheFirstError() throws Exception {
        IOException first = new IOException("first");
        ErrGroup g = new ErrGroup();
        Chan<Boolean> firstDone = Chan.make(1);
        g.go(() -> {
            try {
                throw first;
            } finally {
                firstDone.send(true);
            }
        });
        Go.main(firstDone::recv);
        g.go(() -> {
            throw new IllegalStateException("second");
        });
        g.go(() -> { });
        assertSame(first, Go.main(g::await));
        assertSame(first, g.await()); // waiting again: same answer
    }

    @Test
    void await_noGoroutinesOrNoErrors_returnsNull() throws Exception {
        ErrGroup g = new ErrGroup();
        assertNull(g.await());
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            g.go(ran::incrementAndGet);
        }
        assertNull(Go.main(g::await));
        assertEquals(100, ran.get());
        assertSame(Context.background(), g.context());
    }

    // Port of TestWithContext and TestCancelCause.
    @Test
    void withContext_firstError_cancelsContextWithItAsCause() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Context ctx = g.context();
        IOException boom = new IOException("boom");
        Chan<Boolean> sawCancel = Chan.make(1);
        g.go(() -> {
            ctx.done().recv(); // the sibling's error ends the context
            sawCancel.send(true);
        });
        g.go(() -> {
            throw boom;
        });
        assertSame(boom, Go.main(g::await));
        assertTrue(sawCancel.tryRecv());
        assertSame(Context.CANCELED, ctx.err());
        assertSame(boom, Context.cause(ctx));
    }

    @Test
    void withContext_await_cancelsContextEvenWithoutError() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Chan<Context> seen = Chan.make(1);
        g.go(() -> seen.send(Context.current()));
        assertNull(g.context().err());
        assertNull(Go.main(g::await));
        assertSame(g.context(), seen.recv()); // tasks run with the group's context
        assertSame(Context.CANCELED, g.context().err());
        assertSame(Context.CANCELED, Context.cause(g.context()));
    }

    @Test
    void awaitOrThrow_checkedError_rethrownUnchanged() {
        ErrGroup g = new ErrGroup();
        IOException io = new IOException("disk");
        g.go(() -> {
            throw io;
        });
        assertSame(io, assertThrows(IOException.class, () -> Go.main(() -> {
            g.awaitOrThrow();
            return null;
        })));
        assertDoesNotThrow(() -> new ErrGroup().awaitOrThrow());
    }

    // Port of TestGoLimit.
    @Test
    void setLimit_manyTasks_activeNeverExceedsLimit() throws Exception {
        int limit = 10;
        ErrGroup g = new ErrGroup();
        g.setLimit(limit);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Go.main(() -> {
            for (int i = 0; i < 1_000; i++) {
                g.go(() -> {
                    int n = active.incrementAndGet();
                    max.accumulateAndGet(n, Math::max);
                    Go.gosched();
                    active.decrementAndGet();
                });
            }
            assertNull(g.await());
        });
        assertTrue(max.get() <= limit, "active " + max.get());
    }

    @Test
    void go_limitReached_parksOnChanSendAndInterruptStartsNothing() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        AtomicInteger started = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine caller = Go.go("caller", () -> {
            try {
                g.go(started::incrementAndGet);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(caller, "chan send");
        caller.interrupt();
        Waits.join(caller);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        Go.main(() -> release.send(true));
        assertNull(Go.main(g::await));
        assertEquals(0, started.get());
    }

    // Port of TestTryGo.
    @Test
    void tryGo_limitReached_returnsFalseAtOnce() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(2);
        Chan<Boolean> release = Chan.make();
        assertTrue(g.tryGo(release::recv));
        assertTrue(g.tryGo(release::recv));
        assertFalse(g.tryGo(() -> { }));
        Go.main(() -> release.send(true));
        Waits.awaitTrue("a slot frees", () -> g.tryGo(release::recv));
        Go.main(() -> {
            release.send(true);
            release.send(true);
        });
        assertNull(Go.main(g::await));
        g.setLimit(0);
        assertFalse(g.tryGo(() -> { }));
        g.setLimit(-1);
        assertTrue(g.tryGo(() -> { }));
        assertNull(Go.main(g::await));
    }

    // errgroup.go's SetLimit panic.
    @Test
    void setLimit_whileActive_throwsGoMessage() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(3);
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        g.go(release::recv);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.setLimit(5));
        assertEquals("errgroup: modify limit while 2 goroutines in the group are still active", e.getMessage());
        Go.main(() -> {
            release.send(true);
            release.send(true);
        });
        assertNull(Go.main(g::await));
        g.setLimit(5); // allowed again once they have finished
    }

    @Test
    void await_interruptedWhileWaiting_throwsAndLeavesContextAlone() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine waiter = Go.go("waiter", () -> {
            try {
                g.await();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(waiter, "sync.WaitGroup.Wait");
        waiter.interrupt();
        Waits.join(waiter);
        assertEquals("errgroup.Wait interrupted", thrown.get().getMessage());
        assertNull(g.context().err());
        Go.main(() -> release.send(true));
        assertNull(Go.main(g::await));
    }

    @Test
    void await_manyWaiters_allWokenByTheLastTask() throws Exception {
        ErrGroup g = new ErrGroup();
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        Chan<Boolean> woke = Chan.make(50);
        Go.main(() -> {
            for (int i = 0; i < 50; i++) {
                Go.go(() -> {
                    g.await();
                    woke.send(true);
                });
            }
            release.send(true);
            for (int i = 0; i < 50; i++) {
                woke.recv();
            }
        });
    }

    @Test
    void go_nullTask_throwsNullPointer() {
        ErrGroup g = new ErrGroup();
        assertThrows(NullPointerException.class, () -> g.go(null));
        assertThrows(NullPointerException.class, () -> g.tryGo(null));
        assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
    }
}
