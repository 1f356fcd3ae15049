package io.udpgraph.runtime;

import io.udpgraph.protocol.HostPort;
import picocli.CommandLine;

/** Converts a {@code HOST:PORT} option value; a bad one is a usage error that shows an example. */
public final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
