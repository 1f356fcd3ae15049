package io.udpgraph.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link FaultPlan} into what the loop applies per direction: the faults in {@link FaultKind} order
 * (then plan order) and the rate limits. State that must outlive a plan change, the Gilbert–Elliott chains
 * and rate limits, is kept by fault id, so changing a fault's parameters does not restart its chain or
 * empty its queue. Single-threaded: the loop thread only.
 */
final class PlanCompiler {
    /** Per direction, chains and rate limits by fault id. */
    private final State[] state = {new State(), new State()};

    /**
     * Compiles the faults of {@code plan} that act on datagrams travelling {@code way}. Rate limits that
     * {@code plan} no longer has are added to {@code removed}, with what they still queue.
     */
    DirectionPlan compile(FaultPlan plan, Direction way, long now, List<RateLimiter> removed) {
        State old = state[way.ordinal()];
        State next = new State();
        List<CompiledFault> faults = new ArrayList<>();
        List<RateLimiter> limiters = new ArrayList<>();
        for (FaultKind kind : FaultKind.values()) {
            for (Fault f : plan.faults()) {
                FaultSpec spec = f.spec();
                if (spec.faultKind() != kind || !spec.scope().direction().includes(way)) {
                    continue;
                }
                if (spec instanceof FaultSpec.Rate rate) {
                    RateLimiter l = old.limiters.remove(f.id());
                    if (l == null) {
                        l = new RateLimiter(f.id(), way, rate, now);
                    } else {
                        l.configure(rate);
                    }
                    next.limiters.put(f.id(), l);
                    limiters.add(l);
                    continue;
                }
                GilbertElliottState chain = null;
                if (spec instanceof FaultSpec.GilbertElliott ge) {
                    chain = old.chains.get(f.id());
                    if (chain == null) {
                        chain = new GilbertElliottState(ge);
                    } else {
                        chain.configure(ge);
                    }
                    next.chains.put(f.id(), chain);
                }
                faults.add(new CompiledFault(f.id(), spec, chain));
            }
        }
        state[way.ordinal()] = next;
        removed.addAll(old.limiters.values());
        return new DirectionPlan(faults.toArray(new CompiledFault[0]), limiters.toArray(new RateLimiter[0]));
    }

    private static final class State {
        final Map<Long, GilbertElliottState> chains = new HashMap<>();
        final Map<Long, RateLimiter> limiters = new HashMap<>();
    }

    /** One direction's faults in the order they apply, and its rate limits in plan order. */
    record DirectionPlan(CompiledFault[] faults, RateLimiter[] limiters) {
        static final DirectionPlan EMPTY = new DirectionPlan(new CompiledFault[0], new RateLimiter[0]);
    }
}
