package io.udpgraph.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Starts a stream-py function file behind the small Python 3 host shipped in this module's jar, which
 * speaks the {@code --exec} protocol: {@code try (var fn = StreamPyHost.start(spec)) { fn.apply(…) }}.
 * Each start writes its own copy of the host to a temporary file and runs it with {@code python3} or
 * the interpreter named by the environment variable {@value #PYTHON_ENV}.
 */
public final class StreamPyHost {
    /** Names the Python interpreter to run the host with, when {@code python3} on the PATH is not it. */
    static final String PYTHON_ENV = "UDPGRAPH_PYTHON";
    private static final String RESOURCE = "stream_py_host.py";

    private StreamPyHost() {
    }

    /**
     * Starts the function file's host now (so a file that cannot load fails here); {@code onRestart}
     * runs whenever the host is restarted after dying.
     */
    public static Running start(FunctionSpec.PythonFile function, Runnable onRestart) throws IOException {
        Path host = extract();
        try {
            return new Running(new ExecFunction(command(host, function), onRestart), host);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(host);
            throw e;
        }
    }

    /** A running stream-py function: apply it like any function; close it to stop its Python process. */
    public static final class Running implements VertexFunction, AutoCloseable {
        private final ExecFunction exec;
        private final Path host;

        private Running(ExecFunction exec, Path host) {
            this.exec = exec;
            this.host = host;
        }

        ExecFunction exec() {
            return exec;
        }

        @Override
        public void apply(String input, Emitter out) throws Exception {
            exec.apply(input, out);
        }

        @Override
        public String name() {
            return "python-function";
        }

        @Override
        public void close() throws IOException {
            exec.close();
            Files.deleteIfExists(host);
        }
    }

    /** Writes the host to a new temporary file, which the caller deletes when the worker stops. */
    private static Path extract() throws IOException {
        Path file = Files.createTempFile("udpgraph-stream-py-host-", ".py");
        try (InputStream in = StreamPyHost.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the stream-py host " + RESOURCE + " is missing from the jar; rebuild vertex-worker");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** The command that runs {@code function} through the host at {@code host}. */
    private static List<String> command(Path host, FunctionSpec.PythonFile function) {
        String python = System.getenv(PYTHON_ENV);
        return List.of(python == null || python.isBlank() ? "python3" : python, host.toString(),
                "--falsy", function.falsy().word(), function.file().toAbsolutePath().toString());
    }
}
