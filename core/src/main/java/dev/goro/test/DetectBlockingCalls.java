package dev.goro.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Installs BlockHound with goro's integration for a test class and fails each test during which a goroutine
 * blocked its carrier thread, or a Reactor or Netty non-blocking thread waited on a goro operation, with the
 * reports (goroutine id, name, creation site, blocking method, fix; see
 * {@link dev.goro.blockhound.BlockingReport}).
 *
 * <p>The blocking call itself throws BlockHound's {@code BlockingOperationError} in the thread that made it,
 * while an annotated class runs. The test fails even if that error dies in a goroutine nobody joins, because
 * the extension collects every report made while the test ran (tests of the class must not run in parallel with
 * other tests). BlockHound stays installed for the rest of the JVM (it cannot be removed); outside annotated
 * classes, blocking calls are then ignored, unless BlockHound had been installed by other means before, whose
 * choice (throw or callback) is kept.
 *
 * <p>Needs {@code io.projectreactor.tools:blockhound} on the test class path and the JVM flags
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods} (JDK 13+) and {@code -XX:+EnableDynamicAgentLoading}
 * (JDK 21+). {@code @GoroTest} includes this annotation.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BlockingCallsExtension.class)
public @interface DetectBlockingCalls {
}
