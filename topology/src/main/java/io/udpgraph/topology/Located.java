package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows the line and column it came from, so that a mistake
 * found long after parsing (an unknown node in an edge) can still point at the text that made it.
 */
sealed interface Located {

    /** Where the node starts in the file, 1-based. */
    Position at();

    /** A line and column in the topology file, both counted from 1. */
    record Position(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** A scalar: its text as written ({@code null} for YAML's null). */
    record Scalar(String text, Position at) implements Located {
    }

    /** A sequence. */
    record Sequence(List<Located> items, Position at) implements Located {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** A mapping whose keys keep their own positions. */
    record Mapping(Map<String, Entry> entries, Position at) implements Located {
        public Mapping {
            entries = new LinkedHashMap<>(entries);
        }
    }

    /** One key of a mapping and its value. */
    record Entry(String key, Position keyAt, Located value) {
    }

    /** A description of the node's kind for messages: "a list", "a mapping", "a value". */
    default String kind() {
        if (this instanceof Sequence) {
            return "a list";
        }
        if (this instanceof Mapping) {
            return "a mapping";
        }
        return "a value";
    }

    /** The items of a sequence, or this node alone as a one-item list (YAML users write either). */
    default List<Located> asList() {
        if (this instanceof Sequence s) {
            return s.items();
        }
        List<Located> one = new ArrayList<>();
        one.add(this);
        return one;
    }
}
