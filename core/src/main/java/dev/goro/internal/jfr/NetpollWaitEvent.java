package dev.goro.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A goroutine waited at least the threshold for a socket to become readable or writable ("IO wait"). The
 * network poller commits it through {@link Jfr#netpollWaitBegin()} / {@link Jfr#netpollWaitEnd}.
 */
@Name("dev.goro.NetpollWait")
@Label("Netpoll Wait")
@Category({"goro", "Network"})
@Description("A goroutine waited for a descriptor to become ready for at least the threshold")
@Threshold("20 ms")
final class NetpollWaitEvent extends Event {
    @Label("Goroutine Id")
    long goroutineId;

    @Label("File Descriptor")
    int fd;

    @Label("Mode")
    @Description("read or write")
    String mode;
}
