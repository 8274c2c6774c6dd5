/**
 * Channel internals (not API): the channel lock, wait queues of {@link dev.goro.internal.chan.Sudog}s, the
 * shared state of a blocked select, and Go's panic texts. The algorithms themselves are in
 * {@code dev.goro.Chan} (chan.go) and {@code dev.goro.Select} (select.go).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Caller contracts are stated on every method ("Holds the channel lock.", "Own thread only.", "Any
 *       thread.") and checked with assertions where they can be.</li>
 *   <li>Accessor suffixes name the memory-access mode: {@code xxxAcquire()} is a load-acquire,
 *       {@code setXxxRelease(v)} a store-release, {@code casXxx(..)} a volatile compare-and-set; accessors without
 *       a suffix are plain and need the channel lock. Each such access says in a comment which access it pairs
 *       with.</li>
 *   <li>Nothing here readies a goroutine while a channel lock is held: completion
 *       ({@link dev.goro.internal.chan.Sudog#complete()}) and wake-up
 *       ({@link dev.goro.internal.chan.Sudog#ready()}) are separate steps.</li>
 * </ul>
 */
package dev.goro.internal.chan;
