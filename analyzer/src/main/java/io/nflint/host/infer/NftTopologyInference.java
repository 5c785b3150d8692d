package io.nflint.host.infer;

import io.nflint.container.NftEngines;
import io.nflint.host.Assumption;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.host.Sysctls;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Target;
import io.nflint.lower.Field;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import io.nflint.lower.nft.NftLowering;
import io.nflint.lower.nft.NftOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TopologyInference} for native nftables rules: the container bridges, their subnets and
 * ip_forward, read from what Docker's, netavark's and kube-proxy's tables do. A bridge is an
 * interface a container engine's table dispatches on (an interface-name verdict map, or a plain
 * {@code iifname}/{@code oifname} test on a name engines give bridges), and its subnet is the
 * source of the masquerade rule that excludes it ({@code oifname != "br-x" ip saddr 172.18.0.0/16
 * masquerade}) or, failing that, the /24 around a DNAT target that excludes it. Each guess is an
 * {@link Assumption} naming the file and line it came from. A host whose interfaces the bundle
 * describes is returned as it is.
 */
public final class NftTopologyInference {

    private NftTopologyInference() {
    }

    /** Adds what the nft rules say to {@code inferred} (the iptables rules' inference, or the empty host). */
    public static HostModel infer(NftRuleset nft, HostModel given, HostModel inferred) {
        if (!given.interfaces().isEmpty()) {
            return inferred;
        }
        Facts f = new Facts();
        for (NftTable t : nft.tables()) {
            if (t.family() != NftFamily.IP && t.family() != NftFamily.INET) {
                continue;
            }
            if (NftEngines.isXtablesTable(t)) {
                continue;
            }
            boolean engine = NftEngines.owner(t) == NftEngines.Owner.CONTAINER_ENGINE;
            NftLowering lowering = new NftLowering(t);
            for (NftChain c : t.chains()) {
                boolean forward = c.base().map(b -> b.hook().equals("forward")).orElse(false);
                for (NftRule r : c.rules()) {
                    f.rule(r, lowering, engine, forward);
                }
            }
        }
        f.resolveDnats();
        if (f.bridges.isEmpty() && !f.forward) {
            return TopologyInference.withAssumedUplink(inferred);
        }
        HostModel.Builder b = inferred.toBuilder();
        for (Map.Entry<String, String> e : f.bridges.entrySet()) {
            String name = e.getKey();
            if (inferred.iface(name).isPresent()) {
                continue;
            }
            IpNet net = f.subnets.get(name);
            List<IfAddress> addrs = new ArrayList<>();
            if (net != null) {
                Ip gw = net.first().plus(1);
                addrs.add(new IfAddress(gw, net.length()));
                b.addRoute(Route.unicast(net, null, name));
                b.addAssumption(new Assumption("", "assumed bridge " + name + " (named at " + e.getValue()
                        + ") with subnet " + net + " (from " + f.subnetAt.get(name) + ") and address " + gw
                        + " (the subnet's first host)"));
            } else {
                b.addAssumption(new Assumption("", "assumed bridge " + name + " (named at " + e.getValue()
                        + "); its subnet is unknown"));
            }
            b.putInterface(new NetInterface(name, 0, InterfaceKind.BRIDGE, null, addrs, true, null, null));
        }
        HostModel out = b.build();
        if (out.interfaces().stream().noneMatch(i -> i.kind() != InterfaceKind.BRIDGE)) {
            out = withUplink(out);
        }
        if (f.forward && !f.bridges.isEmpty() && out.sysctls().get(Sysctls.IP_FORWARD).isEmpty()) {
            Map<String, String> s = new LinkedHashMap<>(out.sysctls().raw());
            s.put(Sysctls.IP_FORWARD, "1");
            out = out.toBuilder().sysctls(Sysctls.of(s)).addAssumption(new Assumption("",
                    "assumed net.ipv4.ip_forward = 1: the rules forward for container bridges (" + f.forwardAt + ")"))
                    .build();
        }
        return out;
    }

    /** The uplink {@link TopologyInference} assumes, added to a host that has only bridges. */
    private static HostModel withUplink(HostModel h) {
        HostModel.Builder b = h.toBuilder();
        TopologyInference.addUplink(b, TopologyInference.DEFAULT_UPLINK);
        return b.build();
    }

    /** What the rules tell, in file order. */
    private static final class Facts {
        final Map<String, String> bridges = new LinkedHashMap<>();
        final Map<String, IpNet> subnets = new LinkedHashMap<>();
        final Map<String, String> subnetAt = new LinkedHashMap<>();
        final List<DnatGuess> dnats = new ArrayList<>();
        boolean forward;
        String forwardAt;

