/**
 * Internal: goro's JDK Flight Recorder events and the hooks that commit them. Runtime classes reach the events
 * only through {@link dev.goro.internal.jfr.Jfr}, after testing {@link dev.goro.internal.jfr.Jfr#AVAILABLE}, so
 * a JVM without the jdk.jfr module runs goro unchanged. The event names ({@code dev.goro.*}) and fields are the
 * stable part, documented in docs/observability.md.
 */
package dev.goro.internal.jfr;
