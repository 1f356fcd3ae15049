package io.udpgraph.protocol;

/** The classes of malformed input a frame decoder refuses; each names what a sender got wrong. */
public enum FrameError {
    /** The datagram carried no bytes at all. */
    EMPTY_DATAGRAM,
    /** {@code L} is {@code 0} or not a hexadecimal digit. */
    BAD_LENGTH_DIGIT,
    /** {@code HH} holds a character that is not a hexadecimal digit. */
    BAD_SIZE_DIGIT,
    /** The declared text length runs past the end of the data. */
    TRUNCATED,
    /** Bytes follow the last whole frame and do not form a frame. */
    TRAILING_BYTES,
    /** The text is not valid UTF-8. */
    INVALID_UTF8,
    /** The frame would not fit one UDP datagram (65,507 bytes). */
    TOO_LARGE
}
