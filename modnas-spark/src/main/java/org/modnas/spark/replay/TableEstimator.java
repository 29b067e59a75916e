package org.modnas.spark.replay;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;

/**
 * A candidate estimator that trains nothing: it answers each candidate from a ground-truth table
 * ({@code table}: a run folder or its {@code candidates} folder), at the resource of the rung a
 * multi-fidelity scheduler asks for, or at the architecture's last row. Each answer carries the
 * seconds that slice of training took when the table was made ({@code replay_seconds}); with
 * {@code time_scale > 0} the estimator also waits that long times the scale, so a search on Spark
 * runs with the table's timing, faster or slower. A desc the table does not hold fails, naming it.
 */
public final class TableEstimator implements CandidateEstimator {
    /** Registered name. */
    public static final String NAME = "TableEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "table = null, time_scale = 0";

    private final String table;
    private final double timeScale;
    private volatile GroundTruth truth;

    public TableEstimator(Config args) {
        if (!args.hasPath("table")) {
            throw new IllegalArgumentException(NAME + " needs 'table': the run folder (or candidates folder) to answer from");
        }
        this.table = args.getString("table");
        this.timeScale = args.getDouble("time_scale");
        if (timeScale < 0) {
            throw new IllegalArgumentException(NAME + ".time_scale must be >= 0, got " + timeScale);
        }
    }

    /** Reads the table on the driver before the search starts, so a missing or empty one is refused at once. */
    @Override
    public void checkInputs() {
        truth();
    }

    private GroundTruth truth() {
        GroundTruth t = truth;
        if (t == null) {
            synchronized (this) {
                t = truth;
                if (t == null) {
                    truth = t = GroundTruth.load(table);
                }
            }
        }
        return t;
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) throws Exception {
        Double resource = context.fidelity() == null ? null : context.fidelity().to();
        GroundTruth.Point p = truth().at(desc, resource);
        if (timeScale > 0) {
            long until = System.nanoTime() + (long) (p.seconds() * timeScale * 1e9);
            while (System.nanoTime() < until) {
                context.checkDeadline();
                Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
            }
        }
        Map<String, Double> m = new LinkedHashMap<>(p.metrics());
        m.put("replay_seconds", p.seconds());
        if (resource != null) {
            m.put("steps", resource);
        }
        return m;
    }

    @Override
    public boolean trainsInSlices() {
        return true;
    }
}
