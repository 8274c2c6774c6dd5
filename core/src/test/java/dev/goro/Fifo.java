package dev.goro;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named pipe: reading it blocks the calling carrier thread inside the kernel until a writer comes (file I/O
 * does not unmount a virtual thread), which makes it the test stand-in for "a goroutine blocks its carrier".
 */
final class Fifo implements AutoCloseable {
    final Path path;

    Fifo() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("goro-fifo");
        path = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }

    /** Opens for reading and reads one byte: blocks the carrier until {@link #write} runs. */
    int readOneByte() {
        try (FileInputStream in = new FileInputStream(path.toFile())) {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(int b) {
        try (FileOutputStream out = new FileOutputStream(path.toFile())) {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.getParent());
    }
}
