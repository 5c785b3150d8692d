package io.nflint.container;

import io.nflint.ir.IpNet;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.Dnat;
import io.nflint.lower.Field;
import io.nflint.lower.Lowered;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recovers published ports from the nat table without knowing whose rules they are: every DNAT
 * rule reachable from nat PREROUTING or OUTPUT, with the protocol, destination port, destination
 * address and interface conditions collected along the jumps that lead to it. Docker's DOCKER
 * chain, Podman's NETAVARK-/CNI-HOSTPORT-DNAT chains and kube-proxy's KUBE-SERVICES all have this
 * shape. Reachability itself (an earlier RETURN, FORWARD drops) is the engines' question.
 */
public final class PortMappingExtractor {

    private PortMappingExtractor() {
    }

    /**
     * The rules jumped through to get here, innermost first, sharing their tails: kube-proxy's
     * KUBE-SERVICES pushes twenty thousand frames, and a copied list per frame cost more than the walk.
     */
    private record Path(Rule rule, Path outer, int depth) {
        static Path of(Path outer, Rule rule) {
            return new Path(rule, outer, outer == null ? 1 : outer.depth + 1);
        }

        /** Outermost first. */
        static List<Rule> list(Path p) {
            Rule[] out = new Rule[p == null ? 0 : p.depth];
            for (Path x = p; x != null; x = x.outer) {
                out[x.depth - 1] = x.rule;
            }
            return List.of(out);
        }

