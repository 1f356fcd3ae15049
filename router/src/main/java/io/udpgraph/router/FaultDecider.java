package io.udpgraph.router;

import java.nio.ByteBuffer;

/**
 * Decides the fate of each datagram under a compiled plan, from a seed alone: no sockets, threads or clocks,
 * so the same seed, plan and datagrams give the same decisions everywhere (in the spirit of Aeron's
 * {@code LossGenerator}). Every draw is a {@link Decisions} hash of (seed, direction, the datagram's number
 * in its direction, fault id, draw); only Gilbert–Elliott chains keep state. Single-threaded; the one
 * {@link Decision} it returns is reused.
 */
final class FaultDecider {
    private static final CompiledFault[] NONE = new CompiledFault[0];

    private final long seed;
    private final long[] seq = new long[2];
    private final CompiledFault[][] faults = {NONE, NONE};
    private final Decision decision = new Decision();

    FaultDecider(long seed) {
        this.seed = seed;
    }

    /** Applies {@code plan}'s faults to the datagrams travelling {@code way} from the next one on. */
    void use(Direction way, CompiledFault[] plan) {
        faults[way.ordinal()] = plan;
    }

    /**
     * Numbers the next datagram travelling {@code way} and decides what happens to it. {@code verb} is its
     * {@link VerbSniffer} code (for a reply, its request's); the datagram is {@code datagram}'s
     * position..limit, which stays unchanged.
     */
    Decision decide(Direction way, int verb, ByteBuffer datagram) {
        Decision d = decision;
        long k = ++seq[way.ordinal()];
        d.reset(k);
        int length = datagram.remaining();
        for (CompiledFault f : faults[way.ordinal()]) {
            if (!f.matches(verb) || (d.dropped && f.kind != FaultKind.GILBERT_ELLIOTT)) {
                continue;
            }
            if (f.kind == FaultKind.GILBERT_ELLIOTT) {
                // the chain steps for every datagram in scope, dropped or not, as netem's does
                boolean lost = f.chain.lose(draw(way, k, f.id, 0), draw(way, k, f.id, 1));
                if (lost && !d.dropped) {
                    d.dropped = true;
                    d.record(FaultKind.GILBERT_ELLIOTT, f.id, 0, 0, false);
                }
                continue;
            }
            double chance = draw(way, k, f.id, 0);
            if (f.kind == FaultKind.DROP && f.correlation != null) {
                chance = f.correlation.next(chance, draw(way, k, f.id, 5));
            }
            if (chance >= f.probability) {
                continue;
            }
            switch (f.kind) {
                case DROP -> drop(d, f.id, false);
                case RANDOM -> random(d, f.id, way, k, datagram, length);
                case GARBLE -> {
                    FaultSpec.Garble g = (FaultSpec.Garble) f.spec;
                    garble(d, f.id, way, k, g.target(), g.mode(), datagram, length, false);
                }
                case DUPLICATE -> duplicate(d, f.id, ((FaultSpec.Duplicate) f.spec).copies(), false);
                case DELAY -> delay(d, f, way, k);
                case REORDER -> reorder(d, f.id, ((FaultSpec.Reorder) f.spec).behind(), false);
                default -> throw new IllegalStateException("no decision for fault kind " + f.kind);
            }
        }
        return d;
    }

    private double draw(Direction way, long k, long faultId, int draw) {
        return Decisions.uniform(seed, way, k, faultId, draw);
    }

    private void random(Decision d, long id, Direction way, long k, ByteBuffer datagram, int length) {
        switch ((int) (draw(way, k, id, 1) * 5)) {
            case 0 -> drop(d, id, true);
            case 1 -> duplicate(d, id, 2, true);
            case 2 -> delay(d, id, way, k, FaultSpec.RANDOM_DELAY.toNanos(), FaultSpec.RANDOM_JITTER.toNanos(), true);
            case 3 -> reorder(d, id, 1, true);
            default -> garble(d, id, way, k, FaultSpec.GarbleTarget.ANY, FaultSpec.GarbleMode.BIT, datagram, length,
                    true);
        }
    }

    private static void drop(Decision d, long id, boolean random) {
        d.dropped = true;
        d.record(FaultKind.DROP, id, 0, 0, random);
    }

    private static void duplicate(Decision d, long id, int copies, boolean random) {
        d.copies = Math.max(d.copies, copies);
        d.record(FaultKind.DUPLICATE, id, copies, 0, random);
    }

    /** A delay fault's hold: its distribution's offset of a (possibly correlated) draw, in jitters. */
    private void delay(Decision d, CompiledFault f, Direction way, long k) {
        FaultSpec.Delay dl = (FaultSpec.Delay) f.spec;
        long jitter = dl.jitter().toNanos();
        long ns = dl.delay().toNanos();
        if (jitter > 0) {
            double u = draw(way, k, f.id, 2);
            if (f.correlation != null) {
                u = f.correlation.next(u, draw(way, k, f.id, 5));
            }
            ns += (long) (dl.distribution().offset(u, draw(way, k, f.id, 6)) * jitter);
        }
        hold(d, f.id, ns, false);
    }

    private void delay(Decision d, long id, Direction way, long k, long base, long jitter, boolean random) {
        hold(d, id, base + (long) ((2 * draw(way, k, id, 2) - 1) * jitter), random);
    }

    private static void hold(Decision d, long id, long ns, boolean random) {
        long held = Math.max(0, ns);
        d.delayNanos += held;
        d.record(FaultKind.DELAY, id, held, 0, random);
    }

    private static void reorder(Decision d, long id, int behind, boolean random) {
        d.behind = Math.max(d.behind, behind);
        d.record(FaultKind.REORDER, id, behind, 0, random);
    }

    private void garble(Decision d, long id, Direction way, long k, FaultSpec.GarbleTarget target,
                        FaultSpec.GarbleMode mode, ByteBuffer datagram, int length, boolean random) {
        if (length == 0) {
            return;
        }
        int from = 0;
        int to = length;
        int header = VerbSniffer.headerLength(datagram);
        if (target == FaultSpec.GarbleTarget.HEADER && header > 0) {
            to = header;
        } else if (target == FaultSpec.GarbleTarget.TEXT && header > 0 && header < length) {
            from = header;
        }
        int at = from + (int) (draw(way, k, id, 3) * (to - from));
        double u = draw(way, k, id, 4);
        int mask = mode == FaultSpec.GarbleMode.BIT ? 1 << (int) (u * 8) : 1 + (int) (u * 255);
        d.garble(at, mask);
        d.record(FaultKind.GARBLE, id, at, mask, random);
    }
}
