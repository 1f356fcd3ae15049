package org.example.functions;

import io.udpgraph.worker.Emitter;
import io.udpgraph.worker.VertexFunction;
import java.util.List;

/**
 * A vertex function of your own: shifts every ASCII letter by a fixed number of places (13 unless
 * given, {@code --function caesar 3}). Listed in META-INF/services/io.udpgraph.worker.VertexFunction,
 * so a worker finds it with {@code --function-jar caesar.jar --function caesar}.
 */
public final class Caesar implements VertexFunction {
    private int shift = 13;

    @Override
    public void apply(String input, Emitter out) {
        StringBuilder sb = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + shift) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + shift) % 26);
            }
            sb.append(c);
        }
        out.emit(sb.toString());
    }

    @Override
    public String name() {
        return "caesar";
    }

    @Override
    public String description() {
        return "caesar [SHIFT]: shifts each ASCII letter SHIFT places (default 13, rot13)";
    }

    @Override
    public VertexFunction configure(List<String> args) {
        if (args.size() > 1) {
            throw new IllegalArgumentException("caesar takes at most one argument SHIFT, e.g. --function caesar 3");
        }
        if (args.size() == 1) {
            try {
                shift = Math.floorMod(Integer.parseInt(args.get(0)), 26);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("caesar: SHIFT must be a whole number, got '" + args.get(0) + "'");
            }
        }
        return this;
    }
}
