package io.udpgraph.runtime;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Gives a duration option its initial value (a {@code *Config} constant) as its default, written in the flag
 * syntax, so {@code ${DEFAULT-VALUE}} in help reads {@code 30s} rather than {@code PT30S}. Name it in a command's
 * {@code defaultValueProvider}.
 */
public final class DurationDefaults implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        return argSpec.defaultValue() == null && argSpec.initialValue() instanceof Duration d
                ? DurationConverter.format(d) : null;
    }
}
