package io.nflint.walk;

import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.Stage;
import java.util.List;

/**
 * The {@link HookPlan} stage lists a run follows, built once: HookPlan builds a fresh list per call,
 * and a matrix walks millions of packets through the same few plans. Indexed by bridge-nf-call-iptables.
 */
final class Plans {

    static final List<Stage> PREROUTING = List.copyOf(HookPlan.prerouting());
    static final List<Stage> INPUT = List.copyOf(HookPlan.input());
    static final List<Stage> FORWARD = List.copyOf(HookPlan.forward());
    static final List<Stage> OUTPUT = List.copyOf(HookPlan.output());
    static final List<Stage> POSTROUTING = List.copyOf(HookPlan.postrouting());
    static final List<Stage> BRIDGE_OUTPUT = List.copyOf(HookPlan.bridgeOutput());
    private static final List<List<Stage>> BRIDGED = List.of(List.copyOf(HookPlan.bridged(false)),
            List.copyOf(HookPlan.bridged(true)));
    private static final List<List<Stage>> BRIDGED_TO_HOST = List.of(List.copyOf(HookPlan.bridgedToHost(false)),
            List.copyOf(HookPlan.bridgedToHost(true)));

    private Plans() {
    }

    static List<Stage> bridged(boolean bridgeNfCallIptables) {
        return BRIDGED.get(bridgeNfCallIptables ? 1 : 0);
    }

    static List<Stage> bridgedToHost(boolean bridgeNfCallIptables) {
        return BRIDGED_TO_HOST.get(bridgeNfCallIptables ? 1 : 0);
    }
}
