package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopologyDrawingTest {
    private static final Pattern RECT = Pattern.compile(
            "<rect x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"");

    private static String chaos() throws Exception {
        return TopologyDrawing.svg(TopologyFile.read(Path.of("..", "examples", "chaos.yaml")));
    }

    @Test
    void theDrawingScalesToItsContainer() throws Exception {
        String svg = chaos();
        assertTrue(svg.contains("width=\"100%\""), svg);
        assertTrue(svg.contains("viewBox=\"0 0 "), svg);
    }

    @Test
    void everyNodeAndEveryRouterOnItsEdgeGetsABoxAndNoBoxesOverlap() throws Exception {
        String svg = chaos();
        List<double[]> boxes = new ArrayList<>();
        Matcher m = RECT.matcher(svg);
        while (m.find()) {
            boxes.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))});
        }
        // 1 source, 4 queues, 3 workers, 1 sink, and 4 routers x the clients they stand in front of
        assertTrue(boxes.size() >= 13, svg);
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                double[] a = boxes.get(i);
                double[] b = boxes.get(j);
                boolean apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
                assertTrue(apart, "boxes " + i + " and " + j + " overlap");
            }
        }
    }

    @Test
    void aRoutersFaultsAreWrittenOnTheDrawing() throws Exception {
        String svg = chaos();
        assertTrue(svg.contains(">r-in</text>"), svg);
        assertTrue(svg.contains("drop 3%"), svg);
        assertEquals(svg.indexOf("<title>"), -1, "faults are text, not tooltips");
    }
}
