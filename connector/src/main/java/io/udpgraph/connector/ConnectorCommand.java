package io.udpgraph.connector;

import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code connector} command: bridges TCP feeds and UDP datagrams into a graph, and a graph's output to TCP. */
@Command(name = "connector", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpWidth = 100,
        subcommands = {TcpInCommand.class, TcpOutCommand.class, UdpInCommand.class},
        description = {
            "Pours outside streams into queue nodes and queue nodes out to outside streams.",
            "",
            "  connector tcp-in  --listen 127.0.0.1:7000 --to 127.0.0.1:10000 --framing u32",
            "  connector tcp-out --from 127.0.0.1:10001 --connect 127.0.0.1:7001 --framing line",
            "  connector udp-in  --listen 127.0.0.1:6789 --to 127.0.0.1:10000",
            ""},
        footer = {
            "",
            "Framings: u32 (4-byte big-endian length, Wallaroo feeds and giles), len10 (10-character",
            "left-aligned decimal length), lhhttt (the queue protocol's frame), line (one message per line).",
            "Exit codes: 0 stopped cleanly, 1 could not start, 2 bad usage."})
public final class ConnectorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ConnectorCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("connector: name a subcommand: tcp-in, tcp-out or udp-in (see --help)");
        return ExitCodes.USAGE;
    }
}
