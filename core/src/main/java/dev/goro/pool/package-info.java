/**
 * A pool of reusable worker goroutines after github.com/panjf2000/ants: {@link dev.goro.pool.Pool} runs submitted
 * tasks, {@link dev.goro.pool.PoolWithFunc} calls one function with submitted arguments, both with a fixed (but
 * tunable) capacity, idle-worker expiry, blocking or non-blocking submission and a panic handler. See docs/pool.md.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>The design, its invariants and where it departs from ants are written at the top of the package-private
 *       {@code WorkerPool}, which both public pools extend.</li>
 *   <li>Errors carry ants' texts: {@link dev.goro.pool.PoolOverloadException} ("too many goroutines blocked on
 *       submit or Nonblocking is set"), {@link dev.goro.pool.PoolClosedException} ("this pool has been closed"),
 *       "invalid size for pool", "invalid expiry for pool".</li>
 *   <li>Only submitting (when the pool is full and blocking) and {@code release(timeout)} wait; they park the
 *       calling goroutine and are interruptible like every goro wait.</li>
 * </ul>
 */
package dev.goro.pool;
