package dev.goro.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Sysmon found a goroutine holding its carrier thread too long and handed the carrier's processor to another
 * carrier. Rare by construction (at most one per carrier per sysmon tick), so on by default. Committed on the
 * sysmon thread: the stack trace would be sysmon's, so there is none.
 */
@Name("dev.goro.CarrierStall")
@Label("Carrier Stall")
@Category({"goro", "Scheduler"})
@Description("A goroutine held its carrier thread too long; its processor was handed to another carrier")
@StackTrace(false)
final class CarrierStallJfrEvent extends Event {
    @Label("Carrier")
    String carrier;

    @Label("Goroutine Id")
    @Description("0 if the goroutine could not be identified")
    long goroutineId;

    @Label("Goroutine Name")
    String goroutineName;

    @Label("Creation Site")
    String creationSite;

    @Label("Stalled")
    @Description("How long the goroutine had held the carrier")
    @Timespan(Timespan.NANOSECONDS)
    long stalled;

    @Label("Blocked")
    @Description("True: the carrier was blocked (I/O, a pinned park; wrap it in Go.blocking); false: computing")
    boolean blocked;
}
