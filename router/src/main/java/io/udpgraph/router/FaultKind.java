package io.udpgraph.router;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of fault, in the order the router applies them to one datagram, each with the option that sets
 * it ({@code --drop}) and the token the event log writes for it ({@code drop#3}). A new kind is one constant
 * here, a {@link FaultSpec} record with its grammar, and one case in {@link FaultDecider}.
 */
public enum FaultKind {
    /** Burst loss, {@link FaultSpec.GilbertElliott}; decided first so its chain steps for every datagram. */
    GILBERT_ELLIOTT("gilbert-elliott", "ge-drop", FaultSpec.GilbertElliott.class, "--gilbert-elliott 5%,20%,100%,0%"),
    /** Independent loss, {@link FaultSpec.Drop}. */
    DROP("drop", "drop", FaultSpec.Drop.class, "--drop 20%,up"),
    /** One of five faults per datagram, {@link FaultSpec.RandomFault}. */
    RANDOM("random", "random", FaultSpec.RandomFault.class, "--random 5%"),
    /** A changed byte, {@link FaultSpec.Garble}. */
    GARBLE("garble", "garble", FaultSpec.Garble.class, "--garble 10%:text,up,PUT"),
    /** Extra copies, {@link FaultSpec.Duplicate}. */
    DUPLICATE("duplicate", "dup", FaultSpec.Duplicate.class, "--duplicate 10%:2"),
    /** A hold for a while, {@link FaultSpec.Delay}. */
    DELAY("delay", "delay", FaultSpec.Delay.class, "--delay 5ms±2ms@30%,down"),
    /** A hold behind later datagrams, {@link FaultSpec.Reorder}. */
    REORDER("reorder", "reorder", FaultSpec.Reorder.class, "--reorder 20%:3"),
    /** A rate limit, {@link FaultSpec.Rate}; applied on the way out, after every other kind. */
    RATE("rate", "rate", FaultSpec.Rate.class, "--rate 1000/s:500 or --rate 64KB/s");

    private static final FaultKind[] KINDS = values();

    private final String word;
    private final byte[] token;
    private final Class<? extends FaultSpec> type;
    private final String example;

    FaultKind(String word, String token, Class<? extends FaultSpec> type, String example) {
        this.word = word;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.type = type;
        this.example = example;
    }

    /** The name of the command-line option and of the control API's {@code kind}: {@code gilbert-elliott}. */
    public String word() {
        return word;
    }

    /** An example option of this kind, for error messages and help: {@code --drop 20%,up}. */
    public String example() {
        return example;
    }

    /** How the event log names a decision of this kind, as ASCII bytes; callers must not change them. */
    byte[] token() {
        return token;
    }

    /** Every kind's word, in the order of application. */
    static List<String> words() {
        List<String> out = new ArrayList<>(KINDS.length);
        for (FaultKind k : KINDS) {
            out.add(k.word);
        }
        return List.copyOf(out);
    }

    /** The kind named by {@code word} (exact, lower case), or null. */
    static FaultKind fromWord(String word) {
        for (FaultKind k : KINDS) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        return null;
    }

    /** The kind of {@code spec}. */
    static FaultKind of(FaultSpec spec) {
        for (FaultKind k : KINDS) {
            if (k.type.isInstance(spec)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no fault kind for " + spec.getClass().getName());
    }
}
