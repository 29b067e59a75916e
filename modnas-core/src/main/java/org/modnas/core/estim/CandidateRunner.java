package org.modnas.core.estim;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.modnas.core.arch.ArchDesc;

/**
 * Runs one candidate through a {@link CandidateEstimator} and always returns a result: an exception,
 * a diagnosed failure or a non-finite metric ends it FAILED with the reason, a time-out ends it
 * TIMEOUT. Faults in one candidate never reach the caller.
 */
public final class CandidateRunner {
    /** Longest the runner waits, after a time-out, for the estimator to stop. */
    static final long STOP_GRACE_SECONDS = 10;

    private CandidateRunner() {
    }

    /**
     * Evaluates {@code desc}. With {@code timeoutSeconds > 0} the estimator runs on a worker thread;
     * when the time is up the runner interrupts the worker, waits for the estimator to stop at its
     * next {@link CandidateContext#checkDeadline()} (at most {@value #STOP_GRACE_SECONDS} s) and
     * returns TIMEOUT.
     */
    public static CandidateResult run(CandidateEstimator estimator, ArchDesc desc, CandidateContext context,
                                      double timeoutSeconds) {
        long start = System.currentTimeMillis();
        if (timeoutSeconds <= 0) {
            return finish(desc, start, () -> estimator.evaluate(desc, context));
        }
        long timeoutNanos = (long) (timeoutSeconds * 1e9);
        CandidateContext timed = context.withDeadline(System.nanoTime() + timeoutNanos);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "candidate-" + desc.hash());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<CandidateResult> f = worker.submit(() -> finish(desc, start, () -> estimator.evaluate(desc, timed)));
            try {
                return f.get(timeoutNanos + TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                // give the estimator a moment to stop at its next deadline check, so a candidate that
                // timed out does not keep computing beside the next one in the same slot
                worker.shutdownNow();
                try {
                    worker.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                return new CandidateResult(desc, CandidateStatus.TIMEOUT, Map.of(),
                        "candidate exceeded its time limit of " + timeoutSeconds + " s", start, System.currentTimeMillis());
            } catch (ExecutionException e) {
                return failed(desc, start, e.getCause());
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return new CandidateResult(desc, CandidateStatus.FAILED, Map.of(), "evaluation interrupted",
                        start, System.currentTimeMillis());
            }
        } finally {
            worker.shutdownNow();
        }
    }

    private interface Evaluation {
        Map<String, Double> run() throws Exception;
    }

    private static CandidateResult finish(ArchDesc desc, long start, Evaluation evaluation) {
        try {
            Map<String, Double> metrics = evaluation.run();
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                    return new CandidateResult(desc, CandidateStatus.FAILED, Map.of(),
                            "metric '" + e.getKey() + "' is " + e.getValue(), start, System.currentTimeMillis());
                }
            }
            return new CandidateResult(desc, CandidateStatus.OK, metrics, null, start, System.currentTimeMillis());
        } catch (Throwable t) {
            return failed(desc, start, t);
        }
    }

    private static CandidateResult failed(ArchDesc desc, long start, Throwable t) {
        CandidateStatus status = t instanceof CandidateTimeout ? CandidateStatus.TIMEOUT : CandidateStatus.FAILED;
        return new CandidateResult(desc, status, Map.of(), describe(t), start, System.currentTimeMillis());
    }

    /**
     * The error text of a fault: its class and message, and the first frames of its cause chain; a
     * fault for want of memory (the JVM heap, or the native memory tensors come from) says so first.
     */
    public static String describe(Throwable t) {
        if (t instanceof CandidateFailure || t instanceof CandidateTimeout) {
            return t.getMessage();
        }
        StringWriter sw = new StringWriter();
        String memory = outOfMemory(t);
        if (memory != null) {
            sw.write("out of memory (" + memory + "): give each executor more memory (spark.executor.memory for the JVM "
                    + "heap, spark.executor.memoryOverhead for tensors) or fewer concurrent candidates\n");
        }
        t.printStackTrace(new PrintWriter(sw));
        String trace = sw.toString();
        return trace.length() > 4000 ? trace.substring(0, 4000) + "\n\t..." : trace;
    }

    /** Which memory a fault ran out of ("JVM heap", "native memory"), or null when it is no such fault. */
    static String outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return "JVM heap";
            }
            String m = String.valueOf(c.getMessage());
            if (m.contains("not enough memory") || m.contains("can't allocate memory") || m.contains("std::bad_alloc")
                    || m.contains("CUDA out of memory")) {
                return m.contains("CUDA") ? "GPU memory" : "native memory";
            }
        }
        return null;
    }
}
