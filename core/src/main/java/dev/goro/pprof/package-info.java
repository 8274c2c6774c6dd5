/**
 * Goroutine profiles and profiler labels, after Go's {@code runtime/pprof}: {@link dev.goro.pprof.Pprof}.
 * HTTP endpoints serving them live in goro-reactor's {@code dev.goro.reactor.debug}.
 */
package dev.goro.pprof;
