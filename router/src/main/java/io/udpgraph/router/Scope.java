package io.udpgraph.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which datagrams a fault applies to: a direction, and optionally only some verbs. Replies have no verb of
 * their own; they count as the verb of the last request their session sent, so {@code down,GET} means
 * "replies to GET". {@code MALFORMED} names datagrams whose first frame header does not parse.
 *
 * @param direction up, down or both
 * @param verbs the verb names, canonical upper case in protocol order; empty means every verb
 */
public record Scope(Direction direction, List<String> verbs) {
    /** Both directions, every verb. */
    public static final Scope ALL = new Scope(Direction.BOTH, List.of());

    public Scope {
        if (direction == null) {
            throw new IllegalArgumentException("a fault's direction must be up, down or both");
        }
        verbs = canonical(verbs == null ? List.of() : verbs);
    }

    /** Every verb in one direction. */
    public static Scope of(Direction direction) {
        return new Scope(direction, List.of());
    }

    /** This scope with another direction. */
    public Scope direction(Direction d) {
        return new Scope(d, verbs);
    }

    /** This scope limited to these verbs. */
    public Scope verbs(Collection<String> names) {
        return new Scope(direction, List.copyOf(names));
    }

    /** The verbs as a bit mask over the sniffer's codes; all bits set when no verb is named. */
    int verbMask() {
        if (verbs.isEmpty()) {
            return (1 << VerbSniffer.CODES) - 1;
        }
        int mask = 0;
        for (String v : verbs) {
            mask |= 1 << VerbSniffer.code(v);
        }
        return mask;
    }

    /** The qualifiers as they follow a fault's value on the command line: {@code ,up,PUT}, or nothing. */
    String suffix() {
        StringBuilder sb = new StringBuilder();
        if (direction != Direction.BOTH) {
            sb.append(',').append(direction.word());
        }
        for (String v : verbs) {
            sb.append(',').append(v);
        }
        return sb.toString();
    }

    private static List<String> canonical(List<String> names) {
        boolean[] seen = new boolean[VerbSniffer.CODES];
        for (String n : names) {
            int code = n == null ? -1 : VerbSniffer.code(n.strip());
            if (code < 0) {
                throw new IllegalArgumentException("unknown verb '" + n + "': expected " + verbList());
            }
            seen[code] = true;
        }
        List<String> out = new ArrayList<>();
        for (int c = 0; c < VerbSniffer.CODES; c++) {
            if (seen[c]) {
                out.add(VerbSniffer.name(c));
            }
        }
        return List.copyOf(out);
    }

    static String verbList() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < VerbSniffer.CODES; c++) {
            sb.append(c == 0 ? "" : c == VerbSniffer.CODES - 1 ? " or " : ", ").append(VerbSniffer.name(c));
        }
        return sb.toString();
    }
}
