package dev.goro;

import java.util.concurrent.Callable;

/** Runs a test body under a given GOMAXPROCS and restores the previous value. */
final class Procs {
    private Procs() {
    }

    static <T> T with(int procs, Callable<T> body) throws Exception {
        int old = Runtime.setGOMAXPROCS(procs);
        try {
            return body.call();
        } finally {
            Runtime.setGOMAXPROCS(old);
        }
    }
}
