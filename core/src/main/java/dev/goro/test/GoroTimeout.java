package dev.goro.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that runs longer than the limit with a dump of every goroutine: what each one waits on
 * (Go's wait reason: "chan receive", "sync.Mutex.Lock", "goroutine join"...), for how long, and where it was
 * created, followed by the test thread's stack and every goroutine's traceback in Go's format:
 * <pre>
 * java.util.concurrent.TimeoutException: hangs() timed out after 2 seconds
 *
 * goroutines at the timeout (3):
 *   goroutine 41 "consumer" [chan receive, 1.98 s] created by com.example.PipelineTest.hangs (PipelineTest.java:22)
 *   ...
 * </pre>
 * On a class, applies to each of its test methods (including {@code @RepeatedTest} and
 * {@code @ParameterizedTest} invocations); a method's annotation overrides its class's.
 *
 * <p><strong>Threading:</strong> the test method runs on a separate platform thread, so that a test stuck in a
 * call that ignores interrupts still fails on time. At the limit that thread is interrupted and abandoned (it
 * is a daemon), as with JUnit's {@code @Timeout(threadMode = SEPARATE_THREAD)}: code that relies on
 * ThreadLocals set up by other extensions on the test thread does not see them.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoroTimeoutExtension.class)
public @interface GoroTimeout {

    /** The limit, in {@link #unit()}s; positive. */
    long value();

    /** The unit of {@link #value()}; seconds by default. */
    TimeUnit unit() default TimeUnit.SECONDS;
}
