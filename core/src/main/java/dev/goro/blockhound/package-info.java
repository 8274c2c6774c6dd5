/**
 * BlockHound support: reports goroutines that block their carrier thread, and Reactor or Netty non-blocking
 * threads that wait on a goro operation, naming the goroutine and the fix.
 *
 * <p>BlockHound ({@code io.projectreactor.tools:blockhound}) is an optional dependency of goro-core: add it to
 * use this package. {@link dev.goro.blockhound.GoroBlockHound} installs it;
 * {@link dev.goro.blockhound.GoroBlockHoundIntegration} is the integration that any {@code BlockHound.install()}
 * finds on the class path. JUnit 5 users can annotate a test class with {@code @GoroTest} or
 * {@code @DetectBlockingCalls} ({@code dev.goro.test}) instead. See docs/testing.md.
 */
package dev.goro.blockhound;
