package io.udpgraph.protocol;

/**
 * Every limit of the wire grammar, in one place: validate against these constants and helpers instead of
 * copying a number. A node refuses a request past any of them with {@code ERR usage} or {@code ERR too-large}
 * (docs/PROTOCOL.md lists which). Stateless.
 */
public final class ProtocolLimits {
    /** The largest UDP payload over IPv4, so the largest datagram and the largest frame. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;
    /** The largest text one frame can carry in one datagram ({@code L} and four hex digits of {@code HH}). */
    public static final int MAX_FRAME_TEXT_BYTES = MAX_DATAGRAM_BYTES - 5;
    /** The largest message one {@code PUT:} frame can carry, so the most a node may allow. */
    public static final int MAX_MESSAGE_BYTES = MAX_FRAME_TEXT_BYTES - 4;
    /** Commands one request datagram may carry: enough short replies for all of them always fit one reply. */
    public static final int MAX_BATCH_COMMANDS = 200;
    /** Messages one {@code GET:<n>} or {@code LEASE:<n>} may ask for. */
    public static final int MAX_TAKE = 1024;
    /** The longest a GET or LEASE may wait for a first message, in milliseconds. */
    public static final long MAX_WAIT_MS = 60_000;
    /** The longest lease, in milliseconds: twelve hours, as SQS allows. */
    public static final long MAX_LEASE_MS = 12 * 3_600_000L;
    /** The longest producer id of a {@code PUTID}, in bytes. */
    public static final int MAX_PRODUCER_ID_BYTES = 128;
    /** The longest lease id token, {@code <sequence>.<16 hex digits>} (see {@link LeaseId}), in bytes. */
    public static final int MAX_LEASE_ID_BYTES = Decimal.MAX_DIGITS + 1 + LeaseId.TAG_DIGITS;
    /** The longest text of an {@code ERR} reply frame: longer details are cut, so an error is always a short reply. */
    public static final int MAX_ERROR_TEXT_BYTES = 243;
    /**
     * The fewest bytes of {@code ERR} replies any request datagram may draw; a larger datagram may draw twice its own
     * size ({@link #errorReplyBudget}), so a stranger's small bad request is never worth a large reply.
     */
    public static final int MIN_ERROR_REPLY_BYTES = 64;

    /** Bytes of {@code ERR} reply frames one request datagram of {@code requestBytes} may draw in all. */
    public static int errorReplyBudget(int requestBytes) {
        return Math.max(MIN_ERROR_REPLY_BYTES, 2 * requestBytes);
    }

    private ProtocolLimits() {
    }

    /** True when {@code n} is a message count a GET or LEASE may ask for (1 to {@value #MAX_TAKE}). */
    public static boolean isTake(long n) {
        return n >= 1 && n <= MAX_TAKE;
    }

    /** True when {@code ms} is a wait a GET or LEASE may ask for (0 to {@value #MAX_WAIT_MS}). */
    public static boolean isWaitMs(long ms) {
        return ms >= 0 && ms <= MAX_WAIT_MS;
    }

    /** True when {@code ms} is a lease time a LEASE may ask for (1 to {@value #MAX_LEASE_MS}). */
    public static boolean isLeaseMs(long ms) {
        return ms >= 1 && ms <= MAX_LEASE_MS;
    }

    /** True when {@code b} may appear in a producer id: printable ASCII without space (nor {@code :}). */
    public static boolean isProducerIdByte(int b) {
        return b >= 0x21 && b <= 0x7e && b != ':';
    }

    /**
     * Checks a message count for a GET or LEASE.
     *
     * @throws IllegalArgumentException naming the range, for a count a node would refuse
     */
    public static int requireTake(int n, String what) {
        if (!isTake(n)) {
            throw new IllegalArgumentException(what + " must be 1-" + MAX_TAKE + ", got " + n);
        }
        return n;
    }

    /**
     * Why {@code id} cannot be a producer id (1 to {@value #MAX_PRODUCER_ID_BYTES} bytes of printable ASCII
     * without {@code :} or space), or null when it can.
     */
    public static String producerIdProblem(CharSequence id) {
        if (id.length() < 1 || id.length() > MAX_PRODUCER_ID_BYTES) {
            return "a PUTID id is 1-" + MAX_PRODUCER_ID_BYTES + " bytes, got " + id.length();
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isProducerIdByte(id.charAt(i))) {
                return "a PUTID id is printable ASCII without ':' or space; character " + i + " is U+"
                        + Integer.toHexString(id.charAt(i));
            }
        }
        return null;
    }
}
