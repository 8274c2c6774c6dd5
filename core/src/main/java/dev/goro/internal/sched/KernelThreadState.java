package dev.goro.internal.sched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says a carrier thread is doing, on Linux ({@code /proc/self/task/<tid>/stat}): sysmon's way to
 * tell a carrier blocked in a system call (state S or D: sleeping in read(), futex, disk) from one that computes
 * or merely waits for a CPU (state R). CPU-time accounting cannot tell the latter two apart on an overloaded
 * machine, where a computing thread gets a fraction of a core and looks idle. Elsewhere, callers fall back to
 * CPU time.
 */
final class KernelThreadState {
    private static final boolean AVAILABLE = Files.isReadable(Path.of("/proc/thread-self/stat"));

    private KernelThreadState() {
    }

    /** The calling thread's kernel id, 0 if unknown. Carrier thread at start only. */
    static int currentTid() {
        if (!AVAILABLE) {
            return 0;
        }
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The state letter of thread {@code tid} (R running or runnable, S sleeping, D uninterruptible wait, ...),
     * or 0 if it cannot be read. Sysmon only: reads a small file.
     */
    static char state(int tid) {
        if (tid == 0) {
            return 0;
        }
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc/self/task/" + tid + "/stat")),
                    StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')'); // the thread name in parentheses may itself contain spaces
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
