package dev.goro.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A goroutine finished; the event's duration is its life, from its first instruction to its last. Off by
 * default; when on, raise the threshold to keep only long-lived goroutines.
 */
@Name("dev.goro.GoroutineEnd")
@Label("Goroutine End")
@Category({"goro", "Goroutines"})
@Description("A goroutine finished; the duration is its lifetime")
@Enabled(false)
@Threshold("0 ms")
@StackTrace(false)
final class GoroutineEndEvent extends Event {
    @Label("Goroutine Id")
    long goroutineId;

    @Label("Name")
    String name;

    @Label("Start Function")
    String startFunction;
}
