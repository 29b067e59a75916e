package org.modnas.core.estim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * What a stage that searches by gradient recorded at the end of one epoch: its metrics (training
 * loss, the derived subnet's validation accuracy...), the desc it derived (top-1 per mixed op) and
 * every α. Its JSON form ({@link #toJson}) is how it is stored and shipped.
 *
 * @param epoch  the epoch, from 1
 * @param desc   the derived desc, or null
 * @param alphas α of every candidate of every mixed op, in op order
 */
public record StageEpoch(int epoch, Map<String, Double> metrics, ArchDesc desc, List<AlphaRecord> alphas)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public StageEpoch {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        alphas = List.copyOf(alphas);
    }

    /** The epochs as a JSON array. */
    public static ArrayNode toJson(List<StageEpoch> epochs) {
        ArrayNode out = JSON.createArrayNode();
        for (StageEpoch e : epochs) {
            ObjectNode o = out.addObject();
            o.put("epoch", e.epoch());
            o.set("metrics", JSON.valueToTree(e.metrics()));
            if (e.desc() != null) {
                o.put("arch_desc_canonical", e.desc().toJson());
            }
            ArrayNode alphas = o.putArray("alphas");
            for (AlphaRecord a : e.alphas()) {
                alphas.addObject().put("mixed_op", a.mixedOp()).put("candidate", a.candidate())
                        .put("alpha", a.alpha()).put("probability", a.probability());
            }
        }
        return out;
    }

    /** Reads what {@link #toJson} wrote (an absent node reads as no epochs). */
    public static List<StageEpoch> fromJson(JsonNode array) {
        List<StageEpoch> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode o : array) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            o.path("metrics").fields().forEachRemaining(f -> metrics.put(f.getKey(), f.getValue().asDouble()));
            ArchDesc desc = o.hasNonNull("arch_desc_canonical") ? ArchDesc.parseCanonical(o.get("arch_desc_canonical").asText()) : null;
            List<AlphaRecord> alphas = new ArrayList<>();
            for (JsonNode a : o.path("alphas")) {
                alphas.add(new AlphaRecord(a.get("mixed_op").asText(), a.get("candidate").asText(), a.get("alpha").asDouble(),
                        a.get("probability").asDouble()));
            }
            out.add(new StageEpoch(o.get("epoch").asInt(), metrics, desc, alphas));
        }
        return out;
    }

    /** Parses the text of a JSON array of epochs. */
    public static List<StageEpoch> parse(String json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed stage epochs: " + e.getMessage(), e);
        }
    }
}
