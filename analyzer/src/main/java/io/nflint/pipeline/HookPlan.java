package io.nflint.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which the kernel runs tables and its own decisions at each hook, for IPv4/IPv6 and
 * for bridged frames. One model for both engines: the walker runs it on one packet, the symbolic
 * engine on sets. Ordering follows the hook priorities (raw -300, conntrack -200, mangle -150,
 * nat DNAT -100, filter 0, security 50, nat SNAT 100, confirm last).
 */
public final class HookPlan {

    private HookPlan() {
    }

    private static Stage.Chain ip(String table, Hook hook, int prio) {
        return new Stage.Chain(table, hook, prio, false);
    }

    private static Stage.Chain br(String table, Hook hook, int prio) {
        return new Stage.Chain(table, hook, prio, true);
    }

    /** A packet arriving on an interface, up to and including the routing decision. */
    public static List<Stage> prerouting() {
        return List.of(
                ip("raw", Hook.PREROUTING, Priorities.RAW),
                new Stage.ConntrackLookup(),
                ip("mangle", Hook.PREROUTING, Priorities.MANGLE),
                new Stage.ApplyRecordedNat(true),
                ip("nat", Hook.PREROUTING, Priorities.NAT_DST),
                new Stage.Route());
    }

    /** After the routing decision chose local delivery. */
    public static List<Stage> input() {
        return List.of(
                ip("mangle", Hook.INPUT, Priorities.MANGLE),
                ip("filter", Hook.INPUT, Priorities.FILTER),
                ip("security", Hook.INPUT, Priorities.SECURITY),
                new Stage.ApplyRecordedNat(false),
                ip("nat", Hook.INPUT, Priorities.NAT_SRC),
                new Stage.ConntrackConfirm());
    }

    /** After the routing decision chose another interface. */
    public static List<Stage> forward() {
        return List.of(
                ip("mangle", Hook.FORWARD, Priorities.MANGLE),
                ip("filter", Hook.FORWARD, Priorities.FILTER),
                ip("security", Hook.FORWARD, Priorities.SECURITY));
    }

    /** A locally generated packet; routing happens before OUTPUT, and again if OUTPUT changed it. */
    public static List<Stage> output() {
        return List.of(
                new Stage.Route(),
                ip("raw", Hook.OUTPUT, Priorities.RAW),
                new Stage.ConntrackLookup(),
                ip("mangle", Hook.OUTPUT, Priorities.MANGLE),
                new Stage.ApplyRecordedNat(true),
                ip("nat", Hook.OUTPUT, Priorities.NAT_DST),
                ip("filter", Hook.OUTPUT, Priorities.FILTER),
                ip("security", Hook.OUTPUT, Priorities.SECURITY),
                new Stage.Reroute());
    }

    /** Every packet leaving through an interface. */
    public static List<Stage> postrouting() {
        return List.of(
                ip("mangle", Hook.POSTROUTING, Priorities.MANGLE),
                new Stage.ApplyRecordedNat(false),
                ip("nat", Hook.POSTROUTING, Priorities.NAT_SRC),
                new Stage.ConntrackConfirm());
    }

    /**
     * The stages of a whole path. ROUTED and LOCAL_IN share PREROUTING and diverge at the routing
     * decision; LOCAL_OUT starts at OUTPUT; BRIDGED frames pass ebtables and, when
     * {@code bridgeNfCallIptables} is on, the iptables chains br_netfilter calls at each bridge hook.
     */
    public static List<Stage> path(PacketPath path, boolean bridgeNfCallIptables) {
        List<Stage> out = new ArrayList<>();
        switch (path) {
            case ROUTED -> {
                out.addAll(prerouting());
                out.addAll(forward());
                out.addAll(postrouting());
            }
            case LOCAL_IN -> {
                out.addAll(prerouting());
                out.addAll(input());
            }
            case LOCAL_OUT -> {
                out.addAll(output());
                out.addAll(postrouting());
            }
            case BRIDGED -> out.addAll(bridged(bridgeNfCallIptables));
        }
        return out;
    }

    /**
     * A frame that came in on a bridge port and is for the host itself (its destination MAC is the
     * bridge's, or nat PREROUTING moved its destination off the bridge): ebtables filter INPUT, then
     * the IP stack. With bridge-nf-call-iptables on, the iptables PREROUTING chains already ran in
     * the bridge (br_netfilter) and do not run again; without it they run now, on the bridge device.
     * Ends with the routing decision; {@link #input()} or {@link #forward()} follow.
     */
    public static List<Stage> bridgedToHost(boolean bridgeNfCallIptables) {
        List<Stage> out = new ArrayList<>();
        out.add(br("filter", Hook.INPUT, Priorities.BRIDGE_FILTER));
        if (bridgeNfCallIptables) {
            out.add(new Stage.Route());
        } else {
            out.addAll(prerouting());
        }
        return out;
    }

    /** A packet the host sends out through a bridge device: ebtables nat OUTPUT, filter OUTPUT, nat POSTROUTING. */
    public static List<Stage> bridgeOutput() {
        return List.of(
                br("nat", Hook.OUTPUT, Priorities.BRIDGE_NAT_DST),
                br("filter", Hook.OUTPUT, Priorities.BRIDGE_FILTER),
                br("nat", Hook.POSTROUTING, Priorities.BRIDGE_NAT_SRC));
    }

    /** A frame bridged from one port to another (ebtables, and iptables through br_netfilter). */
    public static List<Stage> bridged(boolean bridgeNfCallIptables) {
        List<Stage> out = new ArrayList<>();
        out.add(br("broute", Hook.BROUTING, Priorities.BRIDGE_BROUTING));
        out.add(br("nat", Hook.PREROUTING, Priorities.BRIDGE_NAT_DST));
        if (bridgeNfCallIptables) {
            out.add(ip("raw", Hook.PREROUTING, Priorities.RAW));
            out.add(new Stage.ConntrackLookup());
            out.add(ip("mangle", Hook.PREROUTING, Priorities.MANGLE));
            out.add(new Stage.ApplyRecordedNat(true));
            out.add(ip("nat", Hook.PREROUTING, Priorities.NAT_DST));
        }
        out.add(new Stage.BridgeDecision());
        out.add(br("filter", Hook.FORWARD, Priorities.BRIDGE_FILTER));
        if (bridgeNfCallIptables) {
            out.addAll(forward());
        }
        out.add(br("nat", Hook.POSTROUTING, Priorities.BRIDGE_NAT_SRC));
        if (bridgeNfCallIptables) {
            out.addAll(postrouting());
        }
        return out;
    }
}
