/**
 * JUnit 5 support for code that uses goroutines: {@link dev.goro.test.GoroTest} (one annotation: blocking calls
 * and leaked goroutines), {@link dev.goro.test.CheckGoroutineLeaks} (goleak for goro),
 * {@link dev.goro.test.DetectBlockingCalls} (BlockHound with goro's integration) and
 * {@link dev.goro.test.GoroTimeout} (a timeout that dumps every goroutine).
 *
 * <p>JUnit Jupiter ({@code org.junit.jupiter:junit-jupiter-api}) is an optional dependency of goro-core, as is
 * BlockHound, which only {@code DetectBlockingCalls} and {@code GoroTest} need. See docs/testing.md.
 */
package dev.goro.test;
