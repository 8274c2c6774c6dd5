/**
 * Internal: how goroutine profiles and dumps are built and written (profile.proto by hand, Go's text layouts,
 * synthetic program counters, the state census). Not API: use {@code dev.goro.pprof.Pprof}.
 *
 * <p>Every writer walks goroutines one at a time ({@code Tracebacks.forEach}) and streams its output in
 * chunks; none holds a stack per goroutine.
 */
package dev.goro.internal.pprof;
