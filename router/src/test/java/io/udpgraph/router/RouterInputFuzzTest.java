package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of what the router reads from strangers and from its control API: the verb sniffer
 * (every datagram), the fault grammar and the control API's request checks. Each either answers or refuses with
 * its typed error; nothing else may escape. A short run in every build; {@code scripts/fuzz} runs it long.
 */
public class RouterInputFuzzTest {
    private static final ControlGuard GUARD;

    static {
        try {
            GUARD = new ControlGuard(InetAddress.getByName("127.0.0.1"), "token");
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "2s")
    void snifferFaultGrammarAndControlChecksNeverThrowUntyped(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The target, also for Jazzer's own driver (scripts/fuzz). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        String kind = data.pickValue(FaultSpec.KINDS.toArray(new String[0]));
        String spec = data.consumeString(64);
        try {
            FaultSpec.parse(kind, spec);
        } catch (IllegalArgumentException expected) {
            // a bad fault is refused with a message: the point
        }
        ControlGuard.Refusal r = GUARD.check(data.consumeString(8), data.consumeString(40),
                data.consumeBoolean() ? data.consumeString(20) : null, data.consumeString(40),
                data.consumeString(30), data.consumeBoolean());
        assertTrue(r == null || r.status() >= 400);
        byte[] datagram = data.consumeRemainingAsBytes();
        int code = VerbSniffer.sniff(ByteBuffer.wrap(datagram));
        assertTrue(code >= 0 && code < VerbSniffer.CODES, "sniffed code " + code);
    }
}
