package io.udpgraph.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's markdown report: every measurement with its ratio to the echo, then each target met or not. */
final class SuiteReport {
    static final double QUEUE_TARGET_RATIO = 0.8;
    static final double P50_TARGET_RATIO = 1.2;
    static final double BATCH_TARGET_MESSAGES = 2_000_000;
    static final double ROUTER_TARGET_RATIO = 0.45;
    static final double CHAIN_TARGET_MESSAGES = 100_000;
    static final long MEMORY_TARGET_BYTES = 150L * 1000 * 1000;
    static final double MARGINAL_TARGET_BYTES = 115;
    static final long DURABLE_TARGET_BYTES = 64L * 1000 * 1000;
    static final long IDLE_TARGET_BYTES = 40L * 1000 * 1000;
    static final double FSYNC_ALWAYS_TARGET_RATIO = 1.5;
    static final double FSYNC_INTERVAL_TARGET_RATIO = 1.3;

    private final SuitePlan plan;
    private final SuiteSteps steps;
    private final List<String> lines = new ArrayList<>();

    SuiteReport(SuitePlan plan, SuiteSteps steps) {
        this.plan = plan;
        this.steps = steps;
    }

    String render() {
        lines.clear();
        row("Machine: " + Machine.describe() + ". Load average (1, 5, 15 min) " + steps.loadBefore + " before the run, "
                + steps.loadAfter + " after; the suite took " + Math.round(steps.seconds) + " s.");
        row("");
        row("| measurement | clients | ops/s (min-max of runs) | messages/s | p50 µs | p99 µs | timeouts / errors | ratio |");
        row("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Measured e : steps.echo) {
            loadRow("UDP echo (ceiling)", e, "1.00 of echo");
        }
        for (Measured q : steps.queue) {
            Measured e = byClients(steps.echo, q.median().clients());
            loadRow("queue node, PUT/GET pairs", q, e == null ? "-" : ratio(q, e) + " of echo");
        }
        if (steps.batched != null) {
            loadRow("queue node, batches of " + plan.batch() + " PUT then GET:" + plan.batch(), steps.batched,
                    String.format(Locale.ROOT, "%.2f of target", steps.batched.median().messagesPerSecond() / BATCH_TARGET_MESSAGES));
        }
        if (steps.routed != null) {
            loadRow("queue node direct (beside the router)", steps.routerDirect, "1.00 of direct");
            loadRow("queue node through the router, no faults", steps.routed, ratio(steps.routed, steps.routerDirect) + " of direct");
        }
        if (steps.chain != null) {
            row(String.format(Locale.ROOT, "| 3-stage passthrough worker chain, %,d messages, workers %s | - | - | %s | - | - | %s | %.2f of target |",
                    plan.chainMessages(), plan.chainWorkerBatch() > 0 ? "--batch " + plan.chainWorkerBatch() : "at their default --batch",
                    spread(steps.chain), steps.chain.note(), steps.chain.median() / CHAIN_TARGET_MESSAGES));
        }
        if (steps.pythonWorker != null) {
            String batch = plan.chainWorkerBatch() > 0 ? "--batch " + plan.chainWorkerBatch() : "default --batch";
            row(String.format(Locale.ROOT, "| one worker, built-in passthrough, %,d messages, %s | - | - | %s | - | - | - | 1.00 of built-in |",
                    plan.chainMessages(), batch, spread(steps.builtinWorker)));
            row(String.format(Locale.ROOT, "| one worker, --python-function passthrough.py, %,d messages, %s | - | - | %s | - | - | %s | %.2f of built-in |",
                    plan.chainMessages(), batch, spread(steps.pythonWorker), steps.pythonWorker.note(),
                    steps.pythonWorker.median() / steps.builtinWorker.median()));
        }
        MemoryStep.Result m = steps.memory;
        if (m != null) {
            memoryRow("queue node", m.memory(), m.redis());
            memoryRow("queue node --data-dir --fsync interval", m.durable(), m.redis());
            if (m.redis() != null) {
                memoryRow("Redis 7, RPUSH onto one list", m.redis(), m.redis());
            }
        }
        DurableStep.Result d = steps.durable;
        if (d != null) {
            loadRow("queue node --data-dir --fsync always, PUT/GET", d.always(), d.redisAlways() == null ? "-"
                    : ratio(d.always(), d.redisAlways()) + " of Redis always");
            if (d.redisAlways() != null) {
                loadRow("Redis 7 appendonly, appendfsync always, LPUSH/RPOP", d.redisAlways(), "1.00 of Redis always");
            }
            loadRow("queue node --data-dir --fsync interval, PUT/GET", d.interval(), d.redisEverysec() == null ? "-"
                    : ratio(d.interval(), d.redisEverysec()) + " of Redis everysec");
            if (d.redisEverysec() != null) {
                loadRow("Redis 7 appendonly, appendfsync everysec, LPUSH/RPOP", d.redisEverysec(), "1.00 of Redis everysec");
            }
        }
        row("");
        row("| target | bar | measured | met |");
        row("|---|---|---|---|");
        Measured e16 = byClients(steps.echo, 16);
        Measured q16 = byClients(steps.queue, 16);
        if (e16 != null && q16 != null) {
            double r = q16.median().opsPerSecond() / e16.median().opsPerSecond();
            target("queue PUT/GET at 16 clients", "≥ 0.80 × echo", String.format(Locale.ROOT, "%.2f × echo (%,.0f against %,.0f ops/s)",
                    r, q16.median().opsPerSecond(), e16.median().opsPerSecond()), r >= QUEUE_TARGET_RATIO);
        }
        Measured e1 = byClients(steps.echo, 1);
        Measured q1 = byClients(steps.queue, 1);
        if (e1 != null && q1 != null) {
            double r = q1.median().percentileMicros(50) / e1.median().percentileMicros(50);
            target("p50 at 1 client", "≤ 1.20 × echo's", String.format(Locale.ROOT, "%.2f × echo's (%.1f µs against %.1f µs)",
                    r, q1.median().percentileMicros(50), e1.median().percentileMicros(50)), r <= P50_TARGET_RATIO);
        }
        if (steps.batched != null) {
            double b = steps.batched.median().messagesPerSecond();
            target("batched PUT/GET, one node", "≥ 2,000,000 messages/s", String.format(Locale.ROOT, "%,.0f messages/s", b),
                    b >= BATCH_TARGET_MESSAGES);
        }
        if (steps.routed != null) {
            double rr = steps.routed.median().opsPerSecond() / steps.routerDirect.median().opsPerSecond();
            target("through the router, no faults", "≥ 0.45 × direct", String.format(Locale.ROOT, "%.2f × direct", rr),
                    rr >= ROUTER_TARGET_RATIO);
        }
        if (steps.chain != null) {
            target("3-stage worker chain", "≥ 100,000 messages/s", String.format(Locale.ROOT, "%,.0f messages/s", steps.chain.median()),
                    steps.chain.median() >= CHAIN_TARGET_MESSAGES);
        }
        if (m != null) {
            // The RSS bars are for a million messages; another count (a 10 M fill) is judged by its marginal cost.
            boolean million = plan.memoryMessages() == 1_000_000;
            if (million) {
                target("in memory: 1,000,000 queued 100-byte messages", "≤ 150 MB RSS", mb(m.memory().loaded(), "RSS"),
                        m.memory().loaded().median() <= MEMORY_TARGET_BYTES);
            }
            target("in memory: marginal bytes per 100-byte message", "≤ 115 B", String.format(Locale.ROOT, "%.0f B",
                    m.memory().perMessage().median()), plan.memoryMessages() >= 1_000_000
                    && m.memory().perMessage().median() <= MARGINAL_TARGET_BYTES);
            if (million) {
                target("durable: 1,000,000 queued 100-byte messages", "≤ 64 MB RSS", mb(m.durable().loaded(), "RSS"),
                        m.durable().loaded().median() <= DURABLE_TARGET_BYTES);
            }
            target("idle queue node", "≤ 40 MB RSS", mb(m.memory().idle(), "RSS"),
                    m.memory().idle().median() <= IDLE_TARGET_BYTES);
        }
        if (d != null && d.redisAlways() != null) {
            durableTarget("--fsync always against Redis appendfsync always", FSYNC_ALWAYS_TARGET_RATIO, d.always(), d.redisAlways());
            durableTarget("--fsync interval against Redis appendfsync everysec", FSYNC_INTERVAL_TARGET_RATIO, d.interval(),
                    d.redisEverysec());
        } else if (d != null) {
            row("");
            row("Durable step: " + d.note() + ".");
        }
        for (String f : steps.failures) {
            row("");
            row("**Step failed** (its figures are missing): " + f);
        }
        row("");
        row(String.format(Locale.ROOT, "%d run(s) per measurement, median shown; %s warmup and %s window per run;"
                        + " closed loop, one request outstanding per client, %s timeout. One op is one request and"
                        + " its reply; messages/s counts each PUT stored and each message a GET returned.%s",
                plan.runs(), human(plan.warmup()), human(plan.duration()), human(plan.timeout()),
                plan.quick() ? " QUICK SMOKE RUN: these figures are not measurements." : ""));
        return String.join("\n", lines);
    }