        static boolean passesThrough(Path p, String chain) {
            for (Path x = p; x != null; x = x.outer) {
                if (x.rule.chain().equals(chain)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Frame(String chain, Path path) {
    }

    /** What makes two mappings of one DNAT rule the same mapping (reached along different paths). */
    private record Key(Rule dnat, int protocol, IpNet host, PortRange hostPorts, io.nflint.ir.Ip target, PortRange targetPorts) {
        static Key of(Rule dnat, PortMapping m) {
            return new Key(dnat, m.protocol(), m.hostAddress(), m.hostPorts(), m.target(), m.targetPorts());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.dnat == dnat && k.protocol == protocol && java.util.Objects.equals(k.host, host)
                    && k.hostPorts.equals(hostPorts) && k.target.equals(target) && java.util.Objects.equals(k.targetPorts, targetPorts);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(dnat) * 31 + java.util.Objects.hash(protocol, host, hostPorts, target, targetPorts);
        }
    }

    public static List<PortMapping> extract(Ruleset ruleset) {
        return extract(ruleset, io.nflint.lower.LoweredRuleset.lazy());
    }

    /** The same, reading the rules from {@code lowered}, their owner's lowered form (a rule on many paths is lowered once). */
    public static List<PortMapping> extract(Ruleset ruleset, io.nflint.lower.LoweredRuleset lowered) {
        Optional<Table> nat = ruleset.table("nat");
        if (nat.isEmpty()) {
            return List.of();
        }
        Map<Key, PortMapping> byRule = new LinkedHashMap<>();
        Set<String> toDnat = leadingToDnat(nat.get());
        walk(nat.get(), "PREROUTING", true, toDnat, byRule, lowered);
        walk(nat.get(), "OUTPUT", false, toDnat, byRule, lowered);
        return List.copyOf(byRule.values());
    }

    /**
     * Chains from which some DNAT rule can be reached: the walk does not descend into the others
     * (kube-proxy jumps to KUBE-MARK-MASQ from every endpoint chain; nothing there can publish).
     */
    private static Set<String> leadingToDnat(Table nat) {
        Map<String, List<String>> callers = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> out = new HashSet<>();
        for (io.nflint.ir.Chain c : nat.chains()) {
            for (Rule r : c.rules()) {
                String next = r.target() instanceof Jump j ? j.chain() : r.target() instanceof Goto g ? g.chain() : null;
                if (next != null) {
                    callers.computeIfAbsent(next, k -> new ArrayList<>()).add(c.name());
                } else if (r.target() instanceof Dnat && out.add(c.name())) {
                    todo.add(c.name());
                }
            }
        }
        while (!todo.isEmpty()) {
            for (String caller : callers.getOrDefault(todo.poll(), List.of())) {
                if (out.add(caller)) {
                    todo.add(caller);
                }
            }
        }
        return out;
    }

    private static void walk(Table nat, String base, boolean prerouting, Set<String> toDnat, Map<Key, PortMapping> out,
                             io.nflint.lower.LoweredRuleset lowered) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(base, null));
        int budget = 1_000_000;
        while (!stack.isEmpty() && budget-- > 0) {
            Frame f = stack.pop();
            Optional<io.nflint.ir.Chain> chain = nat.chain(f.chain());
            if (chain.isEmpty() || (f.path() != null && f.path().depth() > 32)) {
                continue;
            }
            List<Rule> rules = chain.get().rules();
            for (int i = rules.size() - 1; i >= 0; i--) {
                Rule r = rules.get(i);
                if (r.target() instanceof Dnat d) {
                    PortMapping m = mapping(Path.list(Path.of(f.path(), r)), d, prerouting, !prerouting, lowered);
                    if (m != null) {
                        // one DNAT rule can serve several mappings (kube-proxy: cluster IP and NodePort)
                        out.merge(Key.of(r, m), m, PortMappingExtractor::merge);
                    }
                } else {
                    String next = r.target() instanceof Jump j ? j.chain() : r.target() instanceof Goto g ? g.chain() : null;
                    if (next != null && toDnat.contains(next) && !next.equals(f.chain()) && !Path.passesThrough(f.path(), next)) {
                        stack.push(new Frame(next, Path.of(f.path(), r)));
                    }
                }
            }
        }
    }

    private static PortMapping merge(PortMapping a, PortMapping b) {
        return new PortMapping(a.protocol(), a.hostAddress(), a.hostPorts(), a.target(), a.targetPorts(),
                a.excludedInInterface(), a.requiredInInterface(), a.restrictedSource(),
                a.fromPrerouting() || b.fromPrerouting(), a.fromOutput() || b.fromOutput(), a.dnatRule(),
                a.path().size() <= b.path().size() ? a.path() : b.path());
    }

    private static PortMapping mapping(List<Rule> path, Dnat dnat, boolean prerouting, boolean output,
                                       io.nflint.lower.LoweredRuleset lowered) {
        int proto = 0;
        PortRange ports = null;
        IpNet host = null;
        String excluded = null;
        String required = null;
        boolean restricted = false;
        for (Rule r : path) {
            for (Lowered l : lowered.get(r).matches()) {
                for (Pred c : l.pred() instanceof Pred.All all ? all.preds() : List.of(l.pred())) {
                    boolean negated = c instanceof Pred.Not;
                    Pred t = negated ? ((Pred.Not) c).pred() : c;
                    PortRange dports = negated ? null : destinationPorts(t);
                    if (dports != null) {
                        ports = dports;
                    }
                    if (!(t instanceof Pred.Test test)) {
                        continue;
                    }
                    if (!negated && test.field() == Field.L4PROTO) {
                        proto = (int) ((Values.Interval) test.values()).lo();
                    } else if (!negated && test.values() instanceof Values.Nets n && n.nets().size() == 1) {
                        if (test.field() == Field.IP_DADDR) {
                            host = n.nets().get(0);
                        } else if (test.field() == Field.IP_SADDR && !n.nets().get(0).isAny()) {
                            restricted = true;
                        }
                    } else if (test.field() == Field.IIFNAME) {
                        String name = ((Values.Name) test.values()).pattern();
                        if (negated) {
                            excluded = name;
                        } else {
                            required = name;
                        }
                    }
                }
            }
        }
        if (dnat.to().isEmpty() || dnat.to().get(0).addresses() == null || ports == null) {
            return null;
        }
        NatRange to = dnat.to().get(0);
        PortRange targetPorts = to.ports() != null ? to.ports() : ports;
        return new PortMapping(proto, host, ports, to.addresses().from(), targetPorts, excluded, required, restricted,
                prerouting, output, path.get(path.size() - 1), path);
    }

    /**
     * The one destination port range a required test names: {@code --dport}, or a multiport list of
     * one range on the destination (or either) side.
     */
    private static PortRange destinationPorts(Pred p) {
        if (p instanceof Pred.Test t && t.field() == Field.TH_DPORT) {
            Values.Interval i = (Values.Interval) t.values();
            return new PortRange((int) i.lo(), (int) i.hi());
        }
        if (!(p instanceof Pred.Any any) || any.preds().isEmpty()) {
            return null;
        }
        Values one = null;
        boolean destination = false;
        for (Pred x : any.preds()) {
            if (!(x instanceof Pred.Test t) || (t.field() != Field.TH_SPORT && t.field() != Field.TH_DPORT)
                    || (one != null && !one.equals(t.values()))) {
                return null;
            }
            one = t.values();
            destination |= t.field() == Field.TH_DPORT;
        }
        Values.Interval i = (Values.Interval) one;
        return destination ? new PortRange((int) i.lo(), (int) i.hi()) : null;
    }
}
