/**
 * The Reactor bridge: channels to and from Flux, goroutines as Flux and Mono, awaiting Publishers in goroutines, a
 * Reactor Scheduler on goroutines, and the Reactor Context inside goroutines.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.goro.reactor.GoFlux}: channel -&gt; Flux ({@code from}, {@code consume}), Publisher -&gt;
 *       channel ({@code toChan}), producer goroutine -&gt; Flux ({@code flux}), and the {@code goMap} operators;</li>
 *   <li>{@link dev.goro.reactor.GoMono}: a goroutine's result as a Mono;</li>
 *   <li>{@link dev.goro.reactor.Await}: a Publisher's result inside a goroutine;</li>
 *   <li>{@link dev.goro.reactor.GoroScheduler}: {@code publishOn} / {@code subscribeOn} onto goroutines;</li>
 *   <li>{@link dev.goro.reactor.ReactorContext}: the subscriber's context inside the goroutines serving it.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every adapter is cold: each subscription gets its own goroutine. No Reactor or Netty thread ever waits on a
 *       goro operation: values cross into channels with non-blocking sends that demand accounting guarantees to
 *       succeed, and waits for demand happen in goroutines.</li>
 *   <li>Reactive Streams rules are followed to the letter, including the ones Reactor relaxes: a request of zero or
 *       less is answered with onError(IllegalArgumentException) (§3.9); null values (§2.13) and overflow (§1.1)
 *       fail the stream. Publisher adapters pass the Reactive Streams TCK.</li>
 *   <li>Cancellation reaches the goroutine: a goro operation parked in it is interrupted (it throws
 *       {@code GoInterruptedException} having had no effect), and the interrupt never leaks past the code it was
 *       meant for (see {@code Interrupts}).</li>
 *   <li>A value that was taken but cannot be delivered because of a cancel goes to Reactor's discard hook.</li>
 *   <li>Javadoc paragraphs: <strong>Blocking:</strong> what parks; <strong>Threading:</strong> where signals run;
 *       <strong>Discard:</strong> what reaches the discard hook.</li>
 * </ul>
 */
package dev.goro.reactor;
