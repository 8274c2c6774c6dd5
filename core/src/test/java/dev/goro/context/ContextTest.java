package dev.goro.context;

import dev.goro.Waits;

import static org.junit.jupiter.api.Assertions.*;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.GoInterruptedException;
import dev.goro.Goroutine;
import dev.goro.RecvChan;
import dev.goro.Select;
import dev.goro.Time;
import dev.goro.internal.time.TimerQueue;
import dev.goro.test.CheckGoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's context package rules (context.go, context_test.go, x_test.go): the cancellation tree (parents end children,
 * never the reverse; ended children leave their parent; trees of any width and depth), deadlines and their timers,
 * values, causes, WithoutCancel, AfterFunc, foreign Context implementations, and the current context of a
 * goroutine. Time verdicts use lower bounds only; upper bounds are hang guards.
 */
@Timeout(60)
@CheckGoroutineLeaks
class ContextTest {
    private static final Context.Key<String> K1 = new Context.Key<>("k1");
    private static final Context.Key<String> K2 = new Context.Key<>("k2");
    private static final Context.Key<String> K3 = new Context.Key<>("k3");

    private static boolean isDone(Context c) {
        return c.done().isClosed();
    }

    // ---------------------------------------------------------------------------------------------------
    // Roots

    // Port of TestBackground and TestTODO.
    @Test
    void background_neverEnds_nilDoneNoErrNoDeadline() {
        for (Context c : List.of(Context.background(), Context.todo())) {
            assertSame(Chan.nil(), c.done());
            assertNull(c.err());
            assertEquals(Optional.empty(), c.deadline());
            assertNull(c.value(K1));
            assertNull(Context.cause(c));
        }
        assertEquals("context.Background", Context.background().toString());
        assertEquals("context.TODO", Context.todo().toString());
        assertNull(Select.select(Select.recv(Context.background().done(), v -> "fired"), Select.otherwise()));
    }

    @Test
    void errors_areGoTextsAndImmutable_deadlineIsTimeout() {
        assertEquals("context canceled", Context.CANCELED.getMessage());
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
        assertFalse(Context.CANCELED.isTimeout());
        assertTrue(Context.DEADLINE_EXCEEDED.isTimeout());
        assertEquals(0, Context.CANCELED.getStackTrace().length);
        Context.CANCELED.addSuppressed(new RuntimeException("x"));
        assertEquals(0, Context.CANCELED.getSuppressed().length);
    }

    // ---------------------------------------------------------------------------------------------------
    // WithCancel and the tree

    // Port of TestWithCancel.
    @Test
    void cancel_closesDoneAndSetsCanceled_onceOnly() {
        CancelableContext c1 = Context.withCancel(Context.background());
        assertEquals("context.Background.WithCancel", c1.toString());
        assertFalse(isDone(c1));
        assertNull(c1.err());
        assertNull(Context.cause(c1));
        c1.cancel(new IllegalStateException("first"));
        assertTrue(isDone(c1));
        assertSame(Context.CANCELED, c1.err());
        assertEquals("first", Context.cause(c1).getMessage());
        c1.cancel(new IllegalStateException("second")); // idempotent: the first cancellation counts
        c1.close();
        assertEquals("first", Context.cause(c1).getMessage());
        assertNull(c1.done().recv()); // a receive from the closed channel returns at once
    }

    // Port of TestParentFinishesChild.
    @Test
    void cancel_parent_endsEveryKindOfChildWithItsReason() {
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext cancelChild = Context.withCancel(parent);
        CancelableContext timerChild = Context.withTimeout(parent, Duration.ofHours(1));
        Context valueChild = Context.withValue(parent, K1, "v");
        CancelableContext underValue = Context.withCancel(valueChild);
        CancelCtx p = (CancelCtx) parent;
        assertEquals(3, p.childCount()); // the value layer is not a canceler: underValue registers with parent
        IllegalStateException why = new IllegalStateException("shutdown");
        parent.cancel(why);
        for (Context c : List.of(parent, cancelChild, timerChild, valueChild, underValue)) {
            assertTrue(isDone(c), c::toString);
            assertSame(Context.CANCELED, c.err());
            assertSame(why, Context.cause(c));
        }
        assertEquals(0, p.childCount());
        cancelChild.cancel();
        timerChild.cancel();
    }