    private String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void loadRow(String what, Measured m, String ratio) {
        LoadResult r = m.median();
        row(String.format(Locale.ROOT, "| %s | %d | %,.0f (%,.0f-%,.0f) | %,.0f | %.1f | %.1f | %d / %d | %s |",
                what, r.clients(), r.opsPerSecond(), m.minOps(), m.maxOps(), r.messagesPerSecond(),
                r.percentileMicros(50), r.percentileMicros(99), m.timeouts(), m.errors(), ratio));
    }

    private String spread(Figure f) {
        return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", f.median(), f.min(), f.max());
    }

    private void durableTarget(String what, double bar, Measured ours, Measured redis) {
        double r = ours.median().opsPerSecond() / redis.median().opsPerSecond();
        target(what, String.format(Locale.ROOT, "≥ %.1f × Redis", bar), String.format(Locale.ROOT,
                "%.2f × Redis (%,.0f against %,.0f ops/s)", r, ours.median().opsPerSecond(), redis.median().opsPerSecond()),
                r >= bar);
    }

    private void memoryRow(String who, MemoryStep.Fill f, MemoryStep.Fill redis) {
        row(String.format(Locale.ROOT, "| memory: %s, %,d queued 100-byte messages | - | - | - | - | - | - | %s (idle %.1f MB), %.0f B a message%s |",
                who, plan.memoryMessages(), mb(f.loaded(), "RSS"), f.idle().median() / 1e6, f.perMessage().median(),
                redis == null ? "" : String.format(Locale.ROOT, "; %.2f of Redis", f.loaded().median() / redis.loaded().median())));
    }

    private static String mb(Figure f, String what) {
        return String.format(Locale.ROOT, "%.1f MB %s (%.1f-%.1f)", f.median() / 1e6, what, f.min() / 1e6, f.max() / 1e6);
    }

    private void target(String what, String bar, String measured, boolean met) {
        row("| " + what + " | " + bar + " | " + measured + " | " + (met ? "met" : "**not met**") + " |");
    }

    private Measured byClients(List<Measured> list, int c) {
        return list.stream().filter(m -> m.median().clients() == c).findFirst().orElse(null);
    }

    private String ratio(Measured a, Measured b) {
        return String.format(Locale.ROOT, "%.2f", a.median().opsPerSecond() / b.median().opsPerSecond());
    }

    private void row(String s) {
        lines.add(s);
    }
}
