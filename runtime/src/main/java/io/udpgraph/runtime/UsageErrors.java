package io.udpgraph.runtime;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Prints a usage error the way every udpgraph command does: one line saying what was wrong, with the closest
 * option or subcommand when one is near ("did you mean --port?"), then one line pointing at {@code --help};
 * the full help only with {@code --help}, so the error never scrolls away. Install it with {@link #install}.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    private UsageErrors() {
    }

    /** Makes {@code commandLine} (and its subcommands) print usage errors this way; returns it. */
    public static CommandLine install(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(new UsageErrors());
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(ex));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * For a command run without the subcommand it needs: one line naming its subcommands, one pointing at
     * {@code --help}; returns {@link ExitCodes#USAGE}.
     */
    public static int missingSubcommand(CommandLine.Model.CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": a subcommand is needed: "
                + String.join(", ", spec.subcommands().keySet()));
        err.println("Try '" + spec.qualifiedName() + " --help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The error's one line, with a "did you mean" for an unknown option or subcommand when one is near. */
    static String message(CommandLine.ParameterException ex) {
        String text = firstLine(ex.getMessage());
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || text.contains("did you mean")
                || u.getUnmatched().isEmpty()) {
            return text;
        }
        String written = u.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        List<String> candidates = new ArrayList<>();
        if (written.startsWith("-")) {
            int eq = written.indexOf('=');
            written = eq > 0 ? written.substring(0, eq) : written;
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                candidates.addAll(List.of(o.names()));
            }
        } else {
            candidates.addAll(spec.subcommands().keySet());
        }
        String hint = Suggestions.didYouMean(written, candidates);
        return text + hint;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "bad usage";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
