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

    /** Called by JFR inside {@code shouldCommit()}: one creation in N passes. */
    @SettingDefinition
    @Name("sampleOneIn")
    @Label("Sample One In")
    @Description("Record one goroutine creation in N (1: all of them)")
    boolean sampleOneIn(SampleOneInSetting setting) {
        return setting.sample();
    }
}
