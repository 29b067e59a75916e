package org.modnas.models.cli;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.registry.Registry;
import org.modnas.core.store.Location;
import org.modnas.models.elastic.ElasticMBConv;
import org.modnas.models.elastic.ElasticSpace;
import org.modnas.models.elastic.ElasticSubnets;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Spaces;

/**
 * {@code modnas train --from-supernet}: the weights a plain network starts from when it is a subnet
 * of a trained elastic supernet. The supernet is built by the config's {@code construct} chain, its
 * parameters read from the file, set to the subnet the plain network's blocks name, and its slices
 * copied into the plain network.
 */
final class SupernetStart {
    private SupernetStart() {
    }

    static BiConsumer<SearchSpace, NDManager> of(Config root, Location file, ArchDesc plainDesc, long seed) {
        SearchSpace probe = Spaces.build(root.getConfig("search_space"), Registry.global(), seed);
        if (probe.elastic() == null) {
            throw new IllegalArgumentException("--from-supernet needs an elastic search_space.construct (MobileNetV2ElasticConstructor)"
                    + " to read the supernet's parameters into");
        }
        return (plain, manager) -> {
            SearchSpace supernet = Spaces.build(root.getConfig("search_space"), Registry.global(), seed);
            try (InputStream raw = file.open(); DataInputStream in = new DataInputStream(raw)) {
                supernet.network().loadParameters(manager, in);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new IllegalArgumentException("the supernet parameters " + file + " do not fit search_space.construct: "
                        + e.getMessage(), e);
            }
            ElasticSpace elastic = supernet.elastic();
            Map<String, String> byBlock = new LinkedHashMap<>();
            for (int i = 0; i < supernet.slots().size(); i++) {
                Slot s = supernet.slots().get(i);
                if (s.entity() instanceof ElasticMBConv) {
                    byBlock.put(s.name(), String.valueOf(plainDesc.value(i)));
                }
            }
            elastic.apply(elastic.fromPrimitives(byBlock));
            ElasticSubnets.copy(supernet, plain, manager);
        };
    }
}
