/**
 * Go's {@code sync} package for goroutines: {@link dev.goro.sync.Mutex}, {@link dev.goro.sync.RWMutex},
 * {@link dev.goro.sync.WaitGroup}, {@link dev.goro.sync.Once}, {@link dev.goro.sync.Cond} and
 * {@link dev.goro.sync.Locker}, with Go's semantics, wait reasons and misuse messages; beside them, the
 * golang.org/x/sync equivalents (weighted {@code Semaphore}, {@code ErrGroup}).
 *
 * <p>Waiting parks the goroutine, never its carrier thread, and shows in {@code Runtime.goroutines()} with Go's
 * wait reason ({@code sync.Mutex.Lock}, {@code sync.RWMutex.RLock}, {@code sync.RWMutex.Lock},
 * {@code sync.WaitGroup.Wait}, {@code sync.Cond.Wait}). Platform threads may use the same objects; they block.
 *
 * <p>Interruption, for every method that can wait: interrupted on entry or while waiting, it throws
 * {@link dev.goro.GoInterruptedException}, keeps the interrupt status set, and has no effect (no lock taken, no
 * signal or wake-up taken from another waiter). If what it waited for had already been handed to it when the
 * interrupt was seen, it completes normally and the interrupt stays pending for the next blocking call.
 *
 * <p>Misuse (unlocking an unlocked mutex, a negative WaitGroup counter...) throws
 * {@link java.lang.IllegalStateException} with Go's message and leaves the object as it was.
 */
package dev.goro.sync;
