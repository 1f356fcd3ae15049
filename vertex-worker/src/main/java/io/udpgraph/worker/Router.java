package io.udpgraph.worker;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Chooses the output of each result under a {@link RoutePolicy}. When the worker derives result ids
 * (effectively-once), round-robin and random choose by the id's hash instead of a counter or a random
 * draw, so a redelivered input sends each result to the same output as before and that node can drop
 * the repeat. One per worker; used from its thread.
 */
final class Router {
    /** What {@link #route} returns for "every output". */
    static final int ALL = -1;

    private final RoutePolicy policy;
    private final int outputs;
    private final SplittableRandom random;
    private final CRC32C crc = new CRC32C();
    private long next;

    Router(RoutePolicy policy, int outputs, long seed) {
        if (outputs < 1) {
            throw new IllegalArgumentException("a worker needs at least one output");
        }
        this.policy = policy;
        this.outputs = outputs;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The output index for this result, or {@link #ALL}; {@code key} is null, a String or a Long (an
     * integer key, which {@code hash} maps to {@code floorMod(key, n)}); {@code id} is non-null only
     * under effectively-once.
     */
    int route(Object key, String result, String id) {
        if (outputs == 1) {
            return 0;
        }
        return switch (policy) {
            case BROADCAST -> ALL;
            case HASH -> key instanceof Long n ? (int) Math.floorMod(n, (long) outputs)
                    : bucket(key != null ? key.toString() : result);
            case ROUND_ROBIN -> id != null ? bucket(id) : (int) (next++ % outputs);
            case RANDOM -> id != null ? bucket(id) : random.nextInt(outputs);
        };
    }

    /** {@code crc32c(utf8(text)) mod n}, as the README states for {@code --route hash}. */
    int bucket(String text) {
        crc.reset();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % outputs);
    }
}
