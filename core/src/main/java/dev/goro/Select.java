package dev.goro;

import dev.goro.internal.chan.Panics;
import dev.goro.internal.chan.SelectWaiter;
import dev.goro.internal.chan.Sudog;
import dev.goro.internal.chan.WaitQ;
import dev.goro.internal.sched.GoroFatalError;
import dev.goro.internal.sched.WaitReason;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/*
 * select: Go's runtime/select.go (selectgo, Go 1.23-1.26).
 *
 * Steps:
 *  0. Cases on the nil channel (Chan.nil() or null) are left out of both orders: they can never fire.
 *     A select with one live case and no default is a plain send or receive, and with a default a
 *     non-blocking one, as Go's compiler rewrites them (wait reasons are then "chan send"/"chan receive").
 *  1. pollorder: a uniformly random permutation of the live cases (inside-out Fisher-Yates), so that among
 *     several ready cases each is chosen with equal probability.
 *     lockorder: the live cases sorted by channel id, so that every select takes the locks of the channels it
 *     shares with another select in the same global order, and none deadlocks. A channel appearing in several
 *     cases is locked once (duplicates are adjacent in lockorder).
 *  2. Lock all, then pass 1: look at the cases in pollorder for one that can proceed now (a parked partner,
 *     buffer room or data, a closed channel); if found, do it, unlock all, ready the partner, run the case.
 *     None, and a default: unlock, run the default.
 *  3. Pass 2: enqueue a sudog on every case's channel (all sharing one SelectWaiter), unlock all, park.
 *     Timer channels in receive cases are filed while we wait (blockTimerChan), after unlocking.
 *     A receive case on a channel closed with an error throws ChanClosedException when chosen, where a plain
 *     close would run its handler with (null, false); a receive case that took a value tells the channel's
 *     observer (see Chan), after every lock is released.
 *  4. A waker claims the SelectWaiter by CAS under its own channel's lock ("One winner" in SelectWaiter),
 *     completes that case's sudog and readies us. Pass 3: lock all again and remove the sudogs of every other
 *     case (some may already have been dropped by wakers that lost the claim), unlock, run the winning case.
 *
 * Interrupts: an interrupted select claims its own SelectWaiter; if the claim succeeds no case fired and it
 * removes its sudogs and throws GoInterruptedException; if it fails, a case won concurrently, and the select
 * completes with that case as if it had not been interrupted (the interrupt status stays set).
 *
 * Handlers run after every lock is released, on the selecting goroutine.
 */

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs exactly that one, and
 * returns what its case's handler returns.
 *
 * <pre>{@code
 * // select {
 * // case v := <-in:           return "got " + v
 * // case out <- x:            return "sent"
 * // case <-time.After(d):     return "timeout"
 * // }
 * String what = Select.select(
 *         Select.recv(in, v -> "got " + v),
 *         Select.send(out, x, () -> "sent"),
 *         Select.recv(Time.after(d), t -> "timeout"));
 * }</pre>
 *
 * <ul>
 *   <li>When several cases are ready, one is chosen uniformly at random.</li>
 *   <li>With an {@link #otherwise} case (Go's {@code default}) select never blocks: the default runs when no
 *       other case is ready.</li>
 *   <li>A case on the nil channel ({@link Chan#nil()}, or a {@code null} channel reference) never fires.
 *       {@code select()} with no cases at all blocks forever (wait reason "select (no cases)").</li>
 *   <li>The same channel may appear in several cases.</li>
 *   <li>A receive case on a closed channel is ready: its handler gets null ({@link #recvOk}: ok false). A send case
 *       on a closed channel, if chosen, throws {@link IllegalStateException} "send on closed channel". A receive
 *       case on a drained channel {@linkplain SendChan#close(Throwable) closed with an error}, if chosen, throws
 *       {@link ChanClosedException} instead of running its handler.</li>
 * </ul>
 *
 * <p><strong>Blocking:</strong> without a default, parks the calling goroutine (wait reason "select"), or blocks
 * a plain thread, until a case can proceed. If the caller is interrupted on entry or while parked it throws
 * {@link GoInterruptedException} and no case has taken effect (if a case fired at the same moment, select
 * completes with it instead, and the interrupt status stays set).
 */
public final class Select {

    private Select() {
    }

    /**
     * One case of a select, made by {@link #recv}, {@link #recvOk}, {@link #send} or {@link #otherwise}. Immutable;
     * may be reused across selects.
     *
     * @param <R> what the case's handler returns
     */
    public static final class Case<R> {
        static final int RECV = 0, SEND = 1, DEFAULT = 2;

        final int kind;
        /** The channel, or null for the nil channel (and for the default case). */
        final Chan<Object> c;
        /** The value a send case offers. */
        final Object value;
        final Handler<? extends R> handler;

        @SuppressWarnings("unchecked")
        private Case(int kind, Object ch, Object value, Handler<? extends R> handler) {
            Chan<Object> c = (Chan<Object>) ch;
            this.kind = kind;
            this.c = c == null || c.isNil ? null : c;
            this.value = value;
            this.handler = handler;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case RECV -> "case <-" + (c == null ? "nil" : c);
                case SEND -> "case " + (c == null ? "nil" : c) + " <- " + value;
                default -> "default";
            };
        }
    }

    /** What a case does once chosen: {@code v} and {@code ok} as received (send and default cases ignore them). */
    @FunctionalInterface
    private interface Handler<R> {
        R run(Object v, boolean ok);
    }

    /**
     * A receive case whose result is the value received (null if the channel is closed and drained):
     * {@code String s = Select.select(Select.recv(a), Select.recv(b));} merges two channels.
     *
     * @param ch the channel; null or {@link Chan#nil()} for a case that never fires
     */
    @SuppressWarnings("unchecked")
    public static <T> Case<T> recv(RecvChan<T> ch) {
        return new Case<>(Case.RECV, ch, null, (v, ok) -> (T) v);
    }

    /**
     * A receive case (Go's {@code case v := <-ch:}). {@code onValue} gets the value, or null if the channel is
     * closed and drained; its result is select's result.
     *
     * @param ch the channel; null or {@link Chan#nil()} for a case that never fires
     */
    @SuppressWarnings("unchecked")
    public static <T, R> Case<R> recv(RecvChan<T> ch, Function<? super T, ? extends R> onValue) {
        Objects.requireNonNull(onValue, "onValue");
        return new Case<>(Case.RECV, ch, null, (v, ok) -> onValue.apply((T) v));
    }

    /**
     * A receive case that sees whether the value came from a send (Go's {@code case v, ok := <-ch:}).
     *
     * @param ch the channel; null or {@link Chan#nil()} for a case that never fires
     */
    @SuppressWarnings("unchecked")
    public static <T, R> Case<R> recvOk(RecvChan<T> ch, Function<? super Received<T>, ? extends R> onReceived) {
        Objects.requireNonNull(onReceived, "onReceived");
        return new Case<>(Case.RECV, ch, null,
                (v, ok) -> onReceived.apply(ok ? new Received<>((T) v, true) : Received.closed()));
    }

    /**
     * A send case (Go's {@code case ch <- value:}) whose result is null.
     *
     * @param ch the channel; null or {@link Chan#nil()} for a case that never fires
     * @throws NullPointerException if {@code value} is null
     */
    public static <T, R> Case<R> send(SendChan<T> ch, T value) {
        Objects.requireNonNull(value, "value");
        return new Case<>(Case.SEND, ch, value, (v, ok) -> null);
    }

    /**
     * A send case (Go's {@code case ch <- value:}); {@code onSent} runs once the value has been sent.
     *
     * @param ch the channel; null or {@link Chan#nil()} for a case that never fires
     * @throws NullPointerException if {@code value} is null
     */
    public static <T, R> Case<R> send(SendChan<T> ch, T value, Supplier<? extends R> onSent) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(onSent, "onSent");
        return new Case<>(Case.SEND, ch, value, (v, ok) -> onSent.get());
    }

    /** The default case (Go's {@code default:}, a Java keyword), whose result is null. */
    public static <R> Case<R> otherwise() {
        return new Case<>(Case.DEFAULT, null, null, (v, ok) -> null);
    }

    /** The default case (Go's {@code default:}): makes select non-blocking; {@code f} runs if no case is ready. */
    public static <R> Case<R> otherwise(Supplier<? extends R> f) {
        Objects.requireNonNull(f, "f");
        return new Case<>(Case.DEFAULT, null, null, (v, ok) -> f.get());
    }

    /**
     * Waits until one case can proceed, performs it, and returns its handler's result (see the class comment).
     *
     * @throws IllegalArgumentException if more than one default case is given
     * @throws NullPointerException     if a case is null
     * @throws IllegalStateException    "send on closed channel" if a send case on a closed channel is chosen
     * @throws ChanClosedException      if a receive case on a drained channel closed with an error is chosen
     * @throws GoInterruptedException   if the caller is interrupted before or while it waits (no case took effect)
     */
    @SafeVarargs
    public static <R> R select(Case<? extends R>... cases) {
        return selectgo(cases);
    }

    /** As {@link #select(Case[])} for a number of cases known only at run time (Go's {@code reflect.Select}). */
    @SuppressWarnings("unchecked")
    public static <R> R select(List<? extends Case<? extends R>> cases) {
        Case<? extends R>[] array = cases.toArray(new Case[0]);
        return selectgo(array);
    }

    // ---------------------------------------------------------------------------------------------------

    private static <R> R selectgo(Case<? extends R>[] cases) {
        int n = cases.length;
        if (n > 1 << 16) {
            throw new IllegalArgumentException("select: too many cases: " + n);
        }
        Case<? extends R> dflt = null;
        Case<? extends R> single = null;
        int nlive = 0;
        for (int i = 0; i < n; i++) {
            Case<? extends R> cs = Objects.requireNonNull(cases[i], "select case");
            if (cs.kind == Case.DEFAULT) {
                if (dflt != null) {
                    throw new IllegalArgumentException("multiple defaults in select");
                }
                dflt = cs;
            } else if (cs.c != null) {
                nlive++;
                single = cs;
            }
        }
        if (nlive == 0) {
            if (dflt != null) {
                return dflt.handler.run(null, false);
            }
            Sudog.blockForever(n == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT, "select");
        }
        if (nlive == 1 && (n == 1 || n == 2 && dflt != null)) {
            // What Go's compiler turns into a plain channel operation: one case, or one case and a default. A
            // select that has one live case only because the others are nil still waits as a select.
            return single(single, dflt);
        }
        if (dflt == null) {
            GoInterruptedException.throwIfInterrupted("select");
        }

        // pollorder: a random permutation of the live cases (inside-out Fisher-Yates).
        // lockorder: live cases sorted by channel id; key = id << 16 | case index (n <= 2^16 checked above).
        int[] pollorder = new int[nlive];
        long[] lockorder = new long[nlive];
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int norder = 0;
        for (int i = 0; i < n; i++) {
            Case<? extends R> cs = cases[i];
            if (cs.kind == Case.DEFAULT || cs.c == null) {
                continue;
            }
            if (cs.kind == Case.RECV && cs.c.timer != null) {
                cs.c.timer.maybeRunChan(); // before any channel lock: lock order is timer, then channel
            }
            int j = rnd.nextInt(norder + 1);
            pollorder[norder] = pollorder[j];
            pollorder[j] = i;
            lockorder[norder] = cs.c.id() << 16 | i;
            norder++;
        }
        Arrays.sort(lockorder);

        sellock(cases, lockorder);

        // Pass 1: look for a case that can proceed now.
        for (int k = 0; k < nlive; k++) {
            Case<? extends R> cs = cases[pollorder[k]];
            Chan<Object> c = cs.c;
            if (cs.kind == Case.SEND) {
                if (c.closedLocked()) {
                    selunlock(cases, lockorder);
                    throw new IllegalStateException(Panics.SEND_ON_CLOSED);
                }
                Sudog sg = c.recvq.dequeue();
                if (sg != null) {
                    c.sendTo(sg, cs.value);
                    selunlock(cases, lockorder);
                    sg.ready();
                    return cs.handler.run(null, true);
                }
                if (c.qcountLocked() < c.dataqsiz) {
                    c.bufPut(cs.value);
                    selunlock(cases, lockorder);
                    return cs.handler.run(null, true);
                }
            } else {
                Sudog sg = c.sendq.dequeue();
                if (sg != null) {
                    Object v = c.recvFrom(sg);
                    selunlock(cases, lockorder);
                    sg.ready();
                    c.received();
                    return cs.handler.run(v, true);
                }
                if (c.qcountLocked() > 0) {
                    Object v = c.bufTake();
                    selunlock(cases, lockorder);
                    c.received();
                    return cs.handler.run(v, true);
                }
                if (c.closedLocked()) {
                    selunlock(cases, lockorder);
                    c.closedZero(); // throws ChanClosedException for a channel closed with an error
                    return cs.handler.run(null, false);
                }
            }
        }
        if (dflt != null) {
            selunlock(cases, lockorder);
            return dflt.handler.run(null, false);
        }

        // Pass 2: wait on every case.
        SelectWaiter sw = new SelectWaiter();
        Sudog[] sgs = new Sudog[n];
        // Enqueue in pollorder, not lockorder: every lock is held already, and for the same channel in several
        // cases the queue order decides which case a partner completes, so it must be random too.
        for (int k = 0; k < nlive; k++) {
            int i = pollorder[k];
            Case<? extends R> cs = cases[i];
            Sudog sg = new Sudog(cs.kind == Case.SEND ? cs.value : null, sw, i);
            sgs[i] = sg;
            queueOf(cs).enqueue(sg);
        }
        selunlock(cases, lockorder);
        blockTimers(cases, lockorder, true);
        boolean won = sw.await();
        if (!won && sw.casClaim()) {
            // Interrupted and no case fired: nobody will complete our sudogs now; take them out and report.
            sellock(cases, lockorder);
            for (long key : lockorder) {
                int i = (int) (key & 0xFFFF);
                queueOf(cases[i]).remove(sgs[i]);
            }
            selunlock(cases, lockorder);
            blockTimers(cases, lockorder, false);
            throw new GoInterruptedException("select");
        }

        // Pass 3: a case won (possibly while we were being interrupted); dequeue from the others.
        sellock(cases, lockorder);
        Sudog winner = sw.winnerAcquire(); // set under the winning channel's lock, which sellock just took
        if (winner == null) {
            selunlock(cases, lockorder);
            throw new GoroFatalError("selectgo: claimed select has no winner");
        }
        for (long key : lockorder) {
            int i = (int) (key & 0xFFFF);
            if (sgs[i] != winner) {
                queueOf(cases[i]).remove(sgs[i]);
            }
        }
        selunlock(cases, lockorder);
        blockTimers(cases, lockorder, false);

        Case<? extends R> cs = cases[winner.caseIndex];
        if (cs.kind == Case.SEND) {
            if (!winner.success) {
                throw new IllegalStateException(Panics.SEND_ON_CLOSED); // woken by close
            }
            return cs.handler.run(null, true);
        }
        if (!winner.success) {
            cs.c.closedZero(); // woken by close, whose completion published its cause: throws if there is one
            return cs.handler.run(null, false);
        }
        cs.c.received();
        return cs.handler.run(winner.elem, true);
    }

    /** A select with one live case: a plain (no default) or non-blocking (default) operation, as Go compiles it. */
    private static <R> R single(Case<? extends R> cs, Case<? extends R> dflt) {
        Chan<Object> c = cs.c;
        if (cs.kind == Case.SEND) {
            if (dflt == null) {
                c.send(cs.value);
            } else if (!c.trySend(cs.value)) {
                return dflt.handler.run(null, false);
            }
            return cs.handler.run(null, true);
        }
        Received<Object> r = dflt == null ? c.recvOk() : c.tryRecvOk();
        if (r == null) {
            return dflt.handler.run(null, false);
        }
        return cs.handler.run(r.value(), r.ok());
    }

    private static WaitQ queueOf(Case<?> cs) {
        return cs.kind == Case.SEND ? cs.c.sendq : cs.c.recvq;
    }

    /** Locks every distinct channel in lockorder (Go's sellock). */
    private static void sellock(Case<?>[] cases, long[] lockorder) {
        Chan<?> prev = null;
        for (long key : lockorder) {
            Chan<?> c = cases[(int) (key & 0xFFFF)].c;
            if (c != prev) {
                c.lock.lock();
                prev = c;
            }
        }
    }

    /** Unlocks every distinct channel (Go's selunlock). */
    private static void selunlock(Case<?>[] cases, long[] lockorder) {
        Chan<?> prev = null;
        for (long key : lockorder) {
            Chan<?> c = cases[(int) (key & 0xFFFF)].c;
            if (c != prev) {
                c.lock.unlock();
                prev = c;
            }
        }
    }

    /** blockTimerChan / unblockTimerChan for every receive case on a timer channel; no channel lock held. */
    private static void blockTimers(Case<?>[] cases, long[] lockorder, boolean block) {
        for (long key : lockorder) {
            Case<?> cs = cases[(int) (key & 0xFFFF)];
            if (cs.kind == Case.RECV && cs.c.timer != null) {
                if (block) {
                    cs.c.timer.blockTimerChan();
                } else {
                    cs.c.timer.unblockTimerChan();
                }
            }
        }
    }
}
