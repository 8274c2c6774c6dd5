package dev.goro.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word-count pipeline on real directories, checked against a plain single-threaded count written
 * independently (Files.walk, a regex for words, a strict UTF-8 decode).
 */
class WordCountTest {

    /** The independent answer: counts and file kinds of a tree, on one thread. */
    record Expected(Map<String, Long> words, long text, long binary, long unreadable, long bytes) {
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    static Expected countSingleThreaded(Path root) throws IOException {
        Map<String, Long> words = new HashMap<>();
        long text = 0, binary = 0, unreadable = 0, bytes = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> !Files.isDirectory(p)).filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
                    .toList();
        }
        for (Path p : files) {
            byte[] b;
            try {
                b = Files.readAllBytes(p);
            } catch (IOException e) {
                unreadable++;
                continue;
            }
            bytes += b.length;
            String s;
            try {
                s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                s = null;
            }
            if (s == null || s.indexOf('\0') >= 0) {
                binary++;
                continue;
            }
            text++;
            Matcher m = WORD.matcher(s);
            while (m.find()) {
                words.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
        return new Expected(words, text, binary, unreadable, bytes);
    }

    private static void assertSameAnswer(Expected want, WordCount.Summary got) {
        assertEquals(want.text(), got.textFiles(), "text files");
        assertEquals(want.binary(), got.binaryFiles(), "binary files");
        assertEquals(want.unreadable(), got.unreadableFiles(), "unreadable files");
        assertEquals(want.bytes(), got.bytes(), "bytes");
        assertEquals(want.words(), got.words(), "word counts");
        assertEquals(want.words().values().stream().mapToLong(Long::longValue).sum(), got.totalWords(), "total");
    }

    @Test
    void run_jdkLegalNotices_matchesSingleThreadedCount() throws Exception {
        Path legal = Path.of(System.getProperty("java.home"), "legal");
        WordCount.Summary got = WordCount.run(legal, 4, null);
        Expected want = countSingleThreaded(legal);
        assertTrue(want.text() > 10, "the JDK's legal folder has real text");
        assertSameAnswer(want, got);
        assertEquals("the", got.top(1).get(0).getKey(), "English licences: 'the' is the most frequent word");
    }

    @Test
    void run_binaryInvalidUtf8AndDanglingLink_skippedAndCounted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "Über uns: the THE the; naïve café 42 x-y\n");
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/deeper/b.md"), "the end\n");
        Files.write(dir.resolve("nul.bin"), new byte[] {'a', 0, 'b'});
        Files.write(dir.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)); // not UTF-8
        Files.writeString(dir.resolve("empty.txt"), "");
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("a.txt"));
        Files.createSymbolicLink(dir.resolve("dirlink"), dir.resolve("sub")); // not followed

        WordCount.Summary got = WordCount.run(dir, 2, null);

        assertSameAnswer(countSingleThreaded(dir), got);
        assertEquals(4, got.textFiles()); // a.txt, link.txt, b.md, empty.txt
        assertEquals(2, got.binaryFiles());
        assertEquals(1, got.unreadableFiles());
        assertEquals(7L, got.words().get("the")); // 3 + 3 through the link + 1
        assertEquals(2L, got.words().get("über"));
        assertEquals(2L, got.words().get("naïve"));
    }

    @Test
    void run_oneWorkerManyFiles_countsEveryFileOnce(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 300; i++) {
            Files.writeString(dir.resolve("f" + i + ".txt"), "word ".repeat(i % 7) + "file" + (i % 3));
        }
        WordCount.Summary got = WordCount.run(dir, 1, null);
        assertSameAnswer(countSingleThreaded(dir), got);
        assertEquals(300, got.textFiles());
    }

    @Test
    void run_notADirectory_throwsIOExceptionNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        IOException e = assertThrows(IOException.class, () -> WordCount.run(file, 2, null));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordCount.run(dir, 0, null));
    }
}
