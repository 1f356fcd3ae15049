package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Usage errors are one line of error, one line pointing at --help, and never the whole help. */
class UsageErrorsTest {

    @Command(name = "node", mixinStandardHelpOptions = true, subcommands = Node.Sub.class)
    static final class Node implements Runnable {
        @Option(names = "--port", description = "The port.")
        int port;

        @Option(names = "--capacity", description = "How many messages.")
        int capacity;

        @Override
        public void run() {
        }

        @Command(name = "purge")
        static final class Sub implements Runnable {
            @Override
            public void run() {
            }
        }
    }

    private static List<String> errorLines(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = UsageErrors.install(new CommandLine(new Node()));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.USAGE, cl.execute(args));
        return err.toString().lines().toList();
    }

    @Test
    void aMisspeltOptionIsOneLineWithTheNearestOptionThenAPointerToHelp() {
        assertEquals(List.of("node: Unknown options: '--prot', '10000' (did you mean --port?)",
                "Try 'node --help' for the options."), errorLines("--prot", "10000"));
    }

    @Test
    void aMisspeltOptionWithAnEqualsSignStillFindsTheNearest() {
        assertTrue(errorLines("--capacty=5").get(0).endsWith("(did you mean --capacity?)"));
    }

    @Test
    void aMisspeltSubcommandFindsTheNearest() {
        assertTrue(errorLines("purg").get(0).contains("(did you mean purge?)"), errorLines("purg").toString());
    }

    @Test
    void aBadValueIsOneLineWithoutTheHelp() {
        List<String> lines = errorLines("--port", "many");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("node: Invalid value for option '--port'"), lines.get(0));
    }

    @Test
    void aMissingSubcommandIsOneLineNamingThemThenAPointerToHelp() {
        @Command(name = "tool", subcommands = Node.Sub.class)
        final class Tool implements java.util.concurrent.Callable<Integer> {
            @picocli.CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                return UsageErrors.missingSubcommand(spec);
            }
        }
        StringWriter err = new StringWriter();
        CommandLine cl = UsageErrors.install(new CommandLine(new Tool()));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.USAGE, cl.execute());
        assertEquals(List.of("tool: a subcommand is needed: purge", "Try 'tool --help' for the options."),
                err.toString().lines().toList());
    }
}
