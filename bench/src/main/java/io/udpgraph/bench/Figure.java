package io.udpgraph.bench;

import java.util.Arrays;

/** One step's median figures for the throughput-only steps (chain, memory). */
record Figure(double median, double min, double max, String note) {
    static Figure of(double[] values, String note) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new Figure(v[v.length / 2], v[0], v[v.length - 1], note);
    }
}
