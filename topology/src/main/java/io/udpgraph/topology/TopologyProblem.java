package io.udpgraph.topology;

/**
 * One mistake in a topology file: where it is (line and column, from 1) and what to do about it.
 *
 * @param line    the line of the text that made the mistake, 0 when it concerns the whole file
 * @param column  the column on that line
 * @param message what is wrong and what to write instead
 */
public record TopologyProblem(int line, int column, String message) {

    /** The problem as {@code FILE:LINE:COLUMN: message}, the form compilers use so editors can jump to it. */
    public String format(String file) {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
