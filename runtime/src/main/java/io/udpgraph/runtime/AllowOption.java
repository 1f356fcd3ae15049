package io.udpgraph.runtime;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --allow CIDR} (repeatable): the sources a node serves besides loopback; mix it in with {@code @Mixin}. */
public final class AllowOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private final List<String> cidrs = new ArrayList<>();
    private Allowlist allowlist = Allowlist.loopbackOnly();

    @Option(names = "--allow", paramLabel = "CIDR",
            description = "Serve datagrams from this address block too (repeatable), e.g. 10.0.0.0/8; loopback is "
                    + "always served. Datagrams from anywhere else get no reply and are counted. Default: loopback only.")
    void allow(String cidr) {
        cidrs.add(cidr);
        try {
            allowlist = Allowlist.of(cidrs);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** The sources to serve. */
    public Allowlist allowlist() {
        return allowlist;
    }
}
