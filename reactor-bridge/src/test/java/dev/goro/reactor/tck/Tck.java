package dev.goro.reactor.tck;

import org.reactivestreams.tck.TestEnvironment;

/**
 * Settings shared by the Reactive Streams TCK classes. The TCK's own default (100 ms to see an expected signal)
 * is tight for a 2-core machine shared with other builds; signals are expected within 2 s (a hang guard: a healthy
 * run sees them in microseconds), while "no signal" checks keep a short window so the suite stays fast.
 */
final class Tck {
    static final long SIGNAL_TIMEOUT_MILLIS = 2_000;
    static final long NO_SIGNAL_TIMEOUT_MILLIS = 100;
    static final long POLL_TIMEOUT_MILLIS = 20;
    /** How long a cancelled publisher may keep its subscriber reachable (§3.13): until its goroutine has exited. */
    static final long REFERENCE_GC_TIMEOUT_MILLIS = 5_000;

    private Tck() {
    }

    static TestEnvironment env() {
        return new TestEnvironment(SIGNAL_TIMEOUT_MILLIS, NO_SIGNAL_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }
}
