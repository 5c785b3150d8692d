package io.nflint.cli.html;

import io.nflint.pipeline.Stage;
import io.nflint.walk.Walker;
import java.util.List;

/**
 * What the diagram draws at each hook for the input at hand: the walker's own stage plans (the
 * xtables tables with the nftables base chains placed among them by {@code HookOrder}), so the
 * picture and the engines cannot disagree. Without a walker, or for an input with no nft tables,
 * the plans are {@code HookPlan}'s as they are.
 */
public final class HookStages {

    /** The xtables tables alone: iptables, ip6tables and ebtables inputs. */
    public static final HookStages XTABLES = new HookStages(null, true);

    private final Walker walker;
    private final boolean xtables;

    private HookStages(Walker walker, boolean xtables) {
        this.walker = walker;
        this.xtables = xtables;
    }

    /**
     * The stages {@code walker} runs; {@code xtables} false for an nft ruleset alone, whose diagram
     * leaves out the iptables and ebtables tables the input does not have.
     */
    public static HookStages of(Walker walker, boolean xtables) {
        return new HookStages(walker, xtables);
    }

    /** {@code base} as a packet of the family runs it. */
    List<Stage> plan(List<Stage> base, boolean v6) {
        return walker == null ? base : walker.stages(base, v6);
    }

    /** Whether the diagram draws the stage as a row: not an xtables table the input does not have. */
    boolean draws(Stage s) {
        return xtables || !(s instanceof Stage.Chain);
    }

    boolean xtables() {
        return xtables;
    }
}
