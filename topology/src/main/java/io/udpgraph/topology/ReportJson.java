package io.udpgraph.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a {@link Report} as JSON for programs: the same fields as the record, nested as it nests. */
public final class ReportJson {
    private ReportJson() {
    }

    /** The report as indented JSON text. */
    public static String of(Report r) throws IOException {
        return mapper().writeValueAsString(r);
    }

    /** Writes the report to {@code file}. */
    public static void write(Report r, Path file) throws IOException {
        mapper().writeValue(file.toFile(), r);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
