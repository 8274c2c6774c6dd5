package dev.goro.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves goroutines running after it finishes (after uber-go/goleak's {@code VerifyNone}),
 * listing them in Go's traceback format:
 * <pre>
 * found unexpected goroutines:
 *
 * goroutine 42 [chan receive]:
 * com.example.Worker.loop(...)
 * 	Worker.java:31
 * created by com.example.WorkerTest.startsWorker in goroutine 1
 * 	WorkerTest.java:18
 * </pre>
 * On a class, every test of the class (and of its {@code @Nested} classes) is checked; on a method, that test;
 * a method's annotation overrides its class's. The check runs after the test's {@code @AfterEach} methods, so
 * goroutines they stop are not leaks. A goroutine that is just finishing is not a leak either: the check looks
 * again with a backoff ({@link #maxRetries()}, {@link #maxBackoffMillis()}) before it fails the test.
 *
 * <p>{@code @GoroTest} includes this check with the defaults.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoroutineLeakExtension.class)
public @interface CheckGoroutineLeaks {

    /**
     * Goroutines whose top frame is one of these functions ({@code com.example.Pool.worker}: class name, dot,
     * method name, as the traceback prints it) are not leaks (goleak's {@code IgnoreTopFunction}).
     */
    String[] ignoreTopFunction() default {};

    /**
     * Goroutines created by one of these functions (the {@code created by} line: class name, dot, method name)
     * are not leaks (goleak's {@code IgnoreCreatedBy}).
     */
    String[] ignoreCreatedBy() default {};

    /**
     * Whether goroutines already running when the test started are left out (goleak's {@code IgnoreCurrent}).
     * True by default, unlike goleak: test classes share the JVM, and goroutines another class left behind, or
     * that a {@code @BeforeAll} method started on purpose, are not this test's leaks.
     */
    boolean ignoreCurrent() default true;

    /** How many times to look again before failing: goleak's default, 20. */
    int maxRetries() default 20;

    /**
     * Longest pause between two looks, in milliseconds: the pause starts at a microsecond and doubles up to this;
     * goleak's default, 100 ms (a failing check takes about 0.4 s with the defaults).
     */
    long maxBackoffMillis() default 100;
}
