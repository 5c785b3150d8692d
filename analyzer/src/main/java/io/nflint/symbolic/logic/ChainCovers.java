package io.nflint.symbolic.logic;

import io.nflint.symbolic.slice.Box;
import io.nflint.pipeline.CallGraph;
import io.nflint.symbolic.slice.ChainSliceIndex;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.ir.Chain;
import io.nflint.ir.IpNet;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.ConnmarkMatch;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.FragmentMatch;
import io.nflint.ir.match.IcmpMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.IprangeMatch;
import io.nflint.ir.match.MarkMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.MultiportMatch;
import io.nflint.ir.match.ProtocolMatch;
import io.nflint.ir.match.StateMatch;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UdpMatch;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Notrack;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Proofs without the solver that another rule of a rule's chain takes all its packets.
 *
 * <p>Shadowed: proves a rule shadowed when one earlier rule of its own chain takes every
 * packet the rule could match and ends the chain for it. Every packet that reaches a rule has
 * passed each earlier rule of its chain; within one hook the header does not change before a
 * terminal target, so an earlier rule whose match holds for every packet of the later rule's box
 * (its header matches are exact and contain the box; each of its other matches appears unchanged in
 * the later rule and reads nothing a rule of the table rewrites) took all of them. It ends the chain
 * when it is a verdict, NAT, RETURN or goto, or a jump into a chain that decides every such packet
 * (a rule there that takes them all and ends it, with no RETURN or goto on the way that could hand
 * some back). A match the model does not know (mac, statistic, ...) never counts as taking anything.
 *
 * <p>The proof names the rules the solver's minimal unsat core would: the earlier rule and, for a
 * jump, the calls and the deciding rule inside ({@link Covers} files them under the jump). When
 * several earlier rules cover, the first is named; the solver could have named another, equally
 * correct one.
 */
public final class ChainCovers {

    /**
     * A later rule of {@code r}'s chain that would decide every packet of {@code part} the same way if
     * {@code r} were removed, or null: it takes them all with the same verdict (same REJECT answer),
     * and every rule between that may take some of them either logs only or decides the same way.
     * Removing {@code r} then changes no packet's verdict, mark or NAT (r's packets never fall
     * through to the policy either), which is what the solver's redundancy query asks.
     */
    Rule sameLater(Rule r, Box part) {
        ChainSliceIndex idx = index(r.table(), r.chain());
        if (idx == null || !ends(r.target())) {
            return null;
        }
        int at = position(r, idx);
        for (int pos : idx.candidates(new Slice(List.of(part)))) {
            if (pos <= at) {
                continue;
            }
            Rule d = idx.rules().get(pos);
            Target t = d.target();
            if (t instanceof io.nflint.ir.target.Log || t instanceof io.nflint.ir.target.Nflog
                    || t instanceof io.nflint.ir.target.NoTarget) {
                continue;
            }
            if (!sameDecision(r.target(), t)) {
                // may take some of r's packets another way (or call a chain that does)
                return null;
            }
            if (takesAll(d, idx.box(pos), part, r)) {
                return d;
            }
        }
        return null;
    }

    private static boolean sameDecision(Target a, Target b) {
        if (a instanceof io.nflint.ir.target.Reject x) {
            return b instanceof io.nflint.ir.target.Reject y && x.with().equals(y.with());
        }
        return a instanceof Verdict x && b instanceof Verdict y && x.kind() == y.kind()
                && (x.kind() == Verdict.Kind.ACCEPT || x.kind() == Verdict.Kind.DROP);
    }

    /** Calls deeper than this are left to the solver. */
    private static final int MAX_DEPTH = 16;

    private final Ruleset rs;
    private final Map<String, Map<String, ChainSliceIndex>> indexes = new HashMap<>();
    private final Map<Rule, Integer> positions = new IdentityHashMap<>();
    private final Map<String, Set<Class<?>>> stateTargets = new HashMap<>();

    ChainCovers(Ruleset rs) {
        this.rs = rs;
    }

