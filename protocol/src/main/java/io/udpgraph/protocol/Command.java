package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One request: the verb is the text before the first {@code :}, the argument everything after it, colons
 * included ({@code PUT:a:b} puts {@code a:b}). The argument is a read-only view of the received bytes,
 * valid as long as the buffer it came from is not reused.
 */
public record Command(Verb verb, String verbText, ByteBuffer argument) {

    /** Splits a frame's text into verb and argument. */
    public static Command parse(ByteBuffer text) {
        int start = text.position();
        int end = text.limit();
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (text.get(i) == ':') {
                colon = i;
                break;
            }
        }
        int verbEnd = colon < 0 ? end : colon;
        Verb verb = Verb.match(text, start, verbEnd - start);
        String verbText = verb == Verb.UNKNOWN
                ? StandardCharsets.UTF_8.decode(text.slice(start, verbEnd - start)).toString()
                : verb.name();
        ByteBuffer argument = colon < 0
                ? ByteBuffer.allocate(0).asReadOnlyBuffer()
                : text.slice(colon + 1, end - colon - 1).asReadOnlyBuffer();
        return new Command(verb, verbText, argument);
    }

    /** Parses a command given as text. */
    public static Command parse(String text) {
        return parse(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The argument decoded as UTF-8 text. */
    public String argumentText() {
        return StandardCharsets.UTF_8.decode(argument.duplicate()).toString();
    }

    /** The command text as it goes on the wire, before framing. */
    public static String text(Verb verb, String argument) {
        return argument == null ? verb.name() : verb.name() + ':' + argument;
    }
}
