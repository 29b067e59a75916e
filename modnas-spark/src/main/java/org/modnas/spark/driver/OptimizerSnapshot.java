package org.modnas.spark.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchDesc;

/**
 * The optimizer's snapshot, {@code optimizer/snapshot.json} in the run folder: the optimizer's state
 * and what it covers — the proposals numbered below {@code nextSeq}, how many candidates of them had
 * rows when it was written, and those proposed without a row yet, which a resumed run ships again.
 *
 * @param coveredRows candidates proposed before {@code nextSeq} with a row when it was written
 * @param unfinished  candidates proposed without a row (running, waiting or given up)
 * @param state       the optimizer's own state
 */
record OptimizerSnapshot(String optimizer, String configHash, long nextSeq, long coveredRows, List<Unfinished> unfinished,
                         ObjectNode state) {
    /** The file inside the run folder. */
    static final String FILE = "optimizer/snapshot.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A candidate proposed without a row when the snapshot was written. */
    record Unfinished(long seq, ArchDesc desc, int generation) {
    }

    /** Writes it atomically. */
    void write(RunFolder run, String runId) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("run_id", runId);
        doc.put("optimizer", optimizer);
        doc.put("config_hash", configHash);
        doc.put("next_seq", nextSeq);
        doc.put("covered_rows", coveredRows);
        ArrayNode open = doc.putArray("unfinished");
        for (Unfinished u : unfinished) {
            open.addObject().put("seq", u.seq()).put("desc", u.desc().toJson()).put("generation", u.generation());
        }
        doc.set("state", state);
        run.write(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    /** The snapshot of the run, or null when there is none. */
    static OptimizerSnapshot read(RunFolder run) throws IOException {
        String text = run.read(FILE);
        if (text == null) {
            return null;
        }
        JsonNode doc = JSON.readTree(text);
        List<Unfinished> open = new ArrayList<>();
        for (JsonNode u : doc.withArray("unfinished")) {
            open.add(new Unfinished(u.get("seq").asLong(), ArchDesc.parseCanonical(u.get("desc").asText()),
                    u.get("generation").asInt()));
        }
        return new OptimizerSnapshot(doc.path("optimizer").asText(), doc.path("config_hash").asText(),
                doc.get("next_seq").asLong(), doc.get("covered_rows").asLong(), open, (ObjectNode) doc.get("state"));
    }
}
