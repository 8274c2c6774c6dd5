package dev.goro;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one goroutine was doing when {@link Runtime#goroutines()} looked: a value, safe to keep.
 *
 * @param id            goroutine id (the id of its virtual thread, as JFR and thread dumps show it)
 * @param parentId      id of the goroutine that started it, 0 if started from a plain thread
 * @param name          name given at {@link Go#go(String, Runnable)}, or null
 * @param state         status
 * @param waitReason    Go's wait reason ("chan receive", "sleep", "IO wait"...) while waiting, else ""
 * @param waiting       for how long it has been waiting (coarse, to within a scheduler tick), else zero
 * @param startFunction the function the goroutine started with
 * @param creationSite  the frame that called {@code go()}, or null if unknown
 * @param labels        profiler labels (inherited from the spawner), possibly empty
 * @param stack         its stack, innermost frame first, runtime frames omitted; empty unless requested
 */
public record GoroutineInfo(long id, long parentId, String name, GoroutineState state, String waitReason,
                            Duration waiting, String startFunction, StackTraceElement creationSite,
                            Map<String, String> labels, List<StackTraceElement> stack) {

    /** Copies the collections so the record stays immutable. */
    public GoroutineInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stack = stack == null ? List.of() : List.copyOf(stack);
    }
}
