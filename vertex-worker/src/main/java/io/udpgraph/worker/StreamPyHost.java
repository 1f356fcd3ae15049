package io.udpgraph.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The small Python 3 program, shipped in this module's jar, that runs a stream-py function file
 * behind the {@code --exec} protocol. Each worker writes its own copy to a temporary file, started
 * with {@code python3} or the interpreter named by the environment variable {@value #PYTHON_ENV}.
 */
final class StreamPyHost {
    /** Names the Python interpreter to run the host with, when {@code python3} on the PATH is not it. */
    static final String PYTHON_ENV = "UDPGRAPH_PYTHON";
    private static final String RESOURCE = "stream_py_host.py";

    private StreamPyHost() {
    }

    /** Writes the host to a new temporary file, which the caller deletes when the worker stops. */
    static Path extract() throws IOException {
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
    static List<String> command(Path host, FunctionSpec.PythonFile function) {
        String python = System.getenv(PYTHON_ENV);
        return List.of(python == null || python.isBlank() ? "python3" : python, host.toString(),
                "--falsy", function.falsy().word(), function.file().toAbsolutePath().toString());
    }
}
