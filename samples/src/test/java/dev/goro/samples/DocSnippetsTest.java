package dev.goro.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block in README.md and docs/*.md compiles against goro's modules. A block that declares
 * types (starts with {@code class}, {@code record}, {@code interface}, an annotation or {@code public}) is
 * compiled as a file; any other block is compiled as the body of a method that may throw. Blocks meant as
 * illustration only are marked {@code ```text} instead.
 */
public class DocSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = String.join("\n",
            "import dev.goro.*;",
            "import dev.goro.Runtime;",
            "import dev.goro.Timer;",
            "import dev.goro.sync.Semaphore;",
            "import dev.goro.context.*;",
            "import dev.goro.net.*;",
            "import dev.goro.pool.*;",
            "import dev.goro.pprof.*;",
            "import dev.goro.reactor.*;",
            "import dev.goro.sync.*;",
            "import dev.goro.test.*;",
            "import reactor.core.publisher.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.concurrent.atomic.*;",
            "import java.util.function.*;") + "\n";

    /**
     * Names a method-body snippet may use without declaring them (it extends this class): the README's short tour
     * reads a file at {@code path}. Prefer blocks that declare what they use, as the docs pages do. Values do not
     * matter: snippets are compiled, not run.
     */
    public abstract static class Ambient {
        protected Path path = Path.of("README.md");
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockInTheDocsCompiles() throws IOException {
        Path root = repositoryRoot();
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc);
            Matcher m = BLOCK.matcher(text);
            int n = 0;
            while (m.find()) {
                n++;
                String code = m.group(1);
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                String name = root.relativize(doc) + ":" + line;
                int index = n;
                tests.add(DynamicTest.dynamicTest(name, () -> assertCompiles(name, index, code)));
            }
        }
        return tests.stream();
    }

    private static void assertCompiles(String where, int index, String code) {
        String cls = "Snippet" + index;
        String body = withoutImports(code);
        String source = extraImports(code) + IMPORTS + (declaresTypes(code)
                ? body
                : "class " + cls + " extends dev.goro.samples.DocSnippetsTest.Ambient {\n  void run() throws Exception {\n" + body
                        + "\n  }\n}\n");
        String file = declaresPublicType(code) ? publicTypeName(code) : cls;
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        JavaFileObject src = new SimpleJavaFileObject(URI.create("string:///" + file + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return source;
            }
        };
        List<String> options = List.of("-proc:none", "-d", tmpDir().toString(),
                "-cp", System.getProperty("java.class.path"));
        boolean ok = javac.getTask(out, null, null, options, null, List.of(src)).call();
        assertTrue(ok, where + " does not compile:\n" + out + "\n--- source ---\n" + source);
    }

    private static String extraImports(String code) {
        StringBuilder sb = new StringBuilder();
        code.lines().filter(l -> l.startsWith("import ")).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static String withoutImports(String code) {
        StringBuilder sb = new StringBuilder();
        code.lines().filter(l -> !l.startsWith("import ")).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static boolean declaresTypes(String code) {
        String first = code.lines().filter(l -> !l.isBlank() && !l.startsWith("import ") && !l.startsWith("//"))
                .findFirst().orElse("").trim();
        return first.startsWith("class ") || first.startsWith("record ") || first.startsWith("interface ")
                || first.startsWith("@") || first.startsWith("public ") || first.startsWith("final class ");
    }

    private static boolean declaresPublicType(String code) {
        return code.lines().anyMatch(l -> l.matches("public (final )?(class|record|interface) \\w+.*"));
    }

    private static String publicTypeName(String code) {
        Matcher m = Pattern.compile("public (?:final )?(?:class|record|interface) (\\w+)").matcher(code);
        return m.find() ? m.group(1) : "Snippet";
    }

    private static Path tmpDir() {
        try {
            return Files.createTempDirectory("doc-snippets");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
        }
        // Running from samples/, README.md may exist only at the top: prefer the one beside docs/.
        while (p != null && !Files.isDirectory(p.resolve("docs"))) {
            p = p.getParent();
        }
        return p;
    }
}
