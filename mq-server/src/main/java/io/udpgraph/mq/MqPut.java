package io.udpgraph.mq;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
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
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mq put}: puts each TEXT, or each line of stdin or a file, as one message. Through a lossy edge,
 * {@code --ids PREFIX} sends each line as {@code PUTID:PREFIX-<line>} and retries it, so a line whose reply was
 * lost is never stored twice, and {@code --keep-going} goes on past a line that still failed and says which.
 */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        defaultValueProvider = DurationDefaults.class,
        description = {"Puts each TEXT as one message; with - (or --file F), each line of stdin (or F) is one message.",
                "Prints how many messages and bytes the node acknowledged, and how many lines failed or needed a retry.",
                "Through a router that drops: put --ids run-1 --keep-going - < lines.txt"})
final class MqPut extends MqCommand.Action {
    @Parameters(index = "1..*", paramLabel = "TEXT", description = "messages to put, or - for stdin")
    List<String> texts = List.of();

    @Option(names = "--file", paramLabel = "F", description = "put each line of this file as one message")
    Path file;

    @Option(names = "--retry", description = "retry a PUT whose reply was lost (--retries times): nothing is lost, "
            + "but without --ids a message may be stored twice")
    boolean retry;

    @Option(names = "--ids", paramLabel = "PREFIX", description = "put line n as PUTID:PREFIX-n and retry it: the "
            + "node stores each id once, so a retry never stores a line twice (implies --retry)")
    String ids;

    @Option(names = "--keep-going", description = "go on after a line that was not stored (its reply never came, or "
            + "the node refused it); exit 1 at the end if any was not")
    boolean keepGoing;

    private long stored;
    private long bytes;
    private long failed;
    private long retried;
    private long line;

    @Override
    void check() {
        if (texts.isEmpty() && file == null) {
            throw usage("give the messages to put: TEXT…, - for stdin, or --file F");
        }
        if (ids != null) {
            String problem = ProtocolLimits.producerIdProblem(ids + "-1");
            if (problem != null) {
                throw usage("--ids " + ids + ": " + problem);
            }
        }
    }

    @Override
    MqClient connect() throws IOException {
        // this command repeats a PUT itself, to count the lines that needed it
        return target.connect(false, 0);
    }

    @Override
    int run(MqClient client, PrintWriter out) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (file != null) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    putLines(client, new BufferedReader(r), err);
                } catch (NoSuchFileException e) {
                    throw usage("no such file: " + file);
                }
            }
            for (String text : texts) {
                if (text.equals("-")) {
                    putLines(client, new BufferedReader(new InputStreamReader(parent.stdin, StandardCharsets.UTF_8)), err);
                } else {
                    putOne(client, text, err);
                }
            }
        } finally {
            out.println(summary());
        }
        return failed > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** {@code put 978 messages (9,780 bytes); 22 lines failed; 41 lines needed a retry}. */
    String summary() {
        StringBuilder sb = new StringBuilder("put " + stored + (stored == 1 ? " message" : " messages") + " (" + bytes
                + " bytes)");
        if (failed > 0) {
            sb.append("; ").append(failed).append(failed == 1 ? " line" : " lines").append(" failed");
        }
        if (retried > 0) {
            sb.append("; ").append(retried).append(retried == 1 ? " line" : " lines").append(" needed a retry");
        }
        return sb.toString();
    }

    private void putLines(MqClient client, BufferedReader in, PrintWriter err) throws IOException {
        String text;
        while ((text = in.readLine()) != null) {
            putOne(client, text, err);
        }
    }

    private void putOne(MqClient client, String text, PrintWriter err) throws IOException {
        line++;
        int attempts = 1 + (retry || ids != null ? Math.max(0, target.retries) : 0);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            try {
                bytes += ids != null ? client.putWithId(ids + "-" + line, body) : client.put(body);
                stored++;
                if (attempt > 1) {
                    retried++;
                }
                return;
            } catch (MqException e) {
                boolean refused = e instanceof MqException.ErrorReply;
                if (!refused && attempt < attempts) {
                    continue;
                }
                if (attempt > 1) {
                    retried++;
                }
                if (!keepGoing) {
                    throw new MqException("line " + line + " was not stored: " + e.getMessage()
                            + " (--keep-going goes on past it)", e);
                }
                failed++;
                err.println("mq: line " + line + " was not stored: " + e.getMessage());
                return;
            }
        }
    }
}
