package dev.goro.internal.sched;

/**
 * Sysmon saw a goroutine hold its carrier for {@code nanos} and handed the carrier's P to another M.
 * {@code blocked}: the carrier was not using CPU (file I/O, a pinned park, native code); else it was computing.
 * {@code goroutine} may be null if it could not be identified.
 */
public record CarrierStall(String carrier, G goroutine, boolean blocked, long nanos) {
}
