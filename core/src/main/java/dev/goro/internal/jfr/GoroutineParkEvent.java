package dev.goro.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A goroutine stayed parked in a goro primitive (channel, select, lock, wait group...) at least the threshold,
 * 20 ms by default like the JDK's {@code jdk.ThreadPark}. The stack trace is the goroutine's own, taken as
 * it resumes, so it points at the operation that waited.
 */
@Name("dev.goro.GoroutinePark")
@Label("Goroutine Park")
@Category({"goro", "Goroutines"})
@Description("A goroutine waited in a goro primitive for at least the threshold")
@Threshold("20 ms")
final class GoroutineParkEvent extends Event {
    @Label("Goroutine Id")
    long goroutineId;

    @Label("Wait Reason")
    @Description("Go's wait reason: chan receive, select, sync.Mutex.Lock...")
    String waitReason;
}
