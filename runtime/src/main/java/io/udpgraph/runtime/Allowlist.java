package io.udpgraph.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source addresses a node serves: a list of CIDR blocks ({@code 10.0.0.0/8}, {@code ::1/128}, a bare address
 * for one host). Loopback is always in it. Immutable and thread-safe; {@link #allows} allocates nothing.
 */
public final class Allowlist {
    private static final Allowlist LOOPBACK = new Allowlist(List.of(), new int[0], List.of());

    private final List<byte[]> networks;
    private final int[] prefixes;
    private final List<String> texts;

    private Allowlist(List<byte[]> networks, int[] prefixes, List<String> texts) {
        this.networks = List.copyOf(networks);
        this.prefixes = prefixes.clone();
        this.texts = List.copyOf(texts);
    }

    /** Loopback only: what a node serves when no {@code --allow} is given. */
    public static Allowlist loopbackOnly() {
        return LOOPBACK;
    }

    /**
     * Parses CIDR blocks such as {@code 192.168.1.0/24}, {@code 10.1.2.3} or {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the block that is wrong and the form expected
     */
    public static Allowlist of(List<String> cidrs) {
        if (cidrs.isEmpty()) {
            return LOOPBACK;
        }
        List<byte[]> networks = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int[] prefixes = new int[cidrs.size()];
        for (int i = 0; i < cidrs.size(); i++) {
            String c = cidrs.get(i).strip();
            int slash = c.indexOf('/');
            String host = slash < 0 ? c : c.substring(0, slash);
            byte[] address = literal(host, c);
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(c.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("--allow " + c + ": the prefix length after '/' is 0-" + bits
                            + " for this address, e.g. 10.0.0.0/8");
                }
            }
            networks.add(address);
            texts.add(c);
            prefixes[i] = prefix;
        }
        return new Allowlist(networks, prefixes, texts);
    }

    private static byte[] literal(String host, String whole) {
        boolean literal = !host.isEmpty() && (host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.'
                || (ch >= '0' && ch <= '9')));
        if (!literal) {
            throw new IllegalArgumentException("--allow " + whole + ": give an IP address or CIDR block such as "
                    + "10.0.0.0/8 or fd00::/8, not a host name");
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--allow " + whole + ": '" + host + "' is not an IP address; give a CIDR"
                    + " block such as 10.0.0.0/8", e);
        }
    }

    /** True when {@code source} may be served: loopback, or inside one of the blocks. */
    public boolean allows(InetAddress source) {
        if (source == null) {
            return false;
        }
        if (source.isLoopbackAddress()) {
            return true;
        }
        byte[] a = source.getAddress();
        for (int i = 0; i < prefixes.length; i++) {
            if (matches(networks.get(i), prefixes[i], a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, int prefix, byte[] a) {
        if (network.length != a.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (network[i] != a[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[whole] & mask) == (a[whole] & mask);
    }

    /** True when only loopback is served (no block was given). */
    public boolean loopbackOnlyList() {
        return texts.isEmpty();
    }

    /**
     * What a node says at start about whom it serves, bound to {@code bind}: null when bound to loopback, else the
     * protected-mode warning when no {@code --allow} names anyone else.
     */
    public String startNotice(String bind) {
        if (!texts.isEmpty()) {
            return "serving loopback and " + String.join(", ", texts);
        }
        try {
            if (InetAddress.getByName(bind).isLoopbackAddress()) {
                return null;
            }
        } catch (UnknownHostException e) {
            return null; // the bind itself fails with its own message
        }
        return "bound to " + bind + " but serving loopback only (protected mode): datagrams from elsewhere get no"
                + " reply until --allow names who may talk, e.g. --allow 10.0.0.0/8";
    }

    @Override
    public String toString() {
        return texts.isEmpty() ? "loopback" : "loopback, " + String.join(", ", texts);
    }
}
