package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void loopbackIsServedWithNoAllowAndNothingElseIs() throws Exception {
        Allowlist a = Allowlist.loopbackOnly();
        assertTrue(a.allows(ip("127.0.0.1")));
        assertTrue(a.allows(ip("127.9.9.9")));
        assertTrue(a.allows(ip("::1")));
        assertFalse(a.allows(ip("10.0.0.1")));
        assertFalse(a.allows(null));
    }

    @Test
    void aCidrBlockServesItsAddressesOnly() throws Exception {
        Allowlist a = Allowlist.of(List.of("10.1.0.0/16", "192.168.7.9", "fd00::/8"));
        assertTrue(a.allows(ip("10.1.255.3")));
        assertFalse(a.allows(ip("10.2.0.1")));
        assertTrue(a.allows(ip("192.168.7.9")));
        assertFalse(a.allows(ip("192.168.7.10")));
        assertTrue(a.allows(ip("fd12::1")));
        assertFalse(a.allows(ip("fe80::1")));
        assertTrue(a.allows(ip("127.0.0.1")), "loopback stays served");
    }

    @Test
    void anOddPrefixLengthMasksInsideAByte() throws Exception {
        Allowlist a = Allowlist.of(List.of("172.16.0.0/12"));
        assertTrue(a.allows(ip("172.31.1.1")));
        assertFalse(a.allows(ip("172.32.0.1")));
    }

    @Test
    void aWrongBlockIsRefusedWithTheFormExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Allowlist.of(List.of("10.0.0.0/33")))
                .getMessage().contains("0-32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Allowlist.of(List.of("example.com")))
                .getMessage().contains("not a host name"));
    }

    @Test
    void aNodeBoundBeyondLoopbackWithNoAllowSaysItIsInProtectedMode() {
        assertNull(Allowlist.loopbackOnly().startNotice("127.0.0.1"));
        assertTrue(Allowlist.loopbackOnly().startNotice("0.0.0.0").contains("protected mode"));
    }

    @Test
    void anErrorEscapingAGuardedThreadGoesToTheFatalAction() {
        AtomicReference<Throwable> got = new AtomicReference<>();
        var before = FatalErrors.onFatal(got::set);
        try {
            FatalErrors.guard("rx-0", () -> {
                throw new OutOfMemoryError("Java heap space");
            }).run();
        } finally {
            FatalErrors.onFatal(before);
        }
        assertTrue(got.get().getMessage().contains("rx-0"), got.get().getMessage());
        assertEquals(OutOfMemoryError.class, got.get().getCause().getClass());
    }
}
