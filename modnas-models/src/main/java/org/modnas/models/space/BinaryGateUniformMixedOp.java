package org.modnas.models.space;

/**
 * {@code BinGateUniform}: as {@link BinaryGateMixedOp}, but the weight-mode path, the
 * arch-mode pair and the gate are drawn uniformly; gradients to α are the same binary-gate ones.
 */
public final class BinaryGateUniformMixedOp extends BinaryGateMixedOp {
    public BinaryGateUniformMixedOp(MixedOpInputs in) {
        super(in);
    }

    @Override
    public String kindName() {
        return "BinaryGateUniformMixedOp";
    }

    @Override
    protected boolean uniform() {
        return true;
    }
}
