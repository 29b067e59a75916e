package org.modnas.models.space;

import ai.djl.nn.Block;

/**
 * Builds every unbuilt Slot as the published block: {@code MB{k}E{t}} with t the slot's
 * {@code expansion} argument and k its {@code kernel_size} argument (default {@code kernel_size},
 * 3). In the MobileNetV2 models this reproduces the published network exactly. Registered as
 * {@code MobileNetV2PredefinedConstructor}, the original's name.
 */
public final class PredefinedConstructor implements Constructor {
    private final int kernelSize;

    public PredefinedConstructor(int kernelSize) {
        this.kernelSize = kernelSize;
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        for (Slot slot : Slots.of(model)) {
            if (slot.isBuilt()) {
                continue;
            }
            if (!slot.kwargs().containsKey("expansion")) {
                throw new IllegalArgumentException(slot.describe() + " has no 'expansion' argument, so it has no predefined block;"
                        + " build it with DefaultOpConstructor or an arch desc");
            }
            String name = Primitives.canonicalName(ctx.registry(),
                    "MB" + slot.intArg("kernel_size", kernelSize) + "E" + slot.intArg("expansion", 1));
            slot.build(Primitives.build(ctx.registry(), name, slot), name);
        }
        return model;
    }
}
