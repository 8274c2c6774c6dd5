package dev.goro.benchmarks;

import com.softwaremill.jox.Channel;
import dev.goro.Chan;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * One channel interface over the three implementations the benchmarks compare, so each workload is written
 * once: goro's {@link Chan}; the JDK's {@link SynchronousQueue} (unbuffered) and {@link ArrayBlockingQueue}
 * (buffered); Jox's {@link Channel}. The interface call is the same for all three and costs a few ns.
 */
interface Channels<T> {

    void send(T value) throws Exception;

    T recv() throws Exception;

    /** An unbuffered channel of the named runtime. */
    static <T> Channels<T> unbuffered(String runtime) {
        return make(runtime, 0);
    }

    /** A channel of the named runtime with the given capacity (0: unbuffered). */
    static <T> Channels<T> make(String runtime, int capacity) {
        switch (runtime) {
            case Runtimes.GORO -> {
                Chan<T> ch = Chan.make(capacity);
                return new Channels<>() {
                    @Override
                    public void send(T v) {
                        ch.send(v);
                    }

                    @Override
                    public T recv() {
                        return ch.recv();
                    }
                };
            }
            case Runtimes.JOX -> {
                Channel<T> ch = capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity);
                return new Channels<>() {
                    @Override
                    public void send(T v) throws InterruptedException {
                        ch.send(v);
                    }

                    @Override
                    public T recv() throws InterruptedException {
                        return ch.receive();
                    }
                };
            }
            default -> {
                BlockingQueue<T> q = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
                return new Channels<>() {
                    @Override
                    public void send(T v) throws InterruptedException {
                        q.put(v);
                    }

                    @Override
                    public T recv() throws InterruptedException {
                        return q.take();
                    }
                };
            }
        }
    }
}
