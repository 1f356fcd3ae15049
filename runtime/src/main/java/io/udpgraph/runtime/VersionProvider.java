package io.udpgraph.runtime;

import picocli.CommandLine;

/** Prints the udpgraph version from the jar's manifest for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"udpgraph " + (v == null ? "(development build)" : v)};
    }
}
