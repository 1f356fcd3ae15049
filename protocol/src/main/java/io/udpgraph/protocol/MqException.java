package io.udpgraph.protocol;

import java.io.IOException;

/** A request to a queue node failed; the message says why and what to check. */
public class MqException extends IOException {
    private static final long serialVersionUID = 1L;

    public MqException(String message) {
        super(message);
    }

    public MqException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No reply came within the timeout, after every retry the command allows. */
    public static final class Timeout extends MqException {
        private static final long serialVersionUID = 1L;

        public Timeout(String message) {
            super(message);
        }
    }

    /** The node answered {@code ERR <reason> <detail>}. */
    public static final class ErrorReply extends MqException {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        public ErrorReply(String command, Reply reply) {
            super("the node refused " + command + ": " + reply.text());
            this.reply = reply;
        }

        /** Why the node refused the request. */
        public ErrorReason reason() {
            return reply.reason();
        }

        /** The whole error reply. */
        public Reply reply() {
            return reply;
        }
    }

    /** The reply did not decode as LHHTTT, or not as the reply the command takes. */
    public static final class BadReply extends MqException {
        private static final long serialVersionUID = 1L;

        public BadReply(String message) {
            super(message);
        }
    }
}
