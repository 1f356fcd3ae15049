package io.udpgraph.mq;

import io.udpgraph.protocol.FrameTooLargeException;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.Reply;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.LegacyMillisConverter;
import io.udpgraph.runtime.ReplyTimeoutOption;
import io.udpgraph.runtime.VersionProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mq}: talks to a queue node from the shell — put, get, size, stats, send. */
@Command(name = "mq", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Talks to a queue node: put messages, get them, ask its size or stats, or send any command.",
        subcommands = {MqCommand.Put.class, MqCommand.Get.class, MqCommand.Size.class, MqCommand.Stats.class,
                MqCommand.Send.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:no reply in time, or the node refused the request (ERR …)",
                "2:bad usage (a wrong HOST:PORT, an unknown option)"})
public final class MqCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
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
            return MqClient.connect(node, MqClient.Options.defaults().timeout(timeout.timeout())
                    .retries(retries).retryPuts(retryPuts).checksums(checksum));
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

        @Override
        public final Integer call() {
            check();
            try (MqClient client = target.connect(retryPuts())) {
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

        /** Whether a PUT whose reply was lost is sent again. */
        boolean retryPuts() {
            return false;
        }

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        abstract int run(MqClient client, PrintWriter out) throws IOException;
    }

    @Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Puts each TEXT as one message; with - (or --file F), each line of stdin (or F) is one message.",
                    "Prints how many messages and bytes the node acknowledged."})
    static final class Put extends Action {
        @Parameters(index = "1..*", paramLabel = "TEXT", description = "messages to put, or - for stdin")
        List<String> texts = List.of();

        @Option(names = "--file", paramLabel = "F", description = "put each line of this file as one message")
        Path file;

        @Option(names = "--retry", description = "retry a PUT whose reply was lost: nothing is lost, "
                + "but a message may be stored twice")
        boolean retry;

        @Override
        void check() {
            if (texts.isEmpty() && file == null) {
                throw usage("give the messages to put: TEXT…, - for stdin, or --file F");
            }
        }

        @Override
        boolean retryPuts() {
            return retry;
        }

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            long messages = 0;
            long bytes = 0;
            if (file != null) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    long[] n = putLines(client, new BufferedReader(r));
                    messages += n[0];
                    bytes += n[1];
                } catch (NoSuchFileException e) {
                    throw usage("no such file: " + file);
                }
            }
            for (String text : texts) {
                if (text.equals("-")) {
                    long[] n = putLines(client, new BufferedReader(new InputStreamReader(System.in,
                            StandardCharsets.UTF_8)));
                    messages += n[0];
                    bytes += n[1];
                } else {
                    bytes += client.put(text);
                    messages++;
                }
            }
            out.println("put " + messages + (messages == 1 ? " message" : " messages") + " (" + bytes + " bytes)");
            return ExitCodes.OK;
        }

        private static long[] putLines(MqClient client, BufferedReader in) throws IOException {
            long[] n = {0, 0};
            String line;
            while ((line = in.readLine()) != null) {
                n[1] += client.put(line);
                n[0]++;
            }
            return n;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Takes up to N messages (oldest first) and prints each on a line of its own.",
                    "Prints nothing when the queue is empty; --wait waits that long for a first message."})
    static final class Get extends Action {
        @Option(names = "--count", paramLabel = "N", defaultValue = "1",
                description = "messages to take at most (default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--wait", paramLabel = "DURATION", converter = LegacyMillisConverter.class,
                description = "wait up to DURATION (at most " + ProtocolLimits.MAX_WAIT_MS / 1000 + "s) for a first"
                        + " message, e.g. 500ms or 5s; a bare number is milliseconds, kept for one release (default: ${DEFAULT-VALUE})")
        Duration wait = Duration.ZERO;

        @Override
        void check() {
            if (count < 1) {
                throw usage("--count must be at least 1, got " + count);
            }
            if (wait.toMillis() > ProtocolLimits.MAX_WAIT_MS) {
                throw usage("--wait must be 0-" + ProtocolLimits.MAX_WAIT_MS + " ms, got " + wait.toMillis());
            }
        }

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            if (count == 1 && wait.isZero()) {
                byte[] m = client.get();
                if (m.length > 0) {
                    out.println(new String(m, StandardCharsets.UTF_8));
                }
                return ExitCodes.OK;
            }
            int left = count;
            Duration first = wait;
            while (left > 0) {
                List<byte[]> got = client.get(Math.min(left, ProtocolLimits.MAX_TAKE), first);
                if (got.isEmpty()) {
                    break;
                }
                for (byte[] m : got) {
                    out.println(new String(m, StandardCharsets.UTF_8));
                }
                left -= got.size();
                first = Duration.ZERO; // wait for the first message only
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "size", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = "Prints how many messages the node holds visible (the classic SIZE).")
    static final class Size extends Action {
        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            out.println(client.size());
            return ExitCodes.OK;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = "Prints the node's counts, one name=value per line: visible, leased, dead-lettered, …")
    static final class Stats extends Action {
        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            for (Map.Entry<String, Long> e : client.stats().entrySet()) {
                out.println(e.getKey() + "=" + e.getValue());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Sends RAW command texts in one datagram and prints each reply frame on a line.",
                    "Several RAWs make a batch. Exits 1 when a reply is an ERR."})
    static final class Send extends Action {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "RAW",
                description = "command texts, e.g. SIZE, PUT:hello, GET:5:1000, LEASE:1:30000")
        List<String> commands;

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            boolean refused = false;
            for (Reply r : client.send(commands)) {
                out.println(r.text());
                refused |= r.isError();
            }
            return refused ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    /** Runs the command; the exit code says how it ended. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MqCommand()).execute(args));
    }
}
