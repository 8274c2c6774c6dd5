package dev.goro.sync;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.context.CancelableContext;
import dev.goro.context.Context;
import dev.goro.context.ContextException;
import dev.goro.Waits;
import dev.goro.test.CheckGoroutineLeaks;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * golang.org/x/sync/semaphore's rules (semaphore.go, semaphore_test.go): weights never exceed the size, FIFO so a
 * large request is not starved, a waiter whose context ends or that is interrupted takes nothing and leaks no
 * permit, a done context fails Acquire even when permits are free, an impossible request waits for its context
 * without blocking others, and releasing more than held is refused.
 */
@Timeout(60)
@CheckGoroutineLeaks
class SemaphoreTest {

    /** Runs {@code body} in a named goroutine, recording what it throws. */
    private static Goroutine spawn(String name, AtomicReference<Throwable> thrown, Runnable body) {
        return Go.go(name, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
    }

    // Port of TestWeighted: random weights from many goroutines never hold more than the size.
    @Test
    void acquireRelease_manyGoroutinesRandomWeights_neverExceedSize() throws Exception {
        long size = 8;
        Semaphore sem = new Semaphore(size);
        AtomicLong held = new AtomicLong();
        AtomicLong maxHeld = new AtomicLong();
        Go.main(() -> {
            ErrGroup g = new ErrGroup();
            for (int w = 0; w < 64; w++) {
                long seed = w;
                g.go(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    for (int i = 0; i < 200; i++) {
                        long n = 1 + rnd.nextInt(4);
                        sem.acquire(Context.background(), n);
                        long h = held.addAndGet(n);
                        maxHeld.accumulateAndGet(h, Math::max);
                        Go.gosched();
                        held.addAndGet(-n);
                        sem.release(n);
                    }
                });
            }
            assertNull(g.await());
        });
        assertTrue(maxHeld.get() <= size, "held " + maxHeld.get());
        assertTrue(sem.tryAcquire(size)); // every permit came back
    }

    // Port of TestWeightedTryAcquire.
    @Test
    void tryAcquire_takesOnlyWhatIsFree() {
        Semaphore sem = new Semaphore(2);
        assertTrue(sem.tryAcquire(1));
        assertTrue(sem.tryAcquire(1));
        assertFalse(sem.tryAcquire(1));
        sem.release(2);
        assertTrue(sem.tryAcquire(2));
        assertFalse(sem.tryAcquire(1));
        sem.release(2);
        assertTrue(sem.tryAcquire(0));
        assertFalse(sem.tryAcquire(3));
    }

    // Port of TestWeightedPanic: Go panics, after having subtracted; goro throws and changes nothing.
    @Test
    void release_moreThanHeld_throwsGoMessageAndChangesNothing() {
        Semaphore sem = new Semaphore(2);
        sem.acquire(Context.background(), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sem.release(2));
        assertEquals("semaphore: released more than held", e.getMessage());
        assertFalse(sem.tryAcquire(2)); // still one held
        sem.release(1);
        assertTrue(sem.tryAcquire(2));
    }

