package org.modnas.core.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.EvolutionOptim;
import org.modnas.core.optim.GridSearchOptim;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Proposal;
import org.modnas.core.optim.REINFORCEOptim;
import org.modnas.core.optim.RandomSearchOptim;
import org.modnas.core.optim.RegularizedEvolutionOptim;

/**
 * The {@code optim} benchmark: proposals+observations per second of each discrete
 * optimizer (default options) on a 21-slot × 7-choice space. Each cycle proposes one candidate and
 * observes it with a cheap synthetic score. After a warm-up run, each of {@code repeats} runs
 * times {@code cycles} cycles on a fresh optimizer; the median rate is printed as
 * {@code bench=optim optimizer=<name> proposals_per_s=<n> wall_proposals_per_s=<n> cycles=<c> repeats=<r>}.
 * {@code proposals_per_s} divides by the thread's CPU time (the rate on one core, steady on a
 * shared machine); {@code wall_proposals_per_s} by elapsed time.
 */
public final class OptimBenchmark {
    private static final int SLOTS = 21;
    private static final int CHOICES = 7;
    private static final List<String> OPTIONS = List.of("cycles", "optimizers", "repeats");

    private OptimBenchmark() {
    }

    /** Runs the benchmark; options: {@code cycles} (default 20000), {@code repeats} (default 5), {@code optimizers} (comma list). */
    public static void run(Map<String, String> options, PrintStream out) {
        BenchOptions opts = new BenchOptions("optim", options, OPTIONS);
        int cycles = opts.positive("cycles", 20000);
        int repeats = opts.positive("repeats", 5);
        ArchSpace space = space();
        Map<String, LongFunction<DiscreteOptimizer>> all = new LinkedHashMap<>();
        all.put("RandomSearchOptim", seed -> new RandomSearchOptim(space, seed));
        all.put("GridSearchOptim", seed -> new GridSearchOptim(space, seed));
        all.put("EvolutionOptim", seed -> new EvolutionOptim(space, seed));
        all.put("RegularizedEvolutionOptim", seed -> new RegularizedEvolutionOptim(space, seed));
        all.put("REINFORCEOptim", seed -> new REINFORCEOptim(space, seed));
        List<String> chosen = new ArrayList<>(all.keySet());
        if (opts.text("optimizers") != null) {
            chosen = Arrays.asList(opts.text("optimizers").split(","));
            for (String c : chosen) {
                if (!all.containsKey(c)) {
                    throw new IllegalArgumentException("bench optim: unknown optimizer '" + c + "'; known: "
                            + String.join(", ", all.keySet()));
                }
            }
        }
        for (String name : chosen) {
            LongFunction<DiscreteOptimizer> make = all.get(name);
            cycle(make.apply(1000), cycles); // warm-up
            double[] cpuRates = new double[repeats];
            double[] wallRates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                DiscreteOptimizer o = make.apply(r + 1);
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                int done = cycle(o, cycles);
                long wall = System.nanoTime() - t0;
                long cpu = cpuNanos() - c0;
                wallRates[r] = done / (wall / 1e9);
                cpuRates[r] = cpu > 0 ? done / (cpu / 1e9) : wallRates[r];
            }
            out.println("bench=optim optimizer=" + name + " proposals_per_s=" + Math.round(median(cpuRates))
                    + " wall_proposals_per_s=" + Math.round(median(wallRates)) + " cycles=" + cycles + " repeats=" + repeats);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** This thread's CPU time: on a shared machine it measures the work, not the wait for a core. */
    private static long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
    }

    /** 21 slots named s0..s20 with choices c0..c6. */
    static ArchSpace space() {
        List<Categorical> ps = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            Object[] cs = new Object[CHOICES];
            for (int j = 0; j < CHOICES; j++) {
                cs[j] = "c" + j;
            }
            ps.add(Categorical.of("s" + i, cs));
        }
        return ArchSpace.of(ps);
    }

    private static int cycle(DiscreteOptimizer o, int cycles) {
        int done = 0;
        for (int i = 0; i < cycles; i++) {
            List<Proposal> ps = o.propose(1);
            if (ps.isEmpty()) {
                break;
            }
            ArchDesc d = ps.get(0).desc();
            o.observe(List.of(new Observation(d, score(d))));
            done++;
        }
        return done;
    }

    /** A cheap score with structure: choice digit times a per-slot weight. */
    private static double score(ArchDesc d) {
        double s = 0;
        for (int i = 0; i < d.size(); i++) {
            int c = ((String) d.value(i)).charAt(1) - '0';
            s += ((i * 7 + c * 3) % 11) / 10.0;
        }
        return s;
    }

    /** {@code key=value} arguments, e.g. {@code cycles=50000 repeats=7}. */
    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: OptimBenchmark [cycles=N] [repeats=N] [optimizers=A,B]; got '" + a + "'");
                System.exit(2);
            }
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        try {
            run(options, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
