package dev.goro.reactor;

import reactor.util.context.ContextView;

/**
 * The attachment ({@code G.attachment()}) of a goroutine started by the bridge: the Reactor Context of the
 * subscription it serves. Goroutines it starts inherit their spawner's attachment, so {@link ReactorContext#current()}
 * answers the same in them.
 *
 * @param context   the subscriber's context, read-only
 * @param inherited the attachment the spawning goroutine had (another library's value, e.g. a goro Context), kept
 *                  so that a lookup of that value can reach through this one; null if none
 */
record ReactorAttachment(ContextView context, Object inherited) {
}