    /**
     * The rules proving that no packet of {@code part} (a box of {@code r}'s packets) takes {@code r}:
     * the covering earlier rule first, then the rules inside the chains it calls that decide; null
     * when no single earlier rule is shown to cover.
     */
    List<Rule> cover(Rule r, Box part) {
        ChainSliceIndex idx = index(r.table(), r.chain());
        if (idx == null) {
            return null;
        }
        int at = position(r, idx);
        for (int pos : idx.candidates(new Slice(List.of(part)))) {
            if (pos >= at) {
                break;
            }
            Rule c = idx.rules().get(pos);
            if (!takesAll(c, idx.box(pos), part, r)) {
                continue;
            }
            Target t = c.target();
            if (ends(t) || t instanceof Goto || t instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                return List.of(c);
            }
            if (t instanceof Jump j) {
                List<Rule> inside = decides(r.table(), j.chain(), part, r, new HashSet<>(List.of(r.chain())), 1);
                if (inside != null) {
                    List<Rule> out = new ArrayList<>();
                    out.add(c);
                    out.addAll(inside);
                    return out;
                }
            }
        }
        return null;
    }

    /**
     * The rules that decide every packet of {@code part} entering {@code chain} (the calls on the way
     * and the final deciding rule), or null when some may come back to the caller.
     */
    private List<Rule> decides(String table, String chain, Box part, Rule r, Set<String> onStack, int depth) {
        ChainSliceIndex idx = index(table, chain);
        if (idx == null || depth > MAX_DEPTH || !onStack.add(chain)) {
            return null;
        }
        try {
            for (int pos : idx.candidates(new Slice(List.of(part)))) {
                Rule y = idx.rules().get(pos);
                Target t = y.target();
                boolean all = takesAll(y, idx.box(pos), part, r);
                if (ends(t) && all) {
                    return List.of(y);
                }
                if (t instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                    // some of the packets (all, when it takes all) go back to the caller
                    return null;
                }
                String callee = CallGraph.callee(t);
                if (callee == null) {
                    continue;
                }
                List<Rule> inside = all ? decides(table, callee, part, r, onStack, depth + 1) : null;
                if (inside != null) {
                    List<Rule> out = new ArrayList<>();
                    out.add(y);
                    out.addAll(inside);
                    return out;
                }
                if (t instanceof Goto) {
                    // packets falling off the goto's chain return past this one, to the caller
                    return null;
                }
                // a jump the packets come back from: they go on here
            }
            return null;
        } finally {
            onStack.remove(chain);
        }
    }

    /** A verdict or NAT target (an unknown target's "terminal" is only a guess: the solver decides those). */
    private static boolean ends(Target t) {
        return SymbolicWalker.terminal(t) && !(t instanceof io.nflint.ir.target.UnknownTarget);
    }

    /** Whether {@code c} matches every packet of {@code part} that could match {@code r}. */
    boolean takesAll(Rule c, Box part, Rule r) {
        return takesAll(c, Box.of(c), part, r);
    }

    private boolean takesAll(Rule c, Box cBox, Box part, Rule r) {
        if (cBox == null || !cBox.contains(part)) {
            return false;
        }
        boolean portMatches = false;
        for (Match m : c.matches()) {
            if (!implied(m, part, r, c.table())) {
                return false;
            }
            portMatches |= m instanceof TcpMatch || m instanceof UdpMatch || m instanceof MultiportMatch;
        }
        // a port match never holds for a non-first fragment: only a rule that needs ports itself is covered by one
        return !portMatches || hasPortMatch(r);
    }

    private static boolean hasPortMatch(Rule r) {
        for (Match m : r.matches()) {
            if (m instanceof TcpMatch || m instanceof UdpMatch || m instanceof MultiportMatch) {
                return true;
            }
        }
        return false;
    }

