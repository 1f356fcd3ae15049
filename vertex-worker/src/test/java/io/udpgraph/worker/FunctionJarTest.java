package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds examples/functions/java from source into a jar and loads it the way --function-jar does. */
class FunctionJarTest {

    @TempDir
    static Path tmp;
    static Path jar;

    @BeforeAll
    static void buildOnce() throws IOException {
        jar = buildExampleJar(tmp);
    }

    /** Compiles the example with the JDK's compiler and packs it with its services file. */
    static Path buildExampleJar(Path tmp) throws IOException {
        Path src = Repo.root().resolve("examples/functions/java/src");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        List<String> sources;
        try (Stream<Path> s = Files.walk(src)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String[] args = Stream.concat(Stream.of("--release", "17", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString()), sources.stream()).toArray(String[]::new);
        assertEquals(0, javac.run(null, null, null, args), "the example compiles");
        Path jar = tmp.resolve("caesar.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Stream.concat(Files.walk(classes), Files.walk(src.resolve("META-INF")))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f) || f.toString().endsWith(".java")) {
                    continue;
                }
                Path base = f.startsWith(classes) ? classes : src;
                out.putNextEntry(new JarEntry(base.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void exampleFunctionIsFoundThroughServiceLoaderInAJar() throws Exception {
        try (FunctionLoader.Loaded loaded = FunctionLoader.load(
                FunctionSpec.named("caesar", List.of("3"), List.of(jar)), () -> { })) {
            VertexFunction fn = loaded.function();
            assertEquals("org.example.functions.Caesar", fn.getClass().getName());
            assertTrue(fn.getClass().getClassLoader() != VertexFunction.class.getClassLoader(),
                    "loaded from the jar, not from the test classpath");
            ResultBuffer out = new ResultBuffer();
            fn.apply("abc XYZ", out);
            assertEquals(List.of("def ABC"), out.results());
        }
    }

    @Test
    void anUnknownNameListsWhatTheJarsProvide() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionLoader.load(FunctionSpec.named("rot", List.of(), List.of(jar)), () -> { }));
        assertTrue(e.getMessage().contains("provide caesar"), e.getMessage());
    }

    @Test
    void anUnknownNameWithoutJarsPointsAtFunctionJar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionLoader.load(FunctionSpec.named("caesar"), () -> { }));
        assertTrue(e.getMessage().contains("--function-jar"), e.getMessage());
        assertTrue(e.getMessage().contains("split-words"), e.getMessage());
    }

    @Test
    void aMissingJarIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionLoader.load(FunctionSpec.named("caesar", List.of(), List.of(tmp.resolve("nope.jar"))),
                        () -> { }));
        assertTrue(e.getMessage().contains("nope.jar"), e.getMessage());
    }
}
