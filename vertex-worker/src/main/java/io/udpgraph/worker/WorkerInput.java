package io.udpgraph.worker;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.logging.Level;

/**
 * One input queue node of a worker: the client that polls it, the ACKs owed to it (they ride in front of the
 * next LEASE, so one round trip serves both), and how its failures are counted and logged. Used from the
 * worker's thread only; {@link #close()} may come from another once that thread has ended.
 */
final class WorkerInput implements AutoCloseable {
    /** ACKs owed to one input beyond which they go out on their own rather than with the next LEASE. */
    static final int MAX_UNSENT_ACKS = 1024;

    final InetSocketAddress address;
    final String where;
    private final MqClient.Options options;
    private final Guarantee guarantee;
    private final WorkerMetrics metrics;
    private final ErrorLog errorLog;
    private MqClient client;
    /** Lease ids whose results were published, to ACK with the next LEASE. */
    private LeaseId[] unsentAcks = LeaseId.NONE;

    WorkerInput(InetSocketAddress address, MqClient.Options options, Guarantee guarantee, WorkerMetrics metrics,
                ErrorLog errorLog) throws IOException {
        this.address = address;
        this.options = options;
        this.guarantee = guarantee;
        this.metrics = metrics;
        this.errorLog = errorLog;
        this.client = MqClient.connect(address, options);
        this.where = HostPort.of(address).toString();
    }

    /** The client that polls this input now (a new one after a garbled reply). */
    MqClient client() {
        return client;
    }

    /** Lease ids owed an ACK, to send in front of the next LEASE. */
    LeaseId[] unsentAcks() {
        return unsentAcks;
    }

    /** The node confirmed the ACK that rode with the last LEASE. */
    void acksSettled() {
        unsentAcks = LeaseId.NONE;
    }

    /**
     * Owes an ACK for {@code leaseIds}, whose results were published: it rides with the next LEASE, unless
     * {@code now} or too many piled up, and then it goes on its own at once.
     */
    void owe(LeaseId[] leaseIds, boolean now) {
        unsentAcks = LeaseId.concat(unsentAcks, leaseIds);
        if (now || unsentAcks.length > MAX_UNSENT_ACKS) {
            settleAcks();
        }
    }

    /** Sends the ACKs still owed on their own (when stopping, or when too many piled up). */
    void settleAcks() {
        LeaseId[] ids = unsentAcks;
        unsentAcks = LeaseId.NONE;
        settle("ACK", ids);
    }

    /** Hands {@code leaseIds} back with NACK, so another worker can take them at once. */
    void nack(LeaseId[] leaseIds) {
        settle("NACK", leaseIds);
    }

    private void settle(String verb, LeaseId[] leaseIds) {
        if (leaseIds.length == 0) {
            return;
        }
        try {
            if (verb.equals("ACK")) {
                client.ack(leaseIds);
            } else {
                client.nack(leaseIds);
            }
        } catch (IOException e) {
            // the leases run out on their own and the messages come back: a repeat, never a loss
            failed(verb, e);
        }
    }

    /** Counts and logs (once per kind) a request to this input that failed; a garbled reply renews the socket. */
    void failed(String verb, IOException e) {
        metrics.inputError();
        if (e instanceof MqException.BadReply) {
            reconnect();
        }
        String hint = "";
        if (e instanceof MqException.ErrorReply r && r.reason() == ErrorReason.UNKNOWN_VERB) {
            hint = "; --guarantee " + guarantee.word() + " needs a queue node with the lease extension "
                    + "(LEASE, ACK, NACK), use --guarantee at-most-once with this one";
        }
        errorLog.once(verb + " " + where + " " + e.getClass().getSimpleName(), Level.WARNING,
                verb + " from " + where + " failed: " + e.getMessage() + hint);
    }

    /**
     * A fresh socket: replies that arrive late or twice (a duplicating network) queue up on the old one
     * and would be read as the answers to later requests; on a new port they are dropped instead.
     */
    private void reconnect() {
        try {
            MqClient fresh = MqClient.connect(address, options);
            close();
            client = fresh;
        } catch (IOException e) {
            // keep the old socket; the next request tries again
        }
    }

    @Override
    public void close() {
        OutputLink.closeQuietly(client);
    }
}
