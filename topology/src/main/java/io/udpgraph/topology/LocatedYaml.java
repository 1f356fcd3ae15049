package io.udpgraph.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link Located} tree, so that a mistake found long after parsing can point at its
 * line and column; YAML that does not parse, a key written twice or an alias to no anchor is a
 * {@link TopologyException} at the place it happened.
 */
final class LocatedYaml {

    private LocatedYaml() {
    }

    /** The document's root node; an empty document is an empty mapping at 1:1. */
    static Located read(String fileName, String text) throws TopologyException {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return new Located.Mapping(Map.of(), new Located.Position(1, 1));
            }
            return node(p, new HashMap<>());
        } catch (JsonProcessingException e) {
            throw new TopologyException(fileName, List.of(syntaxProblem(e)));
        } catch (IOException e) {
            throw new TopologyException(fileName, List.of(new TopologyProblem(0, 0, "cannot read: " + e.getMessage())));
        }
    }

    /**
     * A YAML syntax error in full, at the place the parser stopped: what it expected, and what it was parsing
     * and where that began ({@code expected ',' or ']', but got : (while parsing a flow sequence at line 3,
     * column 6)}), rather than only the parser's first line.
     */
    static TopologyProblem syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            StringBuilder msg = new StringBuilder("not valid YAML: ").append(m.getProblem());
            if (m.getContext() != null) {
                msg.append(" (").append(m.getContext());
                if (m.getContextMark() != null) {
                    msg.append(" at line ").append(m.getContextMark().getLine() + 1).append(", column ")
                            .append(m.getContextMark().getColumn() + 1);
                }
                msg.append(')');
            }
            return new TopologyProblem(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1,
                    msg.toString());
        }
        JsonLocation l = e.getLocation();
        // the parser's own text, without its source excerpts (the lines that only point with ^)
        String msg = String.join("; ", e.getOriginalMessage().lines().map(String::strip)
                .filter(x -> !x.isEmpty() && !x.startsWith("in 'reader'") && !x.equals("^")).toList());
        return new TopologyProblem(l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                "not valid YAML: " + (msg.isEmpty() ? "not YAML" : msg));
    }

    /** Reads the node at the current token; {@code anchors} holds every {@code &name} seen, for {@code *name}. */
    private static Located node(JsonParser p, Map<String, Located> anchors) throws IOException {
        String anchor = p.getObjectId() instanceof String s ? s : null;
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            Located target = anchors.get(p.getText());
            if (target == null) {
                throw new JsonParseException(p, "unknown alias *" + p.getText() + ": define it first with &"
                        + p.getText(), p.currentTokenLocation());
            }
            return target;
        }
        Located n = plainNode(p, anchors);
        if (anchor != null) {
            anchors.put(anchor, n);
        }
        return n;
    }

    private static Located plainNode(JsonParser p, Map<String, Located> anchors) throws IOException {
        Located.Position at = position(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Located.Entry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Located.Position keyAt = position(p.currentTokenLocation());
                String key = p.currentName();
                p.nextToken();
                Located value = node(p, anchors);
                if (entries.containsKey(key)) {
                    throw new DuplicateKey(key, keyAt, entries.get(key).keyAt());
                }
                entries.put(key, new Located.Entry(key, keyAt, value));
            }
            return new Located.Mapping(entries, at);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Located> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(p, anchors));
            }
            return new Located.Sequence(items, at);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Located.Scalar(null, at);
        }
        return new Located.Scalar(p.getText(), at);
    }

    private static Located.Position position(JsonLocation l) {
        return new Located.Position(l.getLineNr(), l.getColumnNr());
    }

    /** A key written twice in one mapping: YAML forbids it, and the second would silently win. */
    private static final class DuplicateKey extends JsonProcessingException {
        DuplicateKey(String key, Located.Position at, Located.Position first) {
            super("the key '" + key + "' appears twice in one mapping (first at " + first + "); keep one",
                    new JsonLocation(null, -1, at.line(), at.column()));
        }
    }
}
