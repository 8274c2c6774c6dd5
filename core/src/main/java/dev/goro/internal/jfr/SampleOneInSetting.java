package dev.goro.internal.jfr;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.SettingControl;

/**
 * A JFR setting that keeps one event in N ({@code "1"}: all). Several recordings asking for different rates
 * get the densest one, so none of them misses events it asked for. Public only because JFR instantiates it
 * reflectively; not API.
 */
public final class SampleOneInSetting extends SettingControl {
    private static final long DEFAULT = 1;

    /** Events offered so far; only the residue modulo {@code oneIn} matters, so wrapping is harmless. */
    private final AtomicLong offered = new AtomicLong();
    /** Written by JFR when a recording's settings change, read on every offer: volatile. */
    private volatile long oneIn = DEFAULT;

    /** JFR's constructor. */
    public SampleOneInSetting() {
    }

    @Override
    public String combine(Set<String> values) {
        long densest = Long.MAX_VALUE;
        for (String v : values) {
            long n = parse(v);
            if (n > 0) {
                densest = Math.min(densest, n);
            }
        }
        return Long.toString(densest == Long.MAX_VALUE ? DEFAULT : densest);
    }

    @Override
    public void setValue(String value) {
        long n = parse(value);
        oneIn = n > 0 ? n : DEFAULT;
    }

    @Override
    public String getValue() {
        return Long.toString(oneIn);
    }

    /** Whether this offer is the one in N to keep. Any thread. */
    boolean sample() {
        long n = oneIn;
        return n <= 1 || Math.floorMod(offered.getAndIncrement(), n) == 0;
    }

    /** A positive integer, or -1 for anything else (ignored, as JFR ignores a malformed threshold). */
    private static long parse(String v) {
        if (v == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.trim());
            return n > 0 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
