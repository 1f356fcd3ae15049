package io.udpgraph.mq;

import io.udpgraph.protocol.FrameTooLargeException;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.ReplyTimeoutOption;
import io.udpgraph.runtime.UsageErrors;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mq}: talks to a queue node from the shell: put, get, peek, purge, lease, ack, nack, size, stats, watch,
 * send. Works through lossy edges: {@code put --keep-going --ids} stores every line once and says what failed.
 */
@Command(name = "mq", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Talks to a queue node: put messages, take, peek or purge them, lease and settle them, ask its "
                + "size or stats, watch it, or send any command.",
        subcommands = {MqPut.class, MqTakeCommands.Get.class, MqTakeCommands.Peek.class, MqTakeCommands.Purge.class,
                MqLeaseCommands.LeaseCommand.class, MqLeaseCommands.Ack.class, MqLeaseCommands.Nack.class,
                MqInfoCommands.Size.class, MqInfoCommands.Stats.class, MqInfoCommands.Watch.class,
                MqInfoCommands.Send.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:no reply in time, or the node refused the request (ERR …); put: a line was "
                + "not stored", "2:bad usage (a wrong HOST:PORT, an unknown option)", "130:stopped by Ctrl-C"})
public final class MqCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where {@code put -} reads its lines; a test gives its own. */
    final InputStream stdin;

    /** The command reading the process's standard input. */
    public MqCommand() {
        this(System.in);
    }

    MqCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        return UsageErrors.missingSubcommand(spec);
    }

    /** Options every subcommand takes: where the node is and how long to wait for it. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
                description = "the queue node, e.g. 127.0.0.1:10000")
        HostPort node;

        @Mixin
        ReplyTimeoutOption timeout;

        @Option(names = "--retries", paramLabel = "N", defaultValue = "" + MqClient.Options.DEFAULT_RETRIES,
                description = "further attempts of a command that is safe to repeat (default: ${DEFAULT-VALUE})")
        int retries;

        @Option(names = "--checksum", description = "wrap every request in a CRC32C and check every reply's")
        boolean checksum;

        MqClient connect(boolean retryPuts) throws IOException {
            return connect(retryPuts, retries);
        }

        /** A client making {@code attempts} further attempts of what is safe to repeat. */
        MqClient connect(boolean retryPuts, int attempts) throws IOException {
            return MqClient.connect(node, MqClient.Options.defaults().timeout(timeout.timeout())
                    .retries(attempts).retryPuts(retryPuts).checksums(checksum));
        }
    }

    /**
     * Connects to the node a subcommand names, runs the subcommand's request and turns what can go wrong into
     * a message on stderr and an exit code.
     */
    abstract static class Action implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Target target;

        @CommandLine.ParentCommand
        MqCommand parent;

        @Override
        public final Integer call() {
            check();
            try (MqClient client = connect()) {
                return run(client, spec.commandLine().getOut());
            } catch (MqException e) {
                spec.commandLine().getErr().println("mq: " + e.getMessage());
                return ExitCodes.FAILURE;
            } catch (FrameTooLargeException e) {
                spec.commandLine().getErr().println("mq: " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (IOException e) {
                spec.commandLine().getErr().println("mq: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                spec.commandLine().getOut().flush();
            }
        }

        /** Refuses a wrong command line with a {@link CommandLine.ParameterException} before connecting. */
        void check() {
        }

        /** The client this subcommand talks through. */
        MqClient connect() throws IOException {
            return target.connect(false);
        }

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        abstract int run(MqClient client, PrintWriter out) throws IOException;
    }

    /** The command line as {@code main} runs it, with {@code put -} reading {@code stdin}; for tests and embedding. */
    public static CommandLine commandLine(InputStream stdin) {
        return UsageErrors.install(new CommandLine(new MqCommand(stdin))).setUsageHelpAutoWidth(true);
    }

    /** Runs the command; the exit code says how it ended. */
    public static void main(String[] args) {
        System.exit(commandLine(System.in).execute(args));
    }
}