    /** Whether the match holds for every packet of {@code part} that {@code r} matches. */
    private boolean implied(Match m, Box part, Rule r, String table) {
        if (m instanceof CommentMatch) {
            return true;
        }
        if (m instanceof AddressMatch a) {
            if (!a.negated() && a.nets().size() == 1) {
                IpNet n = a.nets().get(0);
                boolean src = a.direction() == io.nflint.ir.Direction.SOURCE;
                if (Box.within(src ? part.srcLo() : part.dstLo(), src ? part.srcHi() : part.dstHi(), n.first(), n.last())) {
                    return true;
                }
            }
            return inRule(r, m, (x, y) -> x.direction() == y.direction() && x.negated() == y.negated()
                    && x.nets().equals(y.nets()), AddressMatch.class);
        }
        if (m instanceof InterfaceMatch i) {
            if (i.kind() != InterfaceMatch.Kind.IN && i.kind() != InterfaceMatch.Kind.OUT) {
                return false;
            }
            if (!i.negated() && Box.ifaceWithin(i.kind() == InterfaceMatch.Kind.IN ? part.inIf() : part.outIf(), i.name())) {
                return true;
            }
            return inRule(r, m, (x, y) -> x.kind() == y.kind() && x.negated() == y.negated() && x.name().equals(y.name()),
                    InterfaceMatch.class);
        }
        if (m instanceof ProtocolMatch p) {
            if (!p.negated() && (p.protocol() == 0 || part.protoLo() == p.protocol() && part.protoHi() == p.protocol())) {
                return true;
            }
            return inRule(r, m, (x, y) -> x.negated() == y.negated() && x.protocol() == y.protocol(), ProtocolMatch.class);
        }
        if (m instanceof TcpMatch t) {
            return t.option() == null
                    && (t.flags() == null || inRule(r, m, (x, y) -> same(x.flags(), y.flags()), TcpMatch.class))
                    && ports(t.sport(), part.sportLo(), part.sportHi(), r, true) && ports(t.dport(), part.dportLo(), part.dportHi(), r, false);
        }
        if (m instanceof UdpMatch u) {
            return ports(u.sport(), part.sportLo(), part.sportHi(), r, true) && ports(u.dport(), part.dportLo(), part.dportHi(), r, false);
        }
        if (m instanceof MultiportMatch mp) {
            if (!mp.negated() && mp.which() != MultiportMatch.Which.EITHER) {
                boolean src = mp.which() == MultiportMatch.Which.SOURCE;
                int lo = src ? part.sportLo() : part.dportLo();
                int hi = src ? part.sportHi() : part.dportHi();
                for (PortRange pr : mp.ports()) {
                    if (pr.lo() <= lo && hi <= pr.hi()) {
                        return true;
                    }
                }
                if (portsWithin(r, src, lo, hi, mp.ports())) {
                    return true;
                }
            }
            return inRule(r, m, (x, y) -> x.which() == y.which() && x.negated() == y.negated() && x.ports().equals(y.ports()),
                    MultiportMatch.class);
        }
        if (m instanceof IprangeMatch ir) {
            boolean src = ir.src() == null || !ir.src().negated()
                    && Box.within(part.srcLo(), part.srcHi(), ir.src().value().from(), ir.src().value().to());
            boolean dst = ir.dst() == null || !ir.dst().negated()
                    && Box.within(part.dstLo(), part.dstHi(), ir.dst().value().from(), ir.dst().value().to());
            return src && dst || inRule(r, m, (x, y) -> same(x.src(), y.src()) && same(x.dst(), y.dst()), IprangeMatch.class);
        }
        if (m instanceof IcmpMatch ic) {
            return inRule(r, m, (x, y) -> x.v6() == y.v6() && x.negated() == y.negated() && x.type() == y.type()
                    && x.codeLo() == y.codeLo() && x.codeHi() == y.codeHi(), IcmpMatch.class);
        }
        if (m instanceof FragmentMatch) {
            return inRule(r, m, (x, y) -> x.negated() == y.negated(), FragmentMatch.class);
        }
        // the state matches read what earlier rules may change: the same match only holds the same
        // way when no rule of the table changes that state
        if (m instanceof StateMatch) {
            return !changes(table, Notrack.class, Ct.class)
                    && inRule(r, m, (x, y) -> x.negated() == y.negated() && x.states().equals(y.states()), StateMatch.class);
        }
        if (m instanceof ConntrackMatch cm) {
            return stateOnly(cm) && !changes(table, Notrack.class, Ct.class)
                    && inRule(r, m, (x, y) -> stateOnly(y) && same(x.state(), y.state()), ConntrackMatch.class);
        }
        if (m instanceof MarkMatch) {
            return !changes(table, MarkTarget.class, ConnmarkTarget.class)
                    && inRule(r, m, (x, y) -> x.negated() == y.negated() && x.mark().equals(y.mark()), MarkMatch.class);
        }
        if (m instanceof ConnmarkMatch) {
            return !changes(table, ConnmarkTarget.class, ConnmarkTarget.class)
                    && inRule(r, m, (x, y) -> x.negated() == y.negated() && x.mark().equals(y.mark()), ConnmarkMatch.class);
        }
        // not modelled exactly (mac, statistic, limit, sets, addrtype, ...): may not match
        return false;
    }

