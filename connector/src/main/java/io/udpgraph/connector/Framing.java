package io.udpgraph.connector;

import java.util.Locale;

/** The framings a connector speaks on TCP ({@code --framing}); each names one small {@link FrameCodec}. */
public enum Framing {
    /** A 4-byte big-endian length, then the message: Wallaroo's data feeds, giles, BuffStreams. */
    U32,
    /** A 10-character decimal length, left-aligned and space-padded ({@code f'{len:<10}'}), then the message. */
    LEN10,
    /** The classic frame of the queue protocol, {@code L HH TTT}: one hex digit, the length in hex, the text. */
    LHHTTT,
    /** One message per line, ended by {@code \n} (a {@code \r} before it is dropped): what {@code nc} speaks. */
    LINE;

    /** The word used on the command line and in topology files, e.g. {@code len10}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The codec of this framing, refusing messages over {@code maxMessageBytes}. */
    public FrameCodec codec(int maxMessageBytes) {
        return switch (this) {
            case U32 -> new U32Codec(maxMessageBytes);
            case LEN10 -> new Len10Codec(maxMessageBytes);
            case LHHTTT -> new LhhtttCodec(maxMessageBytes);
            case LINE -> new LineCodec(maxMessageBytes);
        };
    }

    /** Parses {@code u32|len10|lhhttt|line} in either case; the error lists the choices. */
    public static Framing parse(String word) {
        for (Framing f : values()) {
            if (f.word().equalsIgnoreCase(word.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("expected a framing u32, len10, lhhttt or line, got '" + word + "'");
    }
}
