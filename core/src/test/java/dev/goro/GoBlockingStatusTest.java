package dev.goro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A goroutine inside {@link Go#blocking} reads as SYSCALL (Go's _Gsyscall), also after a goro wait inside it. */
class GoBlockingStatusTest {

    @Test
    void blocking_afterAGoroWaitInside_staysSyscall() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Goroutine g = Go.go("blocker", () -> Go.blocking(() -> {
            try {
                Go.go("short", () -> { }).join(); // a goro wait: beginWait / endWait
                inside.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        inside.await();
        try {
            assertEquals(GoroutineState.SYSCALL, g.state());
        } finally {
            release.countDown();
        }
        g.join(Duration.ofSeconds(30));
        assertEquals(GoroutineState.DEAD, g.state());
    }
}
