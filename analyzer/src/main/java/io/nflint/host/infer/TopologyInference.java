package io.nflint.host.infer;

import io.nflint.host.Assumption;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.host.Sysctls;
import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.NatRange;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.LoweredRuleset;
import io.nflint.lower.Values;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Masquerade;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guesses the host around a rule set when the bundle does not describe it: container bridges from
 * the interface names the rules use, their subnets from MASQUERADE sources and DNAT targets, the
 * bridge's address as the subnet's first host, an uplink with a documentation address, and
 * ip_forward. Every guess is an {@link Assumption} naming the rule line it came from.
 */
public final class TopologyInference {

    /** Interface names container engines give their bridges. */
    static final Pattern BRIDGE_NAME = Pattern.compile("docker0|docker_gwbridge|br-[0-9a-f]+.*|cni.*|podman.*|virbr.*|cbr0|kube-bridge|weave");
    static final String DEFAULT_UPLINK = "eth0";
    static final String UPLINK_CIDR = "203.0.113.1/24";
    static final String UPLINK_GATEWAY = "203.0.113.254";

    private TopologyInference() {
    }

    /** Fills in what {@code base} lacks (no interfaces at all: everything) from the IPv4 rules. */
    public static HostModel infer(Ruleset rules, HostModel base) {
        return infer(rules, base, LoweredRuleset.lazy());
    }

    /**
     * The same, reading the rules from {@code lowered}, their owner's lowered form. Not remembered
     * here: an owner that asks twice (one input's checks, the rule logic's workers) keeps the answer.
     */
    public static HostModel infer(Ruleset rules, HostModel base, LoweredRuleset lowered) {
        if (!base.interfaces().isEmpty()) {
            return base;
        }
        return inferFresh(rules, base, lowered);
    }

    /** Interface names as the rules write them: -i, -o and the bridge family's logical ones. */
    private static final List<Field> IFACES = List.of(Field.IIFNAME, Field.OIFNAME, Field.IBRNAME, Field.OBRNAME);

