package dev.goro.internal.pprof;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synthetic program counters for Java frames, so profiles can carry the addresses Go's formats are built on
 * ({@code 3 @ 0x401a2b 0x4f002a}, Location.address) although the JVM exposes none.
 *
 * <p>Each distinct function (class, method and source file) gets an entry address the first time any profile
 * in this process meets it: {@link #TEXT_START} plus a multiple of {@link #FUNC_SPAN}. A frame's PC is its
 * function's entry plus its line number, so {@code Worker.park+0x2a} in a debug=1 profile reads "line 42 of
 * Worker.park", and the same frame has the same PC in every profile this process writes (two dumps diff
 * cleanly, as Go's do). The table grows with the number of distinct methods ever seen on a goroutine's stack,
 * which the program's code bounds; entries are never removed.
 */
final class Symtab {
    /** Where the first function starts: the text address Go's linker uses on linux/amd64, for familiar looks. */
    static final long TEXT_START = 0x400000;
    /** Address room per function: a PC is entry + line, so lines 0..65535 get distinct PCs. */
    static final long FUNC_SPAN = 0x10000;

    private static final ConcurrentHashMap<Func, Long> ENTRIES = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private Symtab() {
    }

    /** A function as profiles name it: {@code pkg.Class.method} and its source file's path. */
    record Func(String name, String file) {
    }

    /** The entry address of {@code f}, assigning the next free one on first sight. Any thread. */
    static long entry(Func f) {
        // computeIfAbsent runs the function at most once per key, so each function takes one slot; NEXT only
        // hands out distinct numbers. An entry is returned only after its getAndIncrement, so limit() read after
        // a profile has its entries covers all of them, whatever other profiles do meanwhile.
        return ENTRIES.computeIfAbsent(f, k -> TEXT_START + NEXT.getAndIncrement() * FUNC_SPAN);
    }

    /** One past the highest address assigned so far: the end of the profile's single mapping. */
    static long limit() {
        return TEXT_START + NEXT.get() * FUNC_SPAN;
    }

    /** The PC of line {@code line} of the function starting at {@code entry}; unknown lines map to the entry. */
    static long pc(long entry, int line) {
        return entry + Math.min(Math.max(line, 0), FUNC_SPAN - 1);
    }
}
