package org.modnas.core.objective;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the objectives with their defaults: {@code MetricObjective} (the default,
 * validation accuracy), {@code WeightedSumObjective} and {@code ProductObjective}. Each term of a
 * {@code terms} list is checked for unknown keys.
 */
public final class ObjectiveComponents implements ComponentProvider {
    @Override
    public void register(Registry registry) {
        registry.registerSlot("search.objective", Objective.KIND);
        registry.register(ComponentSpec.builder(Objective.KIND, "MetricObjective")
                .aliases("Metric")
                .defaults("metric = accuracy, maximize = true")
                .description("one metric, maximised or minimised")
                .factory(args -> new MetricObjective(args.config().getString("metric"), args.config().getBoolean("maximize"))));
        registry.register(ComponentSpec.builder(Objective.KIND, "WeightedSumObjective")
                .aliases("WeightedSum", "SumAgg")
                .defaults("terms = [{metric = accuracy, weight = 1, base = 1}]")
                .description("sum of weight * metric / base over the terms")
                .factory(args -> {
                    List<WeightedSumObjective.Term> terms = new ArrayList<>();
                    Config defaults = ConfigFactory.parseString("weight = 1, base = 1");
                    int i = 0;
                    for (Config t : args.config().getConfigList("terms")) {
                        Config c = checkedTerm(t, i++, Set.of("metric", "weight", "base")).withFallback(defaults);
                        terms.add(new WeightedSumObjective.Term(c.getString("metric"), c.getDouble("weight"), c.getDouble("base")));
                    }
                    return new WeightedSumObjective(terms);
                }));
        registry.register(ComponentSpec.builder(Objective.KIND, "ProductObjective")
                .aliases("Product", "ProdAgg")
                .defaults("metric = accuracy, terms = []")
                .description("metric * product of (m / target)^(beta if over target else alpha), MnasNet style")
                .factory(args -> {
                    List<ProductObjective.Term> terms = new ArrayList<>();
                    Config defaults = ConfigFactory.parseString("alpha = " + ProductObjective.MNASNET_EXPONENT
                            + ", beta = " + ProductObjective.MNASNET_EXPONENT);
                    int i = 0;
                    for (Config t : args.config().getConfigList("terms")) {
                        Config c = checkedTerm(t, i, Set.of("metric", "target", "alpha", "beta")).withFallback(defaults);
                        if (!c.hasPath("target")) {
                            throw new IllegalArgumentException("objective term " + i + " ('" + c.getString("metric")
                                    + "') needs a 'target'");
                        }
                        i++;
                        terms.add(new ProductObjective.Term(c.getString("metric"), c.getDouble("target"),
                                c.getDouble("alpha"), c.getDouble("beta")));
                    }
                    return new ProductObjective(args.config().getString("metric"), terms);
                }));
    }

    private static Config checkedTerm(Config term, int index, Set<String> keys) {
        for (String k : term.root().keySet()) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException("objective term " + index + " has no argument '" + k
                        + "'; its arguments: " + String.join(", ", new TreeSet<>(keys)));
            }
        }
        if (!term.hasPath("metric")) {
            throw new IllegalArgumentException("objective term " + index + " needs a 'metric'");
        }
        return term;
    }
}
