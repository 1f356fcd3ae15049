package io.udpgraph.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every node command takes: {@code --bind}, {@code --metrics-port} and {@code --log-level}; mix it into a
 * command with {@code @Mixin}, call {@link #configureLogging()} first and {@link #startMetrics} once the registry
 * exists.
 */
public final class NodeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    BindOption bind = new BindOption();

    private Integer metricsPort;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO", converter = LogLevelConverter.class,
            description = "ERROR, WARN, INFO, DEBUG or TRACE, in either case. Default: ${DEFAULT-VALUE}.")
    Logging.LogLevel logLevel = Logging.LogLevel.INFO;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://BIND:PORT/metrics; 0 picks a free port. Default: off.")
    void metricsPort(Integer port) {
        // checked while parsing, so a wrong port is a usage error before anything starts
        if (port != null && (port < 0 || port > 65_535)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--metrics-port " + port + " is outside 0-65535");
        }
        metricsPort = port;
    }

    /** The {@code --bind} address. */
    public String bind() {
        return bind.address();
    }

    /** The {@code --log-level} chosen. */
    public Logging.LogLevel logLevel() {
        return logLevel;
    }

    /** Sends the logs at the chosen level to stderr. */
    public void configureLogging() {
        Logging.configure(logLevel);
    }

    /**
     * Serves {@code registry} on {@code --bind:--metrics-port}, or returns null when no port was asked for.
     *
     * @throws IOException when the port cannot be bound; the message names the flag to change
     */
    public MetricsEndpoint startMetrics(PrometheusMeterRegistry registry) throws IOException {
        if (metricsPort == null) {
            return null;
        }
        return MetricsEndpoint.start(bind(), metricsPort, registry);
    }

    /** Reads a log level in either case. */
    static final class LogLevelConverter implements CommandLine.ITypeConverter<Logging.LogLevel> {
        @Override
        public Logging.LogLevel convert(String value) {
            try {
                return Logging.LogLevel.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "expected ERROR, WARN, INFO, DEBUG or TRACE, got '" + value + "'");
            }
        }
    }
}
