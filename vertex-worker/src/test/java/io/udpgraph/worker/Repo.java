package io.udpgraph.worker;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from a test, wherever Maven runs it from. */
final class Repo {
    private Repo() {
    }

    /** The repository's root: the nearest folder upwards that holds {@code examples/} and {@code scripts/}. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("examples")) && Files.isDirectory(p.resolve("scripts"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    static Path pythonExample() {
        return root().resolve("examples/functions/python/words.py");
    }
}
