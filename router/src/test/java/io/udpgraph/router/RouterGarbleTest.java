package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterGarbleTest {

    @Test
    void garbledPutsAreRefusedOrStoredChangedAndTheEventLogNamesThem(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("events.log");
        int n = 300;
        Set<Integer> refused = new TreeSet<>();
        List<Integer> accepted = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(RouterConfig.defaults().upstream(node.address()).seed(99).eventLog(log)
                     .faults(FaultSpec.parse("garble", "20%:text,up,PUT")))) {
            try (MqClient client = MqClient.connect(router.address(),
                    MqClient.Options.defaults().timeout(Duration.ofSeconds(2)).retries(0))) {
                for (int i = 0; i < n; i++) {
                    try {
                        client.put(text(i));
                        accepted.add(i);
                    } catch (MqException.ErrorReply e) {
                        refused.add(i);
                    }
                }
                assertEquals(accepted.size(), client.size(), "SIZE is not garbled");
            }
            try (MqClient direct = MqClient.connect(node.address())) {
                for (String m = direct.getText(); !m.isEmpty(); m = direct.getText()) {
                    stored.add(m);
                }
            }
            assertEquals(refused.size() + countChanged(accepted, stored), router.counters().get(Direction.UP,
                    Action.GARBLED), "every garbled PUT was refused or stored changed");
        }
        Set<Integer> changed = new TreeSet<>();
        for (int j = 0; j < accepted.size(); j++) {
            if (!stored.get(j).equals(text(accepted.get(j)))) {
                changed.add(accepted.get(j));
            }
        }
        Set<Integer> harmed = new TreeSet<>(refused);
        harmed.addAll(changed);
        Set<Integer> logged = new TreeSet<>();
        Pattern garbled = Pattern.compile("^(\\d+) up \\d+ PUT garble#1@\\d+\\^0x[0-9a-f]{2}$");
        for (String line : Files.readAllLines(log)) {
            Matcher m = garbled.matcher(line);
            if (m.matches()) {
                logged.add(Integer.parseInt(m.group(1)) - 1);
            }
        }
        assertTrue(!refused.isEmpty() && !changed.isEmpty(), "both outcomes happen: " + refused.size() + " refused, "
                + changed.size() + " stored changed");
        assertTrue(logged.size() > 30 && logged.size() < 90, logged.size() + " of " + n + " garbled, about 20 %");
        assertEquals(harmed, logged, "the event log names exactly the PUTs that came out wrong");
    }

    private static String text(int i) {
        return "message number " + i + " of the garble test";
    }

    private static int countChanged(List<Integer> accepted, List<String> stored) {
        assertEquals(accepted.size(), stored.size(), "one stored message per accepted PUT");
        int changed = 0;
        for (int j = 0; j < accepted.size(); j++) {
            if (!stored.get(j).equals(text(accepted.get(j)))) {
                changed++;
            }
        }
        return changed;
    }
}
