/**
 * Go's {@code context} package: {@link dev.goro.context.Context} carries a deadline, a cancellation signal and
 * request-scoped values across API boundaries and goroutines; {@link dev.goro.context.CancelableContext} is a
 * context together with its cancel function. See docs/context.md for Go-to-goro examples.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>The public types are the two interfaces and {@link dev.goro.context.ContextException}; the package-private
 *       classes are Go's implementations ({@code CancelCtx} is {@code cancelCtx}, {@code TimerCtx} is
 *       {@code timerCtx}, and so on). The design, the invariants and the lock order are written at the top of
 *       {@code CancelCtx}.</li>
 *   <li>Misuse throws with Go's panic text: "cannot create context from nil parent", "nil key".</li>
 *   <li>Nothing in this package blocks, except receiving from {@code done()}, which parks as any channel
 *       receive does.</li>
 * </ul>
 */
package dev.goro.context;
