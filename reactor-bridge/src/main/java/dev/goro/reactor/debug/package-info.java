/**
 * HTTP debug endpoints for goroutines on Reactor Netty, after Go's {@code net/http/pprof}:
 * {@link dev.goro.reactor.debug.DebugEndpoints}. Needs reactor-netty-http (an optional dependency).
 */
package dev.goro.reactor.debug;
