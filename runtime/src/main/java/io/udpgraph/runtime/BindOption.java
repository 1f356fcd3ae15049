package io.udpgraph.runtime;

import picocli.CommandLine.Option;

/** {@code --bind}: the local address a command listens on; mix it into a command with {@code @Mixin}. */
public final class BindOption {
    /** Loopback: a node serves only this machine until told otherwise. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = DEFAULT_BIND,
            description = "Local address of every socket the command serves (its UDP port, a bare --listen PORT, "
                    + "--metrics-port, --control-port); 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}.")
    String bind = DEFAULT_BIND;

    /** The address given, or the default. */
    public String address() {
        return bind;
    }
}
