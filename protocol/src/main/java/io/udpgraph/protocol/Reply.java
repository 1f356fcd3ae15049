package io.udpgraph.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of one reply frame: a message, an acknowledgement ({@code PUT 5 bytes}), a count, or an
 * error ({@code ERR <reason> <detail>}).
 */
public record Reply(byte[] bytes) {
    private static final byte[] ERR = "ERR".getBytes(StandardCharsets.US_ASCII);

    /** A reply holding this text. */
    public static Reply of(String text) {
        return new Reply(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text of an error reply: {@code ERR <reason> <detail>} (no detail when it is empty). */
    public static String errorText(ErrorReason reason, String detail) {
        return detail == null || detail.isEmpty() ? "ERR " + reason.word() : "ERR " + reason.word() + ' ' + detail;
    }

    /** True for {@code ERR <reason> …} replies. */
    public boolean isError() {
        if (bytes.length < ERR.length || !Arrays.equals(bytes, 0, ERR.length, ERR, 0, ERR.length)) {
            return false;
        }
        return bytes.length == ERR.length || bytes[ERR.length] == ' ';
    }

    /** The reason of an error reply; {@link ErrorReason#INTERNAL} for one this version does not know. */
    public ErrorReason reason() {
        if (!isError()) {
            throw new IllegalStateException("not an error reply: " + text());
        }
        String rest = text().substring(ERR.length).strip();
        int space = rest.indexOf(' ');
        return ErrorReason.fromWord(space < 0 ? rest : rest.substring(0, space));
    }

    /** The human part of an error reply, after the reason word. */
    public String detail() {
        String rest = text().substring(Math.min(bytes.length, ERR.length)).strip();
        int space = rest.indexOf(' ');
        return space < 0 ? "" : rest.substring(space + 1);
    }

    /** True for the empty frame {@code 10}. */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The reply as UTF-8 text. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return text();
    }
}