        void rule(NftRule r, NftLowering lowering, boolean engine, boolean forwardHook) {
            String at = r.span() == null ? "?" : r.span().file() + ":" + r.span().line();
            List<Cond> tests = new ArrayList<>();
            for (NftOp op : lowering.lower(r).ops()) {
                if (op instanceof NftOp.Test t) {
                    collect(t.pred(), tests);
                } else if (op instanceof NftOp.VerdictMap vm) {
                    for (NftOp.Entry<NftOp.Verdict> e : vm.entries()) {
                        List<Cond> keys = new ArrayList<>();
                        collect(e.when(), keys);
                        for (Cond k : keys) {
                            if (engine && !k.negated() && isIface(k.test().field()) && k.test().values() instanceof Values.Name n) {
                                bridge(n.pattern(), at, forwardHook);
                            }
                        }
                    }
                } else if (op instanceof NftOp.Nat n) {
                    nat(n, tests, at);
                }
            }
            for (Cond c : tests) {
                if (!c.negated() && isIface(c.test().field()) && c.test().values() instanceof Values.Name n
                        && TopologyInference.BRIDGE_NAME.matcher(n.pattern()).matches()) {
                    bridge(n.pattern(), at, forwardHook);
                }
            }
        }

        private void nat(NftOp.Nat n, List<Cond> tests, String at) {
            String excluded = negatedIface(tests);
            if (n.kind() == NftStmt.NatKind.MASQUERADE && excluded != null) {
                for (Cond c : tests) {
                    if (!c.negated() && c.test().field() == Field.IP_SADDR && c.test().values() instanceof Values.Nets nets
                            && nets.nets().size() == 1) {
                        IpNet net = nets.nets().get(0);
                        if (!net.v6() && net.length() > 0 && net.length() < 31 && !subnets.containsKey(excluded)) {
                            subnets.put(excluded, net);
                            subnetAt.put(excluded, at);
                            bridge(excluded, at, false);
                        }
                    }
                }
            } else if (n.kind() == NftStmt.NatKind.DNAT && excluded != null) {
                for (NftOp.Entry<Target> e : n.entries()) {
                    if (e.data() instanceof Dnat d && !d.to().isEmpty() && d.to().get(0).addresses() != null
                            && !d.to().get(0).addresses().from().v6()) {
                        dnats.add(new DnatGuess(excluded, d.to().get(0).addresses().from(), at));
                        bridge(excluded, at, false);
                    }
                }
            }
        }

        /** After every rule was read: a DNAT target's /24 stands for a bridge's subnet no masquerade gave. */
        void resolveDnats() {
            for (DnatGuess g : dnats) {
                if (!subnets.containsKey(g.bridge()) && subnets.values().stream().noneMatch(s -> s.contains(g.to()))) {
                    subnets.put(g.bridge(), IpNet.of(g.to(), 24));
                    subnetAt.put(g.bridge(), g.at());
                }
            }
        }

        private void bridge(String name, String at, boolean forwardHook) {
            if (name.endsWith("*") || name.endsWith("+") || name.equals("lo")) {
                return;
            }
            bridges.putIfAbsent(name, at);
            if (forwardHook && !forward) {
                forward = true;
                forwardAt = at;
            }
        }

        /** The interface a rule excludes ({@code oifname != "br-x"}): the bridge Docker and netavark name. */
        private static String negatedIface(List<Cond> tests) {
            for (Cond c : tests) {
                if (c.negated() && isIface(c.test().field()) && c.test().values() instanceof Values.Name n
                        && !n.pattern().endsWith("*") && !n.pattern().equals("lo")) {
                    return n.pattern();
                }
            }
            return null;
        }

        private static boolean isIface(Field f) {
            return f == Field.IIFNAME || f == Field.OIFNAME;
        }

        /** The conjuncts of {@code p} that are field tests, plain or negated. */
        private static void collect(Pred p, List<Cond> out) {
            for (Pred x : io.nflint.lower.Conjuncts.flatten(p)) {
                if (x instanceof Pred.Not n && n.pred() instanceof Pred.Test t) {
                    out.add(new Cond(t, true));
                } else if (x instanceof Pred.Test t) {
                    out.add(new Cond(t, false));
                }
            }
        }
    }

    /** A DNAT that excludes {@code bridge} as its input, to {@code to}. */
    private record DnatGuess(String bridge, Ip to, String at) {
    }

    /** One conjunct of a rule's tests. */
    private record Cond(Pred.Test test, boolean negated) {
    }
}
