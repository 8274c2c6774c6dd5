/**
 * Timer internals (not API): the 4-ary timer heap, the timer thread that drives it, the runtime timer behind
 * {@code Timer}, {@code Ticker}, {@code Time.after} and {@code Time.afterFunc}, and sleep. Go's runtime/time.go
 * with Go 1.23 semantics (synchronous, lazily fired channel timers; no stale values after Stop/Reset).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every time value is on the {@link dev.goro.internal.time.TimerQueue#now()} base, which reads
 *       {@code dev.goro.internal.sched.Clock}; 0 means "not armed".</li>
 *   <li>Lock order: a timer's monitor, then a channel lock, then the TimerQueue lock. Timer callbacks run on the
 *       timer thread with no lock held.</li>
 *   <li>Plain fields name the lock that guards them; the few racy reads say why they are benign.</li>
 * </ul>
 */
package dev.goro.internal.time;
