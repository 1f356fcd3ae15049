package io.udpgraph.mq;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Decides whether a datagram is served at all, before it is read: its source must be in the {@code --allow} list
 * and within its reply budget; a refused one gets no reply, changes nothing and is counted. Charges each reply
 * sent to its source's budget. Thread-safe.
 */
final class SourceGate {
    /** Reply budgets kept at most; past it the least recently used source's is dropped. */
    static final int MAX_BUDGETS = 65_536;

    private final SourcePolicy policy;
    private final QueueMetrics metrics;
    private final ReplyBudgets budgets;

    SourceGate(SourcePolicy policy, QueueMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
        this.budgets = new ReplyBudgets(policy.maxReplyBytesPerSecond(), MAX_BUDGETS);
    }

    /** True when a datagram from {@code client} is to be served. */
    boolean admits(SocketAddress client) {
        InetAddress source = client instanceof InetSocketAddress at ? at.getAddress() : null;
        if (!policy.allowlist().allows(source)) {
            metrics.refused(QueueMetrics.Refusal.NOT_ALLOWED);
            return false;
        }
        boolean ok;
        synchronized (budgets) {
            ok = budgets.admits(source, System.nanoTime());
        }
        if (!ok) {
            metrics.refused(QueueMetrics.Refusal.REPLY_BUDGET);
        }
        return ok;
    }

    /** Charges a reply of {@code bytes} sent to {@code client}. */
    void charge(SocketAddress client, int bytes) {
        if (client instanceof InetSocketAddress at) {
            synchronized (budgets) {
                budgets.charge(at.getAddress(), bytes, System.nanoTime());
            }
        }
    }

    /** The shortest lease granted, in nanoseconds. */
    long minLeaseNanos() {
        return policy.minLease().toNanos();
    }
}
