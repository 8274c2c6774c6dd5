package dev.goro.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

/**
 * A goroutine was created. Off by default: a server may create millions a second. When on, the setting
 * {@code sampleOneIn} (default 1) keeps one creation in N, and the event's stack trace is the spawner's, so it
 * shows where goroutines come from.
 */
@Name("dev.goro.GoroutineStart")
@Label("Goroutine Start")
@Category({"goro", "Goroutines"})
@Description("A goroutine was created; the stack trace is the spawner's")
@Enabled(false)
final class GoroutineStartEvent extends Event {
    @Label("Goroutine Id")
    long goroutineId;

    @Label("Parent Id")
    @Description("The goroutine that created it, 0 for a plain thread")
    long parentId;

    @Label("Name")
    String name;

    @Label("Start Function")
    String startFunction;

    @Label("Creation Site")
    String creationSite;

    /** This event's sampling verdict: 0 undecided, 1 keep, -1 drop. Transient: not recorded. */
    private transient int sampled;

    /**
     * Called by JFR in {@code shouldCommit()} and again in {@code commit()}: one creation in N passes. The
     * verdict is taken once per event and remembered, or the second call would count the creation twice and
     * undo the first one's decision.
     */
    @SettingDefinition
    @Name("sampleOneIn")
    @Label("Sample One In")
    @Description("Record one goroutine creation in N (1: all of them)")
    boolean sampleOneIn(SampleOneInSetting setting) {
        if (sampled == 0) {
            sampled = setting.sample() ? 1 : -1;
        }
        return sampled > 0;
    }
}
