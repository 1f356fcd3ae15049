package io.udpgraph.worker;

import io.udpgraph.runtime.Suggestions;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Turns a {@link FunctionSpec} into a live function: a built-in by name, a ServiceLoader-found class
 * in the given jars, an {@code --exec} child, a stream-py file behind the Python host, or a supplied
 * instance. Bad names and arguments are
 * {@link IllegalArgumentException}s whose message says what to do (the command maps them to usage
 * errors); a child that cannot start is an {@link IOException}.
 */
final class FunctionLoader {

    /** A function and what must be closed with it (a class loader, a child process), if anything. */
    record Loaded(VertexFunction function, AutoCloseable resource) implements AutoCloseable {
        /** The child process behind the function ({@code --exec}, {@code --python-function}), or null. */
        ExecFunction exec() {
            return function instanceof ExecFunction e ? e
                    : function instanceof StreamPyHost.Running r ? r.exec() : null;
        }

        /** Lets a child have a poll's inputs written to it ahead of their answers ({@link ExecFunction#lookahead}). */
        void lookahead(List<String> inputs) {
            ExecFunction e = exec();
            if (e != null) {
                e.lookahead(inputs);
            }
        }

        @Override
        public void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }

    private FunctionLoader() {
    }

    static Loaded load(FunctionSpec spec, Runnable onExecRestart) throws IOException {
        if (spec instanceof FunctionSpec.Supplied s) {
            VertexFunction fn = s.factory().get();
            if (fn == null) {
                throw new IllegalArgumentException("the function supplier '" + s.label() + "' returned null");
            }
            return new Loaded(fn, fn instanceof AutoCloseable c ? c : null);
        }
        if (spec instanceof FunctionSpec.Exec e) {
            ExecFunction fn = new ExecFunction(e.command(), onExecRestart);
            return new Loaded(fn, fn);
        }
        if (spec instanceof FunctionSpec.PythonFile py) {
            StreamPyHost.Running fn = StreamPyHost.start(py, onExecRestart);
            return new Loaded(fn, fn);
        }
        FunctionSpec.Named named = (FunctionSpec.Named) spec;
        return loadNamed(named);
    }

    private static Loaded loadNamed(FunctionSpec.Named spec) throws IOException {
        Optional<VertexFunction> builtin = BuiltinFunctions.create(spec.name());
        URLClassLoader loader = spec.jars().isEmpty() ? null : classLoaderOf(spec.jars());
        try {
            VertexFunction fromJar = null;
            List<String> jarNames = new ArrayList<>();
            if (loader != null) {
                try {
                    for (VertexFunction fn : ServiceLoader.load(VertexFunction.class, loader)) {
                        jarNames.add(fn.name());
                        if (fn.name().equals(spec.name()) && fromJar == null) {
                            fromJar = fn;
                        }
                    }
                } catch (ServiceConfigurationError e) {
                    throw new IllegalArgumentException("cannot load the functions in " + spec.jars() + ": "
                            + e.getMessage() + " (each class named in META-INF/services/"
                            + VertexFunction.class.getName() + " needs a public no-argument constructor)", e);
                }
            }
            if (builtin.isPresent() && fromJar != null) {
                throw new IllegalArgumentException("function '" + spec.name() + "' is both a built-in and "
                        + fromJar.getClass().getName() + " in " + spec.jars() + ": give the jar's function another name");
            }
            VertexFunction fn = builtin.orElse(fromJar);
            if (fn == null) {
                List<String> known = new ArrayList<>(BuiltinFunctions.names());
                known.addAll(jarNames);
                throw new IllegalArgumentException("unknown function '" + spec.name() + "'"
                        + Suggestions.didYouMean(spec.name(), known) + ": the built-ins are "
                        + String.join(", ", BuiltinFunctions.names())
                        + (loader == null ? "; a function of your own needs --function-jar PATH"
                                : "; " + spec.jars() + " provide " + (jarNames.isEmpty() ? "none" : String.join(", ", jarNames))));
            }
            VertexFunction configured = fn.configure(spec.args());
            if (configured == null) {
                throw new IllegalArgumentException(fn.getClass().getName() + ".configure returned null; return this");
            }
            return new Loaded(configured, loader);
        } catch (RuntimeException | Error e) {
            if (loader != null) {
                loader.close();
            }
            throw e;
        }
    }

    private static URLClassLoader classLoaderOf(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            Path jar = jars.get(i);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("function jar '" + jar + "' does not exist or is not a file");
            }
            try {
                urls[i] = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("function jar '" + jar + "' has no usable URL: " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("vertex-functions", urls, VertexFunction.class.getClassLoader());
    }
}
