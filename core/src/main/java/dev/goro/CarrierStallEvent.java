package dev.goro;

import dev.goro.internal.sched.CarrierStall;
import dev.goro.internal.sched.Tracebacks;
import java.time.Duration;

/**
 * Sysmon found a goroutine holding its carrier thread for too long and handed the carrier's processor to
 * another carrier. {@link #blocked()} tells a carrier stuck in a blocking call (file I/O, a park while pinned,
 * native code: wrap it in {@link Go#blocking}) from one computing without pause.
 *
 * @param carrier   name of the carrier thread
 * @param goroutine the goroutine on it when sysmon looked, or null if it could not be identified
 * @param blocked   true if the carrier was not using CPU, false if it was computing
 * @param duration  how long the goroutine had held the carrier
 */
public record CarrierStallEvent(String carrier, GoroutineInfo goroutine, boolean blocked, Duration duration) {

    static CarrierStallEvent of(CarrierStall s) {
        GoroutineInfo info = s.goroutine() != null ? Tracebacks.info(s.goroutine(), true) : null;
        return new CarrierStallEvent(s.carrier(), info, s.blocked(), Duration.ofNanos(s.nanos()));
    }
}
