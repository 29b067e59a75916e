package org.modnas.models.estim;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.modnas.core.store.Location;
import org.modnas.models.space.SearchSpace;

/**
 * The latency a gradient search's cost reads: the single-image inference time of the network with
 * every mixed op at its first candidate ({@link #fixed}), and for every op and candidate how much
 * choosing that candidate adds ({@link #delta}), each the median of timed passes on the search's
 * device after a warm-up. Measured once and kept beside the stage's resume file, so a resumed search
 * reads the same table.
 */
record LatencyTable(double fixed, double[][] delta, String fingerprint) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Measures the table on the device of {@code manager}, the network initialised. */
    static LatencyTable measure(SearchSpace space, NDManager manager, Shape oneImage, int repeats, String fingerprint) {
        ArchCost.Table t = ArchCost.Table.measure(space, () -> Latency.medianMillis(space.network(), manager, oneImage, 2, repeats));
        return new LatencyTable(t.fixed(), t.delta(), fingerprint);
    }

    /** The table kept in {@code file} for this fingerprint, else a new measurement (then kept there when a file is given). */
    static LatencyTable load(Location file, String fingerprint, SearchSpace space, NDManager manager, Shape oneImage, int repeats,
                             Consumer<String> log) {
        if (file != null) {
            try {
                JsonNode root = file.isFile() ? JSON.readTree(file.readBytes()) : null;
                if (root != null && fingerprint.equals(root.path("fingerprint").asText())) {
                    double[][] delta = new double[root.get("delta").size()][];
                    for (int k = 0; k < delta.length; k++) {
                        JsonNode row = root.get("delta").get(k);
                        delta[k] = new double[row.size()];
                        for (int i = 0; i < delta[k].length; i++) {
                            delta[k][i] = row.get(i).asDouble();
                        }
                    }
                    log.accept("latency table read from " + file);
                    return new LatencyTable(root.get("fixed_ms").asDouble(), delta, fingerprint);
                }
            } catch (IOException | RuntimeException e) {
                log.accept("cannot read " + file + " (" + e.getMessage() + "); measuring again");
            }
        }
        long t0 = System.nanoTime();
        LatencyTable t = measure(space, manager, oneImage, repeats, fingerprint);
        log.accept(String.format(java.util.Locale.ROOT, "latency table measured in %.1f s: %.3f ms with every op at its first candidate",
                (System.nanoTime() - t0) / 1e9, t.fixed()));
        if (file != null) {
            t.write(file);
        }
        return t;
    }

    private void write(Location file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("fingerprint", fingerprint);
        root.put("fixed_ms", fixed);
        ArrayNode rows = root.putArray("delta");
        for (double[] d : delta) {
            ArrayNode row = rows.addArray();
            for (double v : d) {
                row.add(v);
            }
        }
        try {
            file.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency table " + file + ": " + e.getMessage(), e);
        }
    }
}