    @Test
    void badInput_negativeSizeOrWeight_throwIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        Semaphore sem = new Semaphore(1);
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(Context.background(), -1));
        assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.release(-1));
        assertThrows(NullPointerException.class, () -> sem.acquire(null, 1));
        assertTrue(sem.tryAcquire(1)); // nothing was taken by the bad calls
    }

    // The FIFO rule (semaphore.go's notifyWaiters): a waiter at the head that does not fit holds back later,
    // smaller ones that would, so a large request is not starved by a stream of small ones.
    @Test
    void acquire_largeWaiterAtHead_blocksLaterSmallOnesUntilServed() throws Exception {
        Semaphore sem = new Semaphore(10);
        sem.acquire(Context.background(), 5);
        Chan<String> order = Chan.make(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine big = spawn("big", thrown, () -> {
            sem.acquire(Context.background(), 10);
            order.send("big");
            sem.release(10);
        });
        Waits.awaitWaitReason(big, "select"); // a context that never ends: its done() is nil, as in Go
        Goroutine small = spawn("small", thrown, () -> {
            sem.acquire(Context.background(), 1);
            order.send("small");
            sem.release(1);
        });
        Waits.awaitWaitReason(small, "select"); // 5 free, yet it waits behind the big one
        assertFalse(sem.tryAcquire(1)); // no barging either
        sem.release(5);
        assertEquals("big", Go.main(order::recv));
        assertEquals("small", Go.main(order::recv));
        Waits.join(big);
        Waits.join(small);
        assertNull(thrown.get());
        assertTrue(sem.tryAcquire(10));
    }

    // Port of TestLargeAcquireDoesntStarve.
    @Test
    void acquire_largeAmongBusySmallOnes_isNotStarved() throws Exception {
        int n = 8;
        Semaphore sem = new Semaphore(n);
        Go.main(() -> {
            AtomicReference<Boolean> running = new AtomicReference<>(true);
            ErrGroup g = new ErrGroup();
            for (int i = 0; i < n; i++) {
                sem.acquire(Context.background(), 1);
                g.go(() -> {
                    try {
                        while (running.get()) {
                            dev.goro.Time.sleep(Duration.ofMillis(1));
                            sem.release(1);
                            sem.acquire(Context.background(), 1);
                        }
                    } finally {
                        sem.release(1);
                    }
                });
            }
            sem.acquire(Context.background(), n); // returns despite the small ones cycling
            running.set(false);
            sem.release(n);
            assertNull(g.await());
        });
    }

    @Test
    void acquire_contextEndsWhileWaiting_throwsErrTakesNothingAndUnblocksThoseBehind() throws Exception {
        Semaphore sem = new Semaphore(4);
        sem.acquire(Context.background(), 2);
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine head = spawn("head", thrown, () -> sem.acquire(ctx, 4));
        Waits.awaitWaitReason(head, "select");
        Chan<Boolean> smallDone = Chan.make(1);
        AtomicReference<Throwable> smallThrown = new AtomicReference<>();
        Goroutine small = spawn("small", smallThrown, () -> {
            sem.acquire(Context.background(), 2);
            smallDone.send(true);
        });
        Waits.awaitWaitReason(small, "select");
        ctx.cancel();
        Waits.join(head);
        assertSame(Context.CANCELED, thrown.get());
        assertTrue(Go.main(smallDone::recv)); // the head left, and the free permits went to the next in line
        Waits.join(small);
        assertNull(smallThrown.get());
        sem.release(4);
        assertTrue(sem.tryAcquire(4)); // nothing leaked
    }

    @Test
    void acquire_deadlinePassesWhileWaiting_throwsDeadlineExceeded() throws Exception {
        Semaphore sem = new Semaphore(1);
        sem.acquire(Context.background(), 1);
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10));
        ContextException e = assertThrows(ContextException.class, () -> Go.main(() -> sem.acquire(ctx, 1)));
        assertSame(Context.DEADLINE_EXCEEDED, e);
        sem.release(1);
        assertTrue(sem.tryAcquire(1));
    }

    // Port of TestWeightedAcquireCanceled (go.dev/issue/63615): a context that ended before the permits became free
    // fails Acquire, and a done context fails it even when it would not have to wait.
    @Test
    void acquire_doneContext_failsEvenWithPermitsFree() throws Exception {
        Semaphore sem = new Semaphore(2);
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertSame(Context.CANCELED, assertThrows(ContextException.class, () -> sem.acquire(ctx, 1)));
        assertTrue(sem.tryAcquire(2));
        sem.release(2);

        CancelableContext ctx2 = Context.withCancel(Context.background());
        sem.acquire(Context.background(), 1);
        Chan<Boolean> released = Chan.make(1);
        Go.go(() -> {
            while (sem.tryAcquire(1)) { // wait for the Acquire(2) below to queue
                sem.release(1);
                Go.gosched();
            }
            ctx2.cancel();
            sem.release(1);
            released.send(true);
        });
        assertSame(Context.CANCELED, assertThrows(ContextException.class, () -> Go.main(() -> sem.acquire(ctx2, 2))));
        Go.main(released::recv);
        assertTrue(sem.tryAcquire(2)); // both permits are back
    }

    // Port of TestWeightedDoesntBlockIfTooBig.
    @Test
    void acquire_moreThanSize_waitsForContextWithoutBlockingOthers() throws Exception {
        Semaphore sem = new Semaphore(2);
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine doomed = spawn("doomed", thrown, () -> sem.acquire(ctx, 3));
        Waits.awaitWaitReason(doomed, "chan receive");
        Go.main(() -> {
            ErrGroup g = new ErrGroup();
            for (int i = 0; i < 6; i++) {
                g.go(() -> {
                    sem.acquire(Context.background(), 1);
                    Go.gosched();
                    sem.release(1);
                });
            }
            assertNull(g.await());
        });
        ctx.cancel();
        Waits.join(doomed);
        assertSame(Context.CANCELED, thrown.get());
        assertTrue(sem.tryAcquire(2));
    }

    // Port of TestAllocCancelDoesntStarve: a large waiter cancelled while a small one arrives; both return.
    @Test
    void acquire_largeCancelledAsSmallArrives_smallSucceeds() throws Exception {
        Semaphore sem = new Semaphore(10);
        sem.acquire(Context.background(), 1);
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine big = spawn("big", thrown, () -> sem.acquire(ctx, 10));
        Waits.awaitWaitReason(big, "select");
        Go.main(() -> {
            Go.go(ctx::cancel);
            sem.acquire(Context.background(), 1);
            sem.release(1);
        });
        Waits.join(big);
        assertSame(Context.CANCELED, thrown.get());
        sem.release(1);
        assertTrue(sem.tryAcquire(10));
    }

    @Test
    void acquire_interruptedWhileWaiting_throwsAndTakesNothing() throws Exception {
        Semaphore sem = new Semaphore(3);
        sem.acquire(Context.background(), 3);
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = spawn("waiter", thrown, () -> sem.acquire(ctx, 2));
        Waits.awaitWaitReason(g, "select");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        assertEquals("select interrupted", thrown.get().getMessage());
        sem.release(3);
        assertTrue(sem.tryAcquire(3)); // the interrupted waiter neither holds nor blocks anything
        ctx.cancel();
    }

    @Test
    void acquire_interruptedOnEntry_throwsEvenWithPermitsFree() throws Exception {
        Semaphore sem = new Semaphore(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = spawn("entry", thrown, () -> {
            Thread.currentThread().interrupt();
            sem.acquire(Context.background(), 1);
        });
        Waits.join(g);
        assertEquals("semaphore acquire interrupted", thrown.get().getMessage());
        assertTrue(sem.tryAcquire(1));
    }

    // Race: the context ends (or the waiter is interrupted) at the moment the permits are granted; whichever way it
    // goes, no permit is lost or kept by a waiter that reported failure.
    @Test
    void acquire_endRacingGrant_noPermitLeaked() throws Exception {
        Go.main(() -> {
            Semaphore sem = new Semaphore(1);
            for (int i = 0; i < 2_000; i++) {
                sem.acquire(Context.background(), 1);
                CancelableContext ctx = Context.withCancel(Context.background());
                Chan<Boolean> result = Chan.make(1);
                boolean interrupt = i % 2 == 1;
                Goroutine w = Go.go("racer", () -> {
                    boolean got;
                    try {
                        sem.acquire(ctx, 1);
                        got = true;
                    } catch (ContextException | GoInterruptedException e) {
                        got = false;
                    }
                    Thread.interrupted();
                    result.send(got);
                });
                if (i % 4 < 2) {
                    Go.gosched(); // vary how far the racer gets before the race
                }
                if (interrupt) {
                    w.interrupt();
                } else {
                    ctx.cancel();
                }
                sem.release(1);
                if (result.recv()) {
                    sem.release(1);
                }
                assertTrue(sem.tryAcquire(1), "permit leaked at round " + i);
                sem.release(1);
                ctx.cancel();
            }
        });
    }
}
