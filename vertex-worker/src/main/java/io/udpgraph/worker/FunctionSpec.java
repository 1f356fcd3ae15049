package io.udpgraph.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which function a worker applies, as a value a {@link WorkerConfig} can hold: a function by name
 * (built-in, or found in jars), a child process speaking the {@code --exec} protocol, a stream-py
 * Python function file, or an instance
 * supplier for programs and tests. The worker creates its own function from it when it starts.
 */
public sealed interface FunctionSpec {

    /** A built-in function, or one found in {@code jars} through ServiceLoader, with its arguments. */
    record Named(String name, List<String> args, List<Path> jars) implements FunctionSpec {
        public Named {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            jars = List.copyOf(jars);
        }

        @Override
        public String label() {
            return args.isEmpty() ? name : name + " " + String.join(" ", args);
        }
    }

    /** A child process started from {@code command} (program and arguments) and fed LHHTTT frames. */
    record Exec(List<String> command) implements FunctionSpec {
        public Exec {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("--exec needs a command, e.g. --exec \"python3 words.py\"");
            }
        }

        @Override
        public String label() {
            return "exec " + String.join(" ", command);
        }
    }

    /**
     * A stream-py function file ({@code functions/NAME.py} with {@code func(input)}), run unchanged by
     * the Python host that ships with the worker, over the {@code --exec} protocol.
     */
    record PythonFile(Path file, StreamPyFalsy falsy) implements FunctionSpec {
        public PythonFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(falsy, "falsy");
            if (!file.getFileName().toString().endsWith(".py") || !java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--python-function needs a Python file such as "
                        + "functions/marketspread.py; got '" + file + "'");
            }
        }

        @Override
        public String label() {
            return "python-function " + file + (falsy == StreamPyFalsy.DROP ? " (falsy results dropped)" : "");
        }
    }

    /** Calls {@code factory} once per worker start for a fresh function instance. */
    record Supplied(String label, Supplier<? extends VertexFunction> factory) implements FunctionSpec {
        public Supplied {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(factory, "factory");
        }
    }

    /** How logs and reports name the function. */
    String label();

    /** A built-in function with its arguments, e.g. {@code named("grep", "^ERROR")}. */
    static FunctionSpec named(String name, String... args) {
        return new Named(name, List.of(args), List.of());
    }

    /** A function by name, looked up among the built-ins and then in {@code jars}. */
    static FunctionSpec named(String name, List<String> args, List<Path> jars) {
        return new Named(name, args, jars);
    }

    /** A child process; {@code commandLine} is split like a shell would ("quotes" and 'quotes' group words). */
    static FunctionSpec exec(String commandLine) {
        return new Exec(splitCommandLine(commandLine));
    }

    /** A stream-py function file, run with udpgraph's handling of falsy results (published). */
    static FunctionSpec python(Path file) {
        return new PythonFile(file, StreamPyFalsy.PUBLISH);
    }

    /** A fresh instance of {@code factory}'s function for each worker. */
    static FunctionSpec of(String label, Supplier<? extends VertexFunction> factory) {
        return new Supplied(label, factory);
    }

    /**
     * Splits a command line into words the way a POSIX shell does for simple commands: whitespace
     * separates, single quotes keep everything, double quotes keep all but {@code \"} and {@code \\},
     * a backslash outside quotes escapes the next character. No variables, globs or pipes.
     */
    static List<String> splitCommandLine(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in command line: " + line);
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated \" in command line: " + line);
                    }
                    char d = line.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < n) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
