package dev.goro.samples;

import dev.goro.Chan;
import dev.goro.Go;
import dev.goro.pool.Pool;
import dev.goro.reactor.Await;
import dev.goro.reactor.ChanSubscription;
import dev.goro.reactor.GoFlux;
import dev.goro.sync.WaitGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * Counts the words of every text file under a directory, as a pipeline that crosses between Reactor and goroutines
 * twice:
 *
 * <pre>
 *  directory walk           goroutines                                     Reactor
 *  Flux&lt;Path&gt; ──toChan──▶ Chan&lt;Path&gt; ──▶ Pool(workers): Go.blocking(read) ──▶ Chan&lt;FileResult&gt; ──from──▶ Flux ──▶ Summary
 *  (boundedElastic)         dispatcher      count words                                          reduce
 * </pre>
 *
 * <ul>
 *   <li>The walk runs on Reactor's {@code boundedElastic} scheduler (directory reads block); {@link GoFlux#toChan}
 *       requests paths only as fast as the dispatcher takes them out of the channel.</li>
 *   <li>The dispatcher goroutine submits one task per file to a {@link Pool} of {@code workers} goroutines;
 *       {@code submit} waits while every worker is busy, so at most {@code workers} files are in memory at once.</li>
 *   <li>A worker reads its file inside {@link Go#blocking}, which hands the worker's processor to another carrier
 *       for the duration of the read (file I/O blocks the carrier thread; sockets and channels do not).</li>
 *   <li>The results channel becomes a Flux ({@link GoFlux#from}) that folds them into a {@link Summary}, awaited
 *       with {@link Await#await}.</li>
 * </ul>
 *
 * <p><strong>What counts:</strong> a word is a maximal run of Unicode letters, lower-cased ({@link Locale#ROOT}). A
 * file is text if it is valid UTF-8 with no NUL byte; other files are skipped and counted as binary. Files that
 * cannot be read (permissions, dangling links, vanished meanwhile) are skipped and counted as unreadable. Symbolic
 * links to files are read; links to directories are not followed.
 */
public final class WordCount {

    /** Paths buffered between the walk and the dispatcher. */
    private static final int PATH_BUFFER = 64;

    private WordCount() {
    }

    /** What became of one file. */
    enum Kind { TEXT, BINARY, UNREADABLE }

    /**
     * One file's outcome: its size and word counts if it is text.
     *
     * @param path  the file
     * @param kind  text, binary or unreadable
     * @param bytes its size in bytes (0 if unreadable)
     * @param words its word counts (empty unless text)
     */
    record FileResult(Path path, Kind kind, long bytes, Map<String, Long> words) {
    }

    /**
     * Runs the pipeline over {@code root} with {@code workers} concurrent file readers.
     *
     * @param progress called on the summary after each file (on the goroutine that folds the results); may be null
     * @throws NullPointerException     if {@code root} is null
     * @throws IllegalArgumentException if {@code workers} is not positive
     * @throws IOException              if {@code root} is not a readable directory
     */
    public static Summary run(Path root, int workers, Consumer<Summary> progress) throws Exception {
        Objects.requireNonNull(root, "root");
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive, got " + workers);
        }
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw new IOException("not a readable directory: " + root);
        }
        Consumer<Summary> onProgress = progress == null ? s -> { } : progress;
        long start = System.nanoTime();
        Summary summary = Go.main(() -> {
            ChanSubscription<Path> paths = GoFlux.toChan(walk(root), PATH_BUFFER);
            Chan<FileResult> results = Chan.make(workers);
            Go.go("dispatch", () -> dispatch(paths, results, workers));
            return Await.await(GoFlux.from(results)
                    .reduceWith(() -> new Summary(root), (s, r) -> {
                        s.add(r);
                        onProgress.accept(s);
                        return s;
                    }));
        });
        summary.elapsedNanos = System.nanoTime() - start;
        return summary;
    }

    /**
     * The files under {@code root}, found on {@code boundedElastic}. A file or directory that cannot be visited is
     * emitted too, so that its reader counts it as unreadable rather than the walk failing as a whole.
     */
    static Flux<Path> walk(Path root) {
        return Flux.<Path>create(sink -> {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() || (attrs.isSymbolicLink() && !Files.isDirectory(file))) {
                            sink.next(file);
                        }
                        return sink.isCancelled() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        sink.next(file);
                        return sink.isCancelled() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }
                });
                sink.complete();
            } catch (IOException | RuntimeException e) {
                sink.error(e);
            }
        }, FluxSink.OverflowStrategy.BUFFER).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The dispatcher goroutine: one pool task per path; closes {@code results} once every task has sent its result
     * (with the walk's error, if it failed, so the Flux of results fails after the files already counted).
     */
    private static void dispatch(ChanSubscription<Path> paths, Chan<FileResult> results, int workers) {
        Pool pool = new Pool(workers);
        WaitGroup pending = new WaitGroup();
        Throwable failure = null;
        try {
            for (Path p : paths.channel()) {
                pending.add(1);
                pool.submit(() -> {
                    try {
                        results.send(countFile(p));
                    } finally {
                        pending.done();
                    }
                });
            }
        } catch (Throwable e) {
            failure = e;
            paths.cancel();
        } finally {
            pending.await();
            pool.release();
            if (failure == null) {
                results.close();
            } else {
                results.close(failure);
            }
        }
    }

    /** Reads and counts one file. The read runs inside {@link Go#blocking}; the counting runs on the goroutine. */
    static FileResult countFile(Path file) {
        byte[] bytes;
        try {
            bytes = Go.blocking(() -> Files.readAllBytes(file));
        } catch (Exception e) {
            return new FileResult(file, Kind.UNREADABLE, 0, Map.of());
        }
        String text = decodeText(bytes);
        if (text == null) {
            return new FileResult(file, Kind.BINARY, bytes.length, Map.of());
        }
        Map<String, Long> words = new HashMap<>();
        countWords(text, words);
        return new FileResult(file, Kind.TEXT, bytes.length, words);
    }

    /** The text of {@code bytes} if they are valid UTF-8 without a NUL byte; null otherwise. */
    static String decodeText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Adds to {@code into} each maximal run of letters (code points) of {@code text}, lower-cased. */
    static void countWords(String text, Map<String, Long> into) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!Character.isLetter(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && Character.isLetter(cp = text.codePointAt(i))) {
                i += Character.charCount(cp);
            }
            into.merge(text.substring(start, i).toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
    }

    /**
     * The pipeline's answer: files by kind, bytes, word counts and elapsed time. Filled by one goroutine (the
     * reduce), read after the pipeline ends.
     */
    public static final class Summary {
        private final Path root;
        private final Map<String, Long> words = new HashMap<>();
        private long textFiles;
        private long binaryFiles;
        private long unreadableFiles;
        private long bytes;
        private long totalWords;
        private long elapsedNanos;

        Summary(Path root) {
            this.root = root;
        }

        void add(FileResult r) {
            switch (r.kind()) {
                case TEXT -> textFiles++;
                case BINARY -> binaryFiles++;
                case UNREADABLE -> unreadableFiles++;
            }
            bytes += r.bytes();
            r.words().forEach((w, c) -> {
                words.merge(w, c, Long::sum);
                totalWords += c;
            });
        }

        /** The directory counted. */
        public Path root() {
            return root;
        }

        /** Text files counted. */
        public long textFiles() {
            return textFiles;
        }

        /** Files skipped because they are not UTF-8 text. */
        public long binaryFiles() {
            return binaryFiles;
        }

        /** Files skipped because they could not be read. */
        public long unreadableFiles() {
            return unreadableFiles;
        }

        /** Bytes read, text and binary files together. */
        public long bytes() {
            return bytes;
        }

        /** Words in all text files. */
        public long totalWords() {
            return totalWords;
        }

        /** Each word and how many times it occurs; a copy. */
        public Map<String, Long> words() {
            return Map.copyOf(words);
        }

        /** Wall-clock time of the whole pipeline in nanoseconds. */
        public long elapsedNanos() {
            return elapsedNanos;
        }

        /** The {@code n} most frequent words, most frequent first; ties in alphabetical order. */
        public List<Map.Entry<String, Long>> top(int n) {
            List<Map.Entry<String, Long>> all = new ArrayList<>(words.entrySet());
            all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            return List.copyOf(all.subList(0, Math.min(n, all.size())));
        }

        /** One line: files and bytes so far (the progress line). */
        public String progressLine() {
            return String.format("%,d files, %,d bytes, %,d words", textFiles + binaryFiles + unreadableFiles, bytes,
                    totalWords);
        }

        /** Prints the summary and the {@code n} most frequent words. */
        public void print(PrintStream out, int n) {
            out.printf("word count of %s%n", root);
            out.printf("  %,d text files, %,d skipped as binary, %,d unreadable; %,d bytes in %.0f ms%n", textFiles,
                    binaryFiles, unreadableFiles, bytes, elapsedNanos / 1e6);
            out.printf("  %,d words, %,d distinct; top %d:%n", totalWords, words.size(), n);
            for (Map.Entry<String, Long> e : top(n)) {
                out.printf("  %10d  %s%n", e.getValue(), e.getKey());
            }
        }
    }
}
