package io.udpgraph.topology;

import java.util.List;

/** A topology file that cannot be run; {@link #problems()} lists every mistake with its location. */
public final class TopologyException extends Exception {
    private final String file;
    private final List<TopologyProblem> problems;

    public TopologyException(String file, List<TopologyProblem> problems) {
        super(summary(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The file's name as the messages show it. */
    public String file() {
        return file;
    }

    /** Every mistake found, in the order of the file. */
    public List<TopologyProblem> problems() {
        return problems;
    }

    private static String summary(String file, List<TopologyProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (TopologyProblem p : problems) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(p.format(file));
        }
        return sb.toString();
    }
}