    // Port of TestChildFinishesFirst.
    @Test
    void cancel_child_neverEndsParentAndLeavesItsChildren() {
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext child = Context.withTimeout(parent, Duration.ofHours(1));
        assertEquals(1, ((CancelCtx) parent).childCount());
        child.cancel();
        assertTrue(isDone(child));
        assertFalse(isDone(parent));
        assertNull(parent.err());
        assertEquals(0, ((CancelCtx) parent).childCount());
        parent.cancel();
    }

    // Port of TestWithCancelCanceledParent.
    @Test
    void withCancel_ofEndedParent_endsAtOnceWithParentsCause() {
        CancelableContext parent = Context.withCancel(Context.background());
        RuntimeException why = new RuntimeException("why");
        parent.cancel(why);
        CancelableContext child = Context.withCancel(parent);
        assertTrue(isDone(child));
        assertSame(Context.CANCELED, child.err());
        assertSame(why, Context.cause(child));
        assertEquals(0, ((CancelCtx) parent).childCount());
    }

    @Test
    void cancel_wideTreeOf10kChildren_allEndedBeforeCancelReturns() {
        CancelableContext root = Context.withCancel(Context.background());
        int n = 10_000;
        List<Context> kids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Context k = switch (i % 4) {
                case 0 -> Context.withCancel(root);
                case 1 -> Context.withTimeout(root, Duration.ofHours(1));
                case 2 -> Context.withCancel(Context.withValue(root, K1, "v" + i));
                default -> Context.withValue(Context.withCancel(root), K2, "w" + i);
            };
            kids.add(k);
        }
        assertEquals(n, ((CancelCtx) root).childCount());
        root.cancel();
        for (Context k : kids) {
            assertTrue(isDone(k));
            assertSame(Context.CANCELED, k.err());
        }
        assertEquals(0, ((CancelCtx) root).childCount());
    }

    @Test
    void cancel_deepChainOf10k_endsLeafWithoutRecursionAndLookupsReachRoot() {
        CancelableContext root = Context.withCancel(Context.withValue(Context.background(), K1, "root"));
        Context c = root;
        for (int i = 0; i < 10_000; i++) {
            c = i % 3 == 0 ? Context.withValue(c, K2, "level" + i)
                    : i % 3 == 1 ? Context.withCancel(c) : Context.withTimeout(c, Duration.ofHours(1));
        }
        Context leaf = c;
        assertEquals("root", leaf.value(K1)); // walks 10k layers iteratively
        assertEquals("level9999", leaf.value(K2));
        assertTrue(leaf.toString().startsWith("context.Background.WithValue(k1, root).WithCancel.WithValue(k2, level0)"));
        assertFalse(isDone(leaf));
        root.cancel();
        assertTrue(isDone(leaf));
        assertSame(Context.CANCELED, leaf.err());
    }

    @Test
    void cancel_10kChildrenEachOnItsOwn_parentKeepsNoChildren() {
        CancelableContext parent = Context.withCancel(Context.background());
        for (int i = 0; i < 10_000; i++) {
            try (CancelableContext c = Context.withTimeout(Context.withValue(parent, K1, "x"), Duration.ofHours(1))) {
                assertFalse(isDone(c));
            }
        }
        assertEquals(0, ((CancelCtx) parent).childCount());
        assertFalse(isDone(parent));
        parent.cancel();
    }

    // Port of TestSimultaneousCancels and TestInterlockedCancels: cancels from many goroutines at once, at every
    // level, while other goroutines keep deriving children; nothing deadlocks and everything ends.
    @Test
    void cancel_concurrentAtEveryLevelWhileDeriving_noDeadlockAndAllEnd() throws Exception {
        CancelableContext root = Context.withCancel(Context.background());
        List<CancelableContext> nodes = new ArrayList<>();
        nodes.add(root);
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 2_000; i++) {
            nodes.add(Context.withCancel(nodes.get(rnd.nextInt(nodes.size()))));
        }
        Chan<List<Context>> derived = Chan.make(16);
        Go.main(() -> {
            for (int w = 0; w < 16; w++) {
                long seed = w;
                Go.go(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    List<Context> mine = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        CancelableContext n = nodes.get(1 + r.nextInt(nodes.size() - 1));
                        if (r.nextBoolean()) {
                            n.cancel();
                        } else {
                            mine.add(Context.withTimeout(n, Duration.ofHours(1)));
                        }
                    }
                    derived.send(mine);
                });
            }
            List<Context> all = new ArrayList<>(nodes);
            for (int w = 0; w < 16; w++) {
                all.addAll(derived.recv());
            }
            root.cancel();
            for (Context c : all) {
                assertTrue(isDone(c), c::toString);
            }
        });
        assertEquals(0, ((CancelCtx) root).childCount());
    }

    // Go's contract: "If Done is not yet closed, Err returns nil. If Done is closed, Err returns a non-nil error."
    @Test
    void err_nullExactlyWhileDoneOpen_underRacingCancel() throws Exception {
        Go.main(() -> {
            for (int i = 0; i < 2_000; i++) {
                CancelableContext c = Context.withCancel(Context.background());
                if (i % 2 == 0) {
                    c.done(); // half with the channel made before the cancel, half made by it
                }
                Chan<Boolean> ok = Chan.make(1);
                Go.go(() -> {
                    boolean consistent = true;
                    for (int k = 0; k < 200; k++) {
                        ContextException e = c.err();
                        boolean closed = c.done().isClosed();
                        if (e != null && !closed) {
                            consistent = false; // err set, done still open
                        }
                        if (closed && c.err() == null) {
                            consistent = false; // done closed, err still nil
                        }
                    }
                    ok.send(consistent);
                });
                c.cancel();
                assertTrue(ok.recv());
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------
    // Deadlines

    // Port of TestDeadline / TestTimeout.
    @Test
    void withTimeout_passes_endsWithDeadlineExceededNotBeforeIt() throws Exception {
        long t0 = System.nanoTime();
        CancelableContext c = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertTrue(c.deadline().isPresent());
        assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
        Go.main(() -> c.done().recv());
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        assertSame(Context.DEADLINE_EXCEEDED, Context.cause(c));
        c.cancel(); // after the deadline: no effect
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
    }

    @Test
    void withDeadline_alreadyPast_endsAtOnce() {
        CancelableContext c = Context.withDeadline(Context.background(), Time.now().minusSeconds(1));
        assertTrue(isDone(c));
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        CancelableContext z = Context.withTimeout(Context.background(), Duration.ZERO);
        assertSame(Context.DEADLINE_EXCEEDED, z.err());
    }

    @Test
    void withDeadline_laterThanParents_isPlainCancelWithParentsDeadline() {
        CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofHours(1));
        CancelableContext child = Context.withTimeout(parent, Duration.ofHours(2));
        assertEquals(parent.deadline(), child.deadline());
        assertTrue(child.toString().endsWith("]).WithCancel"), child.toString());
        CancelableContext sooner = Context.withTimeout(parent, Duration.ofMinutes(1));
        assertTrue(sooner.deadline().get().isBefore(parent.deadline().get()));
        parent.cancel();
        assertSame(Context.CANCELED, sooner.err());
    }

    @Test
    void withTimeout_cancelledEarly_stopsAndReleasesItsTimer() {
        int before = TimerQueue.pending();
        List<CancelableContext> cs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            cs.add(Context.withTimeout(Context.background(), Duration.ofHours(1)));
        }
        assertEquals(before + 1_000, TimerQueue.pending());
        CancelableContext parent = Context.withCancel(Context.background());
        for (int i = 0; i < 1_000; i++) {
            Context.withTimeout(parent, Duration.ofHours(1));
        }
        assertEquals(before + 2_000, TimerQueue.pending());
        cs.forEach(CancelableContext::cancel);
        parent.cancel(); // ends its 1,000 children, stopping their timers
        assertEquals(before, TimerQueue.pending());
    }

    @Test
    void withTimeout_manyFire_allEndAndNoTimerRemains() throws Exception {
        int before = TimerQueue.pending();
        List<CancelableContext> cs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            cs.add(Context.withTimeout(Context.background(), Duration.ofMillis(1 + i % 10)));
        }
        Go.main(() -> {
            for (CancelableContext c : cs) {
                c.done().recv();
            }
        });
        cs.forEach(c -> assertSame(Context.DEADLINE_EXCEEDED, c.err()));
        assertEquals(before, TimerQueue.pending());
    }

    // Port of TestCause (the timeout-cause rows).
    @Test
    void withTimeoutCause_deadlinePasses_causeIsGivenOneErrIsDeadline() throws Exception {
        IllegalStateException slow = new IllegalStateException("backend too slow");
        CancelableContext c = Context.withTimeout(Context.background(), Duration.ofMillis(5), slow);
        Go.main(() -> c.done().recv());
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        assertSame(slow, Context.cause(c));
        CancelableContext early = Context.withTimeout(Context.background(), Duration.ofHours(1), slow);
        early.cancel();
        assertSame(Context.CANCELED, Context.cause(early)); // cancelled before the deadline: not the timeout cause
    }

    // ---------------------------------------------------------------------------------------------------
    // Causes

    // Port of TestCause (cancel rows): a context's cause is that of whichever context ended it first.
    @Test
    void cause_isThatOfTheFirstContextToEnd() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext child = Context.withCancel(parent);
        parent.cancel(a);
        child.cancel(b);
        assertSame(a, Context.cause(child));

        parent = Context.withCancel(Context.background());
        child = Context.withCancel(parent);
        child.cancel(b);
        parent.cancel(a);
        assertSame(b, Context.cause(child));
        assertSame(a, Context.cause(parent));

        CancelableContext plain = Context.withCancel(Context.background());
        plain.cancel(null);
        assertSame(Context.CANCELED, Context.cause(plain));
        assertSame(Context.CANCELED, Context.cause(Context.withValue(plain, K1, "v")));
    }

    // ---------------------------------------------------------------------------------------------------
    // Values

    // Port of TestValues.
    @Test
    void value_lookupThroughLayers_nearestBindingWins() {
        Context c0 = Context.background();
        Context c1 = Context.withValue(c0, K1, "c1k1");
        Context c2 = Context.withValue(c1, K2, "c2k2");
        Context c3 = Context.withValue(c2, K3, "c3k3");
        Context c4 = Context.withValue(c3, K1, null);
        CancelableContext c5 = Context.withCancel(Context.withValue(c4, K2, "c5k2"));
        assertEquals("c1k1", c1.value(K1));
        assertNull(c1.value(K2));
        assertEquals("c1k1", c3.value(K1));
        assertEquals("c2k2", c3.value(K2));
        assertEquals("c3k3", c3.value(K3));
        assertNull(c4.value(K1)); // a null binding hides the one above
        assertEquals("c5k2", c5.value(K2));
        assertEquals("c3k3", c5.value(K3));
        assertEquals("context.Background.WithValue(k1, c1k1)", c1.toString());
        c5.cancel();
        assertEquals("c3k3", c5.value(K3)); // values outlive cancellation
    }

    // Go's panics "cannot create context from nil parent" and "nil key".
    @Test
    void derive_nullParentOrKey_throwsGoMessages() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Context.withCancel(null));
        assertEquals("cannot create context from nil parent", e.getMessage());
        assertThrows(NullPointerException.class, () -> Context.withTimeout(null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Context.withoutCancel(null));
        e = assertThrows(NullPointerException.class, () -> Context.withValue(Context.background(), null, "v"));
        assertEquals("nil key", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------
    // WithoutCancel

    // Port of TestWithoutCancel.
    @Test
    void withoutCancel_keepsValuesDropsEndAndCause() {
        CancelableContext parent = Context.withTimeout(Context.withValue(Context.background(), K1, "v"),
                Duration.ofHours(1));
        Context wc = Context.withoutCancel(parent);
        assertEquals("v", wc.value(K1));
        assertEquals(Optional.empty(), wc.deadline());
        assertSame(Chan.nil(), wc.done());
        CancelableContext below = Context.withCancel(wc);
        assertEquals(0, ((CancelCtx) parent).childCount()); // nothing above the WithoutCancel can end it
        parent.cancel(new RuntimeException("gone"));
        assertNull(wc.err());
        assertNull(Context.cause(wc));
        assertFalse(isDone(below));
        assertTrue(wc.toString().endsWith(".WithoutCancel"), wc.toString());
        below.cancel();
    }

    // ---------------------------------------------------------------------------------------------------
    // AfterFunc

    @Test
    void afterFunc_contextEnds_runsOnceInOwnGoroutineWithThatContext() throws Exception {
        CancelableContext c = Context.withCancel(Context.background());
        Chan<Context> ran = Chan.make(2);
        Context.StopFunc stop = Context.afterFunc(c, () -> ran.send(Context.current()));
        assertEquals(1, ((CancelCtx) c).childCount());
        c.cancel();
        assertSame(c, Go.main(ran::recv));
        assertFalse(stop.stop()); // it has been started
        c.cancel();
        assertNull(ran.tryRecv()); // ran once
    }

    @Test
    void afterFunc_stoppedFirst_neverRunsAndLeavesContext() throws Exception {
        CancelableContext c = Context.withCancel(Context.background());
        AtomicInteger runs = new AtomicInteger();
        Context.StopFunc stop = Context.afterFunc(c, runs::incrementAndGet);
        assertTrue(stop.stop());
        assertFalse(stop.stop());
        assertEquals(0, ((CancelCtx) c).childCount());
        c.cancel();
        Chan<Boolean> later = Chan.make(1);
        Context.afterFunc(c, () -> later.send(true)); // registered on an ended context: runs at once
        assertTrue(Go.main(later::recv));
        Time.sleep(Duration.ofMillis(10));
        assertEquals(0, runs.get());
    }

    @Test
    void afterFunc_onContextThatNeverEnds_neverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Context.StopFunc stop = Context.afterFunc(Context.withoutCancel(Context.background()), runs::incrementAndGet);
        assertTrue(stop.stop());
        assertEquals(0, runs.get());
    }

    @Test
    void afterFunc_racingStopAndCancel_exactlyOneWins() throws Exception {
        Go.main(() -> {
            for (int i = 0; i < 2_000; i++) {
                CancelableContext c = Context.withCancel(Context.background());
                AtomicInteger runs = new AtomicInteger();
                Chan<Boolean> ran = Chan.make(1);
                Context.StopFunc stop = Context.afterFunc(c, () -> {
                    runs.incrementAndGet();
                    ran.send(true);
                });
                Chan<Boolean> stopped = Chan.make(1);
                Go.go(() -> stopped.send(stop.stop()));
                c.cancel();
                if (!stopped.recv()) {
                    ran.recv(); // stop lost: the function was started
                }
                assertTrue(runs.get() <= 1);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------
    // Foreign implementations (port of TestCustomContextGoroutines)

    /** A Context implemented outside goro, with a signal of its own. */
    static final class Foreign implements Context {
        final Chan<Void> done = Chan.make();
        volatile ContextException err;

        void end() {
            err = CANCELED;
            done.close();
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public RecvChan<Void> done() {
            return done;
        }

        @Override
        public ContextException err() {
            return err;
        }

        @Override
        public <T> T value(Key<T> key) {
            return null;
        }
    }

    /** A Context implemented outside goro that wraps one of goro's, delegating its signals. */
    record Wrapper(Context inner) implements Context {
        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        @Override
        public RecvChan<Void> done() {
            return inner.done();
        }

        @Override
        public ContextException err() {
            return inner.err();
        }

        @Override
        public <T> T value(Key<T> key) {
            return inner.value(key);
        }
    }

    @Test
    void foreignParent_ends_childEndsThroughWatcherGoroutine() throws Exception {
        Foreign f = new Foreign();
        CancelableContext child = Context.withCancel(f);
        Chan<Boolean> ran = Chan.make(1);
        Context.afterFunc(f, () -> ran.send(true));
        f.end();
        Go.main(() -> child.done().recv());
        assertSame(Context.CANCELED, child.err());
        assertSame(Context.CANCELED, Context.cause(child));
        assertTrue(Go.main(ran::recv));

        Foreign g = new Foreign();
        CancelableContext early = Context.withCancel(g);
        Context.StopFunc stop = Context.afterFunc(g, () -> { });
        early.cancel(); // the child ends first: its watcher goroutine exits (the leak check sees it)
        assertTrue(stop.stop()); // so does the afterFunc's
        assertNull(g.err());
    }

    @Test
    void foreignWrapperOfGoroContext_registersWithItNoWatcher() {
        CancelableContext inner = Context.withCancel(Context.background());
        Context wrapped = new Wrapper(inner);
        CancelableContext child = Context.withCancel(wrapped);
        assertEquals(1, ((CancelCtx) inner).childCount());
        inner.cancel();
        assertTrue(isDone(child));
    }

    // ---------------------------------------------------------------------------------------------------
    // The current context of a goroutine

    @Test
    void current_goroutineStartedWithContext_findsItAndItsChildrenInherit() throws Exception {
        assertSame(Context.background(), Context.current()); // plain thread
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Context> seen = Chan.make(3);
        Context.go(ctx, () -> {
            seen.send(Context.current());
            Go.go(() -> seen.send(Context.current()));
            Context other = Context.withValue(ctx, K1, "other");
            Context.go(other, () -> seen.send(Context.current()));
        });
        List<Context> got = Go.main(() -> List.of(seen.recv(), seen.recv(), seen.recv()));
        assertEquals(2, got.stream().filter(c -> c == ctx).count());
        assertEquals(1, got.stream().filter(c -> "other".equals(c.value(K1))).count());
        Go.main(() -> assertSame(Context.background(), Context.current()));
        ctx.cancel();
    }

    // ---------------------------------------------------------------------------------------------------
    // Blocking on done() follows the channel rules

    @Test
    void doneReceive_interrupted_throwsAndContextUnaffected() throws Exception {
        CancelableContext c = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.go("waiter", () -> {
            try {
                c.done().recv();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Waits.awaitWaitReason(g, "chan receive");
        g.interrupt();
        Waits.join(g);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        assertNull(c.err());
        c.cancel();
    }

    @Test
    void doneReceive_manyWaiters_allWokenByOneCancel() throws Exception {
        CancelableContext c = Context.withTimeout(Context.background(), Duration.ofHours(1));
        int n = 10_000;
        Chan<ContextException> out = Chan.make(n);
        Go.main(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    c.done().recv();
                    out.send(c.err());
                });
            }
            c.cancel();
            for (int i = 0; i < n; i++) {
                assertSame(Context.CANCELED, out.recv());
            }
        });
    }
}
