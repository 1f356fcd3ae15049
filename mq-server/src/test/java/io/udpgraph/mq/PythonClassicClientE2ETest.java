package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client written in Python from the seed document alone talks to scripts/mq-server, as the original's users did. */
class PythonClassicClientE2ETest {

    @Test
    void aClassicPythonClientPutsGetsAndSizesAgainstTheServerScript() throws Exception {
        try (Scripts.Server server = Scripts.Server.start()) {
            assertEquals("ok", python(server.address(), "scenario"));
            assertEquals("PUT 11 bytes", python(server.address(), "put", "Lorem", "Ipsum"));
            assertEquals("1", python(server.address(), "size"));
            assertEquals("Lorem Ipsum", python(server.address(), "get"));
            assertEquals(0, server.stop());
        }
    }

    private static String python(String address, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3",
                Scripts.root().resolve("mq-server/src/test/python/classic_client.py").toString(), address));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "python client failed:\n" + out);
        return out;
    }
}