    private static boolean stateOnly(ConntrackMatch c) {
        return c.state() != null && c.proto() == null && c.origSrc() == null && c.origDst() == null && c.replSrc() == null
                && c.replDst() == null && c.origSrcPort() == null && c.origDstPort() == null && c.replSrcPort() == null
                && c.replDstPort() == null && c.unmodelled().isEmpty();
    }

    /** A port option holds for the box's ports: absent, a plain range around them, or the same option in {@code r}. */
    private static boolean ports(Neg<PortRange> p, int lo, int hi, Rule r, boolean source) {
        if (p == null) {
            return true;
        }
        if (!p.negated() && p.value().lo() <= lo && hi <= p.value().hi()) {
            return true;
        }
        for (Match m : r.matches()) {
            Neg<PortRange> q = m instanceof TcpMatch t ? (source ? t.sport() : t.dport())
                    : m instanceof UdpMatch u ? (source ? u.sport() : u.dport()) : null;
            if (same(p, q)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every port {@code r} lets through on that side, within the box's [lo, hi], is one of
     * {@code list}'s: the box only keeps the hull of a multiport list, so {@code --dports 22,53} is
     * [22, 53]; the rule's own list (or a plain {@code --dport} range) says which of those it takes.
     * Every port option of r must hold, so any one of them bounds its ports.
     */
    private static boolean portsWithin(Rule r, boolean source, int lo, int hi, List<PortRange> list) {
        for (Match m : r.matches()) {
            List<PortRange> own = null;
            if (m instanceof MultiportMatch x && !x.negated()
                    && x.which() == (source ? MultiportMatch.Which.SOURCE : MultiportMatch.Which.DESTINATION)) {
                own = x.ports();
            } else {
                Neg<PortRange> p = m instanceof TcpMatch t ? (source ? t.sport() : t.dport())
                        : m instanceof UdpMatch u ? (source ? u.sport() : u.dport()) : null;
                own = p == null || p.negated() ? null : List.of(p.value());
            }
            if (own != null && covered(own, lo, hi, list)) {
                return true;
            }
        }
        return false;
    }

    /** Whether each port of {@code own} within [lo, hi] lies in some range of {@code list}. */
    private static boolean covered(List<PortRange> own, int lo, int hi, List<PortRange> list) {
        java.util.BitSet need = new java.util.BitSet();
        for (PortRange p : own) {
            int a = Math.max(p.lo(), lo);
            int b = Math.min(p.hi(), hi);
            if (a <= b) {
                need.set(a, b + 1);
            }
        }
        for (PortRange p : list) {
            need.clear(p.lo(), p.hi() + 1);
        }
        return need.isEmpty();
    }

    private static boolean same(Neg<?> a, Neg<?> b) {
        return a == null ? b == null : b != null && a.negated() == b.negated() && Objects.equals(a.value(), b.value());
    }

    private static <M extends Match> boolean inRule(Rule r, Match m, java.util.function.BiPredicate<M, M> equal, Class<M> type) {
        for (Match x : r.matches()) {
            if (type.isInstance(x) && equal.test(type.cast(m), type.cast(x))) {
                return true;
            }
        }
        return false;
    }

    /** Whether any rule of the table has a target of one of these kinds, or one the model does not know. */
    private boolean changes(String table, Class<?> a, Class<?> b) {
        Set<Class<?>> kinds = stateTargets.computeIfAbsent(table, tn -> {
            Set<Class<?>> out = new HashSet<>();
            rs.table(tn).ifPresent(t -> t.chains().forEach(c -> c.rules().forEach(x -> out.add(x.target().getClass()))));
            return out;
        });
        return kinds.contains(a) || kinds.contains(b) || kinds.contains(io.nflint.ir.target.UnknownTarget.class);
    }

    private ChainSliceIndex index(String table, String chain) {
        Map<String, ChainSliceIndex> byChain = indexes.computeIfAbsent(table, tn -> {
            Map<String, ChainSliceIndex> out = new HashMap<>();
            Table t = rs.table(tn).orElse(null);
            if (t != null) {
                for (Chain c : t.chains()) {
                    out.putIfAbsent(c.name(), new ChainSliceIndex(c.rules()));
                }
            }
            return out;
        });
        return byChain.get(chain);
    }

    private int position(Rule r, ChainSliceIndex idx) {
        Integer known = positions.get(r);
        if (known == null) {
            List<Rule> rules = idx.rules();
            for (int i = 0; i < rules.size(); i++) {
                positions.put(rules.get(i), i);
            }
            known = positions.getOrDefault(r, -1);
        }
        return known;
    }
}
