package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule as a plan, read from files and played on paper: no threads, no sockets. */
class ScheduleTest {

    private static final String GRAPH = """
            queues:
              a: {}
              b: {durable: true}
            workers:
              up: {function: upper, inputs: [a], outputs: [b], replicas: 2}
            routers:
              r-b: {queue: b, faults: [drop 1%]}
            sources:
              gen: {to: a, generator: {count: 10}}
            sinks:
              out: {from: b}
            """;

    private static Schedule read(String steps) throws Exception {
        return TopologyFile.parse("t.yaml", GRAPH + "schedule:\n" + steps, Path.of(".")).schedule();
    }

    private static List<String> timeline(Schedule s) {
        return s.steps().stream().map(st -> FieldReader.written(st.at()) + " " + st.label()).toList();
    }

    @Test
    void stepsRunInTimeOrderWithEachUndoAtItsEnd() throws Exception {
        Schedule s = read("""
                  - {at: 3s, kill: b}
                  - {at: 1s, partition: r-b, for: 2s}
                  - {at: 4s, restart: b}
                  - {at: 2s, pause: "up#2", for: 500ms}
                """);
        assertEquals(List.of("1s partition r-b for 2s", "2s pause up#2 for 500ms", "2500ms resume up#2 (undoes step 4)",
                "3s heal r-b (undoes step 2)", "3s kill b", "4s restart b"), timeline(s));
        assertEquals(Duration.ofSeconds(4), s.end());
    }

    @Test
    void everyStepKindReadsWithItsTargetAndFault() throws Exception {
        Schedule s = read("""
                  - {at: 0s, fault: "r-b delay 5ms±1ms:normal", for: 1s}
                  - {at: 0s, change: "r-b 1 drop 30%,up", for: 1s}
                  - {at: 2s, remove: r-b 1, for: 1s}
                  - {at: 4s, stop: "up#1", for: 1s}
                  - {at: 6s, kill: r-b, for: 1s}
                  - {at: 8s, partition: r-b}
                  - {at: 9s, heal: r-b}
                  - {at: 10s, pause: "up#2"}
                  - {at: 11s, resume: "up#2"}
                """);
        assertEquals(List.of("0ms fault r-b delay 5ms±1ms:normal for 1s", "0ms change r-b 1 drop 30%,up for 1s",
                "1s remove r-b (undoes step 1)", "1s change r-b (undoes step 2)", "2s remove r-b 1 for 1s",
                "3s fault r-b (undoes step 3)", "4s stop up#1 for 1s", "5s restart up#1 (undoes step 4)",
                "6s kill r-b for 1s", "7s restart r-b (undoes step 5)", "8s partition r-b", "9s heal r-b",
                "10s pause up#2", "11s resume up#2"), timeline(s));
        assertTrue(s.problems().isEmpty(), s.problems()::toString);
    }

    @Test
    void aRestartOfARunningNodeIsAMistakeAtItsStep() {
        TopologyProblem p = FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, restart: b}\n");
        assertEquals(13, p.line());
        assertTrue(p.message().contains("'b' is running at 1s: a restart follows a kill or a stop"), p.message());
    }

    @Test
    void aHealWithNoPartitionAndAForOnAHealAreMistakes() {
        TopologyProblem p = FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, partition: r-b, for: 1s}\n"
                + "  - {at: 3s, heal: r-b}\n");
        assertEquals(14, p.line());
        assertTrue(p.message().contains("router 'r-b' has no partition to heal at 3s"), p.message());
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, partition: r-b}\n  - {at: 2s, heal: r-b, for: 1s}\n")
                .message().contains("for: a heal is not undone"));
    }

    @Test
    void aStepOnARouterThatIsDownIsAMistake() {
        TopologyProblem p = FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, kill: r-b, for: 2s}\n"
                + "  - {at: 2s, partition: r-b}\n");
        assertTrue(p.message().contains("router 'r-b' is down at 2s"), p.message());
    }

    @Test
    void pauseAndResumeMustAlternateAndNameAWorker() {
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, resume: \"up#1\"}\n").message()
                .contains("'up#1' is not paused at 1s"));
        TopologyProblem p = FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, pause: b}\n");
        assertEquals("13:21", p.line() + ":" + p.column());
        assertTrue(p.message().contains("pause: unknown a worker (a replica as name#2) 'b'"), p.message());
    }

    @Test
    void anUnknownNodeGetsTheNearestNameAndItsPlace() {
        TopologyProblem p = FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, kill: \"up#3\"}\n");
        assertEquals("13:20", p.line() + ":" + p.column());
        assertTrue(p.message().contains("did you mean up#1?") || p.message().contains("did you mean up#2?"),
                p.message());
    }

    @Test
    void aStepNeedsAtAndExactlyOneAction() {
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {kill: b}\n").message().contains("needs at:"));
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, kill: b, stop: a}\n").message()
                .contains("does one thing"));
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, kil: b}\n").message()
                .contains("did you mean kill?"));
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {at: soon, kill: b}\n").message().startsWith("at: "));
    }

    @Test
    void aBadFaultOrIdIsReportedWithTheRoutersOwnMessage() {
        TopologyProblem p = FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, fault: r-b drop 20}\n");
        assertTrue(p.message().contains("fault: --drop 20: expected a percentage"), p.message());
        assertTrue(FileProblems.only(GRAPH + "schedule:\n  - {at: 1s, remove: r-b one}\n").message()
                .contains("needs the router's fault id"));
    }
}
