package dev.goro;

/**
 * Receives exceptions that escape a goroutine's body. Go would crash the program; goro, living inside larger
 * JVM programs, hands the exception here instead. The default logs it (System.Logger "dev.goro.runtime",
 * level ERROR) with the goroutine's id, name and creation site.
 */
@FunctionalInterface
public interface GoroutineExceptionHandler {
    /**
     * Called on the dying goroutine itself, after its body threw.
     *
     * @param goroutine the goroutine whose body threw
     * @param error     what it threw
     */
    void uncaught(Goroutine goroutine, Throwable error);
}
