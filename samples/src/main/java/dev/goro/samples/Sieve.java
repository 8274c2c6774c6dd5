package dev.goro.samples;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.RecvChan;
import dev.goro.Select;

/**
 * The concurrent prime sieve of Go's documentation, one goroutine per prime: a generator sends 2, 3, 4, ... down a
 * chain of filters; each filter drops the multiples of its prime and passes the rest on; the first number to reach
 * the end of the chain is the next prime, which gets a filter of its own.
 *
 * <p>Every goroutine of the chain also waits on a {@code done} channel in each {@code select}, so that when the sieve
 * has its primes, or its reader stops reading, closing {@code done} ends the whole chain and no goroutine leaks.
 */
public final class Sieve {

    private Sieve() {
    }

    /**
     * A channel that receives the first {@code n} primes, then is closed. If the receiver closes it first (as
     * {@code GoFlux.consume} does when its subscriber cancels), the sieve stops early.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static Chan<Long> primes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        Chan<Long> out = Chan.make();
        Go.go("sieve", () -> run(n, out));
        return out;
    }

    private static void run(int n, Chan<Long> out) {
        Chan<Void> done = Chan.make();
        try {
            Chan<Long> ch = Chan.make();
            Go.go("sieve-generate", () -> generate(ch, done));
            RecvChan<Long> in = ch;
            for (int i = 0; i < n; i++) {
                long prime = in.recv();
                out.send(prime); // throws "send on closed channel" once the reader has closed out
                Chan<Long> next = Chan.make();
                RecvChan<Long> from = in;
                Go.go("sieve-filter " + prime, () -> filter(from, next, prime, done));
                in = next;
            }
            out.close();
        } catch (IllegalStateException readerGone) {
            // the reader closed out: stop the chain below
        } finally {
            done.close();
        }
    }

    /** Sends 2, 3, 4, ... to {@code ch} until {@code done} is closed. */
    private static void generate(Chan<Long> ch, Chan<Void> done) {
        for (long i = 2; ; i++) {
            if (!sendOrDone(ch, i, done)) {
                return;
            }
        }
    }

    /** Passes on from {@code in} to {@code out} the numbers {@code prime} does not divide, until done. */
    private static void filter(RecvChan<Long> in, Chan<Long> out, long prime, Chan<Void> done) {
        while (true) {
            Long v = Select.select(Select.recv(in), Select.recv(done, closed -> (Long) null)); // null: done
            if (v == null) {
                return;
            }
            if (v % prime != 0 && !sendOrDone(out, v, done)) {
                return;
            }
        }
    }

    /** Sends {@code v} unless {@code done} is closed first; says whether it was sent. */
    private static boolean sendOrDone(Chan<Long> ch, long v, Chan<Void> done) {
        return Select.select(
                Select.send(ch, v, () -> true),
                Select.recv(done, closed -> false));
    }
}
