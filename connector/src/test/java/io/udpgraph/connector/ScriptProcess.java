package io.udpgraph.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process of the end-to-end tests (a script of the repository, or Python), its output lines collected. */
final class ScriptProcess implements AutoCloseable {
    final Process process;
    private final List<String> lines = new ArrayList<>();

    private ScriptProcess(Process process) {
        this.process = process;
        collect(process.getInputStream());
        collect(process.getErrorStream());
    }

    /** The repository root: the folder that holds scripts/. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/connector"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the repository: no scripts/connector above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Starts {@code scripts/<name> args…}. */
    static ScriptProcess script(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root().resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        return new ScriptProcess(new ProcessBuilder(command).directory(root().toFile()).start());
    }

    /** Starts {@code python3 connector/src/test/python/<file> args…}. */
    static ScriptProcess python(String file, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3",
                root().resolve("connector/src/test/python").resolve(file).toString()));
        command.addAll(List.of(args));
        return new ScriptProcess(new ProcessBuilder(command).directory(root().toFile()).start());
    }

    private void collect(InputStream stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a line matching {@code regex} and returns its first group (or the line); null on time out. */
    String await(String regex, int seconds) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = p.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : lines.get(seen);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                lines.wait(left);
            }
        }
    }

    /** Everything printed so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
