package io.udpgraph.runtime;

import picocli.CommandLine.Option;

/** {@code --bind}: the local address a command listens on; mix it into a command with {@code @Mixin}. */
public final class BindOption {
    /** Loopback: a node serves only this machine until told otherwise. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = DEFAULT_BIND,
            description = "Local address to listen on (the UDP port, --metrics-port, --control-port, whichever the "
                    + "command has); 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}.")
    String bind = DEFAULT_BIND;

    /** The address given, or the default. */
    public String address() {
        return bind;
    }
}
