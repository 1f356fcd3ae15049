package io.udpgraph.runtime;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --allow CIDR} (repeatable): the sources a node serves besides loopback; mix it in with {@code @Mixin}. */
public final class AllowOption {

    // a list, not a setter taking one value: picocli refuses a second occurrence of a single-valued option
    @Option(names = "--allow", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "Serve datagrams from this address block too (repeatable), e.g. 10.0.0.0/8; loopback is "
                    + "always served. Datagrams from anywhere else get no reply and are counted. Default: loopback only.")
    List<String> cidrs = new ArrayList<>();

    /** The sources to serve. */
    public Allowlist allowlist() {
        return cidrs.isEmpty() ? Allowlist.loopbackOnly() : Allowlist.of(cidrs);
    }

    /** Checks one block while parsing, so a wrong one is a usage error before anything starts. */
    static final class CidrConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Allowlist.of(List.of(value));
                return value;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
