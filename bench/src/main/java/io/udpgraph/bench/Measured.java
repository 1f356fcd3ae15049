package io.udpgraph.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The median run of several (by ops/s), with the spread and every run's failures summed. */
record Measured(LoadResult median, double minOps, double maxOps, long timeouts, long errors, long empty) {
    static Measured of(List<LoadResult> results) {
        List<LoadResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(LoadResult::opsPerSecond));
        return new Measured(sorted.get(sorted.size() / 2), sorted.get(0).opsPerSecond(),
                sorted.get(sorted.size() - 1).opsPerSecond(),
                results.stream().mapToLong(LoadResult::timeouts).sum(),
                results.stream().mapToLong(LoadResult::errors).sum(),
                results.stream().mapToLong(LoadResult::empty).sum());
    }
}
