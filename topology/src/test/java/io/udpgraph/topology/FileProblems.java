package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

/** The problems a topology text has, for tests that expect it to be refused. */
final class FileProblems {

    private FileProblems() {
    }

    /** The topology {@code yaml} reads into, relative paths starting at the working folder. */
    static Topology parse(String yaml) throws TopologyException {
        return TopologyFile.parse("t.yaml", yaml, Path.of("."));
    }

    /** The one problem of {@code yaml}; fails the test when it reads, or has more than one. */
    static TopologyProblem only(String yaml) {
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyFile.parse("t.yaml", yaml, Path.of(".")));
        List<TopologyProblem> p = e.problems();
        assertEquals(1, p.size(), p::toString);
        return p.get(0);
    }
}
