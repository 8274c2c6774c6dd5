/**
 * The runtime half of goro's sync package (Go's runtime/sema.go): {@link dev.goro.internal.sync.Sema}, the
 * semaphore that Mutex, RWMutex and WaitGroup sleep on, and {@link dev.goro.internal.sync.NotifyList}, the ticket
 * list under Cond. Not API: public only so that {@code dev.goro.sync} can reach it.
 *
 * <p>Conventions, as in {@code dev.goro.internal.sched}: each method states who may call it ("Any thread.",
 * "Holds the lock."); accessors of VarHandle fields name their access mode ({@code grantedAcquire},
 * {@code setGrantedRelease}); nobody is woken while a queue lock is held.
 */
package dev.goro.internal.sync;
