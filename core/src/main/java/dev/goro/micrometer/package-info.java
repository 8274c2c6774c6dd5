/**
 * Micrometer meters for goro's runtime: {@link dev.goro.micrometer.GoroutineMetrics}. Needs micrometer-core on
 * the class path (an optional dependency of goro-core).
 */
package dev.goro.micrometer;
