package io.nflint.container;

import io.nflint.ir.Counters;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
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
import io.nflint.lower.nft.NftLoweredRule;
import io.nflint.lower.nft.NftLowering;
import io.nflint.lower.nft.NftOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published ports of a native nftables ruleset, found the way {@link PortMappingExtractor} finds
 * them in the nat table: every {@code dnat} reachable from a nat base chain at the prerouting or
 * output hook, through jumps, gotos and verdict-map elements, with the protocol, destination port,
 * destination address, source and input-interface tests met on the way. Docker 29's
 * {@code nat-prerouting-and-output}, netavark's per-network DNAT chains and kube-proxy's
 * {@code service-ips} map all have this shape; whose table it is does not matter here.
 *
 * <p>Each rule on the path is represented by a stand-in {@link Rule} (table = the nft table's name,
 * chain, position, the nft rule's span and text, no matches), so that the checks locate, quote and
 * fingerprint an nft mapping exactly like an iptables one.
 */
public final class NftPortMappingExtractor {

    private static final int MAX_DEPTH = 32;
    private static final int BUDGET = 200_000;

    private NftPortMappingExtractor() {
    }

    /** The mappings to IPv4 targets ({@code v6} false: ip and inet tables) or IPv6 targets (ip6 and inet). */
    public static List<PortMapping> extract(NftRuleset ruleset, boolean v6, boolean skipXtables) {
        Map<Rule, PortMapping> out = new LinkedHashMap<>();
        for (NftTable t : ruleset.tables()) {
            boolean family = t.family() == NftFamily.INET || t.family() == (v6 ? NftFamily.IP6 : NftFamily.IP);
            if (!family || (skipXtables && NftEngines.isXtablesTable(t))) {
                continue;
            }
            new Walk(t, v6, out).run();
        }
        return List.copyOf(out.values());
    }

    /** The stand-in rule for position {@code index} of {@code chain}. */
    static Rule standIn(NftTable table, NftChain chain, int index, Target target) {
        NftRule r = chain.rules().get(index);
        return new Rule(table.name(), chain.name(), index + 1, List.of(), target, Counters.NONE, r.span(), r.text());
    }

    /** What the path so far requires of the packet. */
    private record Conditions(int proto, PortRange ports, IpNet host, String excluded, String required, boolean restricted) {
        static final Conditions NONE = new Conditions(0, null, null, null, null, false);

        Conditions with(Pred p) {
            Conditions c = this;
            for (Pred x : io.nflint.lower.Conjuncts.flatten(p)) {
                c = c.withOne(x);
            }
            return c;
        }

        private Conditions withOne(Pred c) {
            boolean negated = c instanceof Pred.Not;
            Pred t = negated ? ((Pred.Not) c).pred() : c;
            if (!(t instanceof Pred.Test test)) {
                return this;
            }
            if (!negated && test.field() == Field.L4PROTO && test.values() instanceof Values.Interval i && i.lo() == i.hi()) {
                return new Conditions((int) i.lo(), ports, host, excluded, required, restricted);
            }
            if (!negated && test.field() == Field.TH_DPORT && test.values() instanceof Values.Interval i) {
                return new Conditions(proto, new PortRange((int) i.lo(), (int) i.hi()), host, excluded, required, restricted);
            }
            if (!negated && test.values() instanceof Values.Nets n && n.nets().size() == 1) {
                if (test.field() == Field.IP_DADDR) {
                    return new Conditions(proto, ports, n.nets().get(0), excluded, required, restricted);
                }
                if (test.field() == Field.IP_SADDR && !n.nets().get(0).isAny()) {
                    return new Conditions(proto, ports, host, excluded, required, true);
                }
            }
            if (test.field() == Field.IIFNAME && test.values() instanceof Values.Name name) {
                return negated ? new Conditions(proto, ports, host, name.pattern(), required, restricted)
                        : new Conditions(proto, ports, host, excluded, name.pattern(), restricted);
            }
            return this;
        }
    }

    /** Depth-first from each dstnat base chain of one table. */
    private static final class Walk {
        private final NftTable table;
        private final boolean v6;
        private final Map<Rule, PortMapping> out;
        private final NftLowering lowering;
        private final Map<NftRule, NftLoweredRule> lowered = new java.util.IdentityHashMap<>();
        private int budget = BUDGET;

        Walk(NftTable table, boolean v6, Map<Rule, PortMapping> out) {
            this.table = table;
            this.v6 = v6;
            this.out = out;
            this.lowering = new NftLowering(table);
        }

        void run() {
            for (NftChain c : table.chains()) {
                if (c.base().isEmpty() || !c.base().get().type().equals("nat")) {
                    continue;
                }
                String hook = c.base().get().hook();
                if (hook.equals("prerouting") || hook.equals("output")) {
                    chain(c, Conditions.NONE, List.of(), hook.equals("prerouting"), new ArrayList<>());
                }
            }
        }

        private void chain(NftChain c, Conditions entry, List<Rule> path, boolean prerouting, List<String> active) {
            if (path.size() > MAX_DEPTH || active.contains(c.name())) {
                return;
            }
            active.add(c.name());
            for (int i = 0; i < c.rules().size() && budget-- > 0; i++) {
                rule(c, i, entry, path, prerouting, active);
            }
            active.remove(active.size() - 1);
        }

        private void rule(NftChain c, int index, Conditions entry, List<Rule> path, boolean prerouting, List<String> active) {
            NftRule r = c.rules().get(index);
            NftLoweredRule l = lowered.computeIfAbsent(r, lowering::lower);
            Conditions cond = entry;
            for (NftOp op : l.ops()) {
                if (op instanceof NftOp.Test t) {
                    cond = cond.with(t.pred());
                } else if (op instanceof NftOp.Verdict v) {
                    into(v, cond, c, index, path, prerouting, active);
                    return;
                } else if (op instanceof NftOp.VerdictMap vm) {
                    for (NftOp.Entry<NftOp.Verdict> e : vm.entries()) {
                        into(e.data(), cond.with(e.when()), c, index, path, prerouting, active);
                    }
                    return;
                } else if (op instanceof NftOp.Nat n && n.kind() == NftStmt.NatKind.DNAT) {
                    for (NftOp.Entry<Target> e : n.entries()) {
                        if (e.data() instanceof Dnat d) {
                            mapping(d, cond.with(e.when()), c, index, path, prerouting);
                        }
                    }
                    return;
                }
            }
        }

        private void into(NftOp.Verdict v, Conditions cond, NftChain from, int index, List<Rule> path, boolean prerouting,
                          List<String> active) {
            if (v.chain() == null || (v.kind() != NftStmt.VerdictKind.JUMP && v.kind() != NftStmt.VerdictKind.GOTO)) {
                return;
            }
            table.chain(v.chain()).ifPresent(next -> {
                List<Rule> p = new ArrayList<>(path);
                p.add(standIn(table, from, index, null));
                chain(next, cond, p, prerouting, active);
            });
        }

        private void mapping(Dnat d, Conditions c, NftChain chain, int index, List<Rule> path, boolean prerouting) {
            if (d.to().isEmpty() || d.to().get(0).addresses() == null || c.ports == null) {
                return;
            }
            NatRange to = d.to().get(0);
            Ip target = to.addresses().from();
            if (target.v6() != v6) {
                return;
            }
            Rule dnat = standIn(table, chain, index, d);
            List<Rule> p = new ArrayList<>(path);
            p.add(dnat);
            PortRange targetPorts = to.ports() != null ? to.ports() : c.ports;
            PortMapping m = new PortMapping(c.proto, c.host, c.ports, target, targetPorts, c.excluded, c.required,
                    c.restricted, prerouting, !prerouting, dnat, p);
            // one dnat rule reached from prerouting and from output (Docker's nat-prerouting-and-output): one mapping
            out.merge(dnatKey(dnat, m), m, (a, b) -> new PortMapping(a.protocol(), a.hostAddress(), a.hostPorts(),
                    a.target(), a.targetPorts(), a.excludedInInterface(), a.requiredInInterface(), a.restrictedSource(),
                    a.fromPrerouting() || b.fromPrerouting(), a.fromOutput() || b.fromOutput(), a.dnatRule(),
                    a.path().size() <= b.path().size() ? a.path() : b.path()));
        }

        /** Stand-ins are records: equal for the same rule position and text; the mapping's host port tells map elements apart. */
        private static Rule dnatKey(Rule dnat, PortMapping m) {
            return new Rule(dnat.table(), dnat.chain() + " " + m.protocol() + "/" + m.hostAddress() + ":" + m.hostPorts()
                    + ">" + m.target() + ":" + m.targetPorts(), dnat.number(), List.of(), null, Counters.NONE, dnat.span(),
                    dnat.text());
        }
    }
}
