package dev.goro.reactor;

import java.util.function.BooleanSupplier;

/**
 * The end of the interrupt handshake that every bridge adapter uses when a cancel interrupts the goroutine serving
 * it (FutureTask's protocol): the canceller announces, in the same atomic step that records the cancel, that it
 * will interrupt ("interrupting"), calls {@link Thread#interrupt()}, then records that it has ("interrupted"). The
 * goroutine, when it finds "interrupting", waits here for "interrupted" and then clears its interrupt status, so an
 * interrupt meant for one parked operation never reaches code that runs afterwards (a discard hook, the next task
 * of a scheduler worker).
 */
final class Interrupts {
    /** Busy-wait rounds before yielding: the canceller is a few instructions from done. */
    private static final int SPINS = 64;

    private Interrupts() {
    }

    /** Waits until {@code delivered} is true, then clears the calling thread's interrupt status. Own thread only. */
    static void awaitAndClear(BooleanSupplier delivered) {
        for (int i = 0; !delivered.getAsBoolean(); i++) {
            if (i < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a goroutine yields its processor: the canceller may need it (GOMAXPROCS=1)
            }
        }
        Thread.interrupted();
    }
}
