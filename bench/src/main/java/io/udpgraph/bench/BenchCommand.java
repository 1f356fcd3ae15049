package io.udpgraph.bench;

import io.udpgraph.runtime.UsageErrors;
import io.udpgraph.runtime.VersionProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench}: the benchmarks. Without a subcommand it runs the side-by-side suite ({@code bench suite}, whose
 * options may be given without the word);
 * {@code load} drives one target, {@code echo} runs the bare echo, {@code soak} runs a node beside hostile clients,
 * {@code jmh} runs the codec benchmarks.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Benchmarks: the side-by-side suite (the default), the load generator, the bare echo, JMH.", ""},
        subcommands = {SuiteCommand.class, LoadCommand.class, EchoCommand.class, ConnectorCommand.class,
            SoakCommand.class, HostileCommand.class, BenchCommand.Jmh.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the benchmark could not run (a node did not start, a socket failed)", "2:bad usage"})
public final class BenchCommand implements Callable<Integer> {

    /** Without a subcommand: the suite with its defaults, parsed so every option has its default value. */
    @Override
    public Integer call() {
        return new CommandLine(new SuiteCommand()).execute();
    }

    /** {@code bench jmh ARGS…}: JMH's own command line ({@code -h} for its help, {@code -l} to list). */
    @Command(name = "jmh", description = {"Runs the JMH codec benchmarks.",
        "Every argument goes to JMH (-h for its help, -l to list, CodecBenchmark.decode to pick one, -p text=ascii)."})
    static final class Jmh implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(args.toArray(String[]::new));
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(UsageErrors.install(new CommandLine(new BenchCommand())).execute(withDefaultSubcommand(args)));
    }

    /** {@code bench --quick} means {@code bench suite --quick}: options before any subcommand are the suite's. */
    static String[] withDefaultSubcommand(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-") || List.of("-h", "--help", "-V", "--version").contains(args[0])) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "suite";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }
}
