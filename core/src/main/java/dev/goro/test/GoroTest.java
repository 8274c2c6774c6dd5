package dev.goro.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One annotation for a test class that uses goroutines: each test fails if, while it ran, a goroutine blocked
 * its carrier thread ({@link DetectBlockingCalls}, through BlockHound), or if it left goroutines running
 * ({@link CheckGoroutineLeaks} with its defaults), with goroutine-level detail in both reports.
 *
 * <pre>{@code
 * @GoroTest
 * class PipelineTest {
 *     @Test
 *     void stagesHandOverInOrder() { ... }
 * }
 * }</pre>
 * To tune the leak check, add {@code @CheckGoroutineLeaks(...)} beside it; to catch hangs, add
 * {@link GoroTimeout}. Needs BlockHound on the test class path and its JVM flags (see docs/testing.md).
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DetectBlockingCalls
@CheckGoroutineLeaks
public @interface GoroTest {
}