    private static HostModel inferFresh(Ruleset rules, HostModel base, LoweredRuleset lowered) {
        HostModel.Builder b = base.toBuilder();
        String file = rules.file() == null ? "" : rules.file();
        Map<String, Integer> bridges = new LinkedHashMap<>();
        Set<String> others = new LinkedHashSet<>();
        Map<String, IpNet> subnets = new LinkedHashMap<>();
        Map<String, Integer> subnetLines = new LinkedHashMap<>();
        boolean forwardForBridge = false;
        int forwardLine = 0;
        for (Rule r : rules.rules()) {
            int line = r.span() == null ? 0 : r.span().line();
            for (FieldTest i : FieldTests.whole(lowered.get(r), IFACES)) {
                String name = ((Values.Name) i.values()).pattern();
                if (!name.endsWith("+")) {
                    if (BRIDGE_NAME.matcher(name).matches()) {
                        bridges.putIfAbsent(name, line);
                        if (r.chain().startsWith("FORWARD") || r.chain().startsWith("DOCKER")) {
                            if (!forwardForBridge && r.table().equals("filter")) {
                                forwardForBridge = true;
                                forwardLine = line;
                            }
                        }
                    } else if (!name.equals("lo")) {
                        others.add(name);
                    }
                }
            }
            if (r.target() instanceof Masquerade) {
                Optional<IpNet> src = source(lowered.get(r));
                Optional<String> notOut = bridgeNamed(lowered.get(r), Field.OIFNAME, true);
                if (src.isPresent() && notOut.isPresent() && src.get().length() > 0 && src.get().length() < 31) {
                    subnets.putIfAbsent(notOut.get(), src.get());
                    subnetLines.putIfAbsent(notOut.get(), line);
                }
            }
        }
        for (Rule r : rules.rules()) {
            if (r.target() instanceof Dnat d) {
                int line = r.span() == null ? 0 : r.span().line();
                for (NatRange nr : d.to()) {
                    AddressRange a = nr.addresses();
                    if (a == null || a.from().v6() || subnets.values().stream().anyMatch(n -> n.contains(a.from()))) {
                        continue;
                    }
                    Optional<String> notIn = bridgeNamed(lowered.get(r), Field.IIFNAME, true);
                    String bridge = notIn.orElse(bridges.size() == 1 ? bridges.keySet().iterator().next() : null);
                    if (bridge != null && !subnets.containsKey(bridge)) {
                        subnets.put(bridge, IpNet.of(a.from(), 24));
                        subnetLines.put(bridge, line);
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> e : bridges.entrySet()) {
            String name = e.getKey();
            IpNet net = subnets.get(name);
            List<IfAddress> addrs = new ArrayList<>();
            if (net != null) {
                Ip gw = net.first().plus(1);
                addrs.add(new IfAddress(gw, net.length()));
                b.addRoute(Route.unicast(net, null, name));
                b.addAssumption(new Assumption("", "assumed bridge " + name + " (named at " + file + ":" + e.getValue()
                        + ") with subnet " + net + " (from " + file + ":" + subnetLines.get(name) + ") and address "
                        + gw + " (the subnet's first host)"));
            } else {
                b.addAssumption(new Assumption("", "assumed bridge " + name + " (named at " + file + ":" + e.getValue()
                        + "); its subnet is unknown"));
            }
            b.putInterface(new NetInterface(name, 0, InterfaceKind.BRIDGE, null, addrs, true, null, null));
        }
        addUplink(b, others.isEmpty() ? DEFAULT_UPLINK : others.iterator().next());
        if (forwardForBridge && !base.sysctls().get(Sysctls.IP_FORWARD).isPresent()) {
            Map<String, String> s = new LinkedHashMap<>(base.sysctls().raw());
            s.put(Sysctls.IP_FORWARD, "1");
            b.sysctls(Sysctls.of(s));
            b.addAssumption(new Assumption("", "assumed net.ipv4.ip_forward = 1: the rules forward for container bridges ("
                    + file + ":" + forwardLine + ")"));
        }
        return b.build();
    }

    /**
     * A host that has no interfaces gets the same assumed uplink a bare dump's inference gives it
     * (for inputs whose rules are not iptables rules, such as an nft ruleset alone), so a packet to
     * the uplink's address is delivered locally and others are routed out of it.
     */
    public static HostModel withAssumedUplink(HostModel base) {
        if (!base.interfaces().isEmpty()) {
            return base;
        }
        HostModel.Builder b = base.toBuilder();
        addUplink(b, DEFAULT_UPLINK);
        return b.build();
    }

    static void addUplink(HostModel.Builder b, String uplink) {
        IpNet upNet = IpNet.parse(UPLINK_CIDR).orElseThrow();
        Ip upAddr = Ip.parse(UPLINK_CIDR.substring(0, UPLINK_CIDR.indexOf('/'))).orElseThrow();
        b.putInterface(new NetInterface(uplink, 0, InterfaceKind.OTHER, null, List.of(new IfAddress(upAddr, 24)), true,
                null, null));
        b.putInterface(new NetInterface("lo", 0, InterfaceKind.LOOPBACK, null,
                List.of(new IfAddress(Ip.v4(127, 0, 0, 1), 8)), true, null, null));
        b.addRoute(Route.unicast(upNet, null, uplink));
        b.addRoute(Route.unicast(IpNet.any(false), Ip.parse(UPLINK_GATEWAY).orElseThrow(), uplink));
        b.addAssumption(new Assumption("", "assumed uplink " + uplink + " " + UPLINK_CIDR + " with the default route via "
                + UPLINK_GATEWAY + " (documentation addresses; no interface data given)"));
    }

    private static Optional<IpNet> source(LoweredRule r) {
        for (FieldTest a : FieldTests.whole(r, Field.IP_SADDR)) {
            if (!a.negated() && a.nets() != null && a.nets().size() == 1) {
                return Optional.of(a.nets().get(0));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> bridgeNamed(LoweredRule r, Field field, boolean negated) {
        for (FieldTest i : FieldTests.whole(r, field)) {
            String name = ((Values.Name) i.values()).pattern();
            if (i.negated() == negated && BRIDGE_NAME.matcher(name).matches()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
