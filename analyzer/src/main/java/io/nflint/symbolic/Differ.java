package io.nflint.symbolic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Model;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.pipeline.Hook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Semantic diff: both rule sets walked over the same packet variables, per entry point (arriving
 * on an interface, routed or delivered by the routing decision; generated locally), and the packets
 * whose verdict, translated header or MASQUERADE differ. Only the rules that changed (and those
 * whose order changed) decide which packets can differ: the diff is sliced to their boxes, so two
 * kube-proxy dumps differing in one service encode a handful of rules per side.
 */
final class Differ {

    private final Z3Engine engine;
    private final Ruleset oldRs;
    private final Ruleset newRs;
    private final int perEntry;

    Differ(Z3Engine engine, Ruleset oldRs, Ruleset newRs, int perEntry) {
        this.engine = engine;
        this.oldRs = oldRs;
        this.newRs = newRs;
        this.perEntry = perEntry;
    }

    SemanticDiff run() {
        List<String> notes = new ArrayList<>();
        if (oldRs.family() != newRs.family()) {
            throw new IllegalArgumentException("cannot compare " + oldRs.family().tool() + " with " + newRs.family().tool() + " rules");
        }
        if (!oldRs.family().isIp()) {
            notes.add(oldRs.family().tool() + " rule sets are not compared yet (only iptables and ip6tables)");
            return new SemanticDiff(List.of(), notes);
        }
        Slice region = changedRegion();
        if (region.isEmpty()) {
            return new SemanticDiff(List.of(), notes);
        }
        Encoding enc = engine.encoding(List.of(oldRs, newRs));
        List<SemanticDiff.Difference> out = new ArrayList<>();
        for (int entry = 0; entry < 2; entry++) {
            Walker wo = new Walker(enc, oldRs, "");
            Walker wn = new Walker(enc, newRs, "");
            PathRunner runner = new PathRunner(enc);
            PathRunner.Run a = entry == 0 ? runner.ingress(wo, region) : runner.localOut(wo, region);
            PathRunner.Run b = entry == 0 ? runner.ingress(wn, region) : runner.localOut(wn, region);
            BoolExpr differs = differs(enc, a, b);
            BoolExpr f = enc.and(enc.and(a.pre(), b.pre()), differs);
            Witnesses w = new Witnesses(enc);
            List<Expr<?>> paths = pathTerms(a, b);
            for (int i = 0; i < perEntry; i++) {
                final int e = entry;
                // prefer witnesses where the host's answers agree on both sides (same local/routed
                // decision): a difference the rules make, not one an assumed local address makes
                // (routed on both sides when possible: without a host model no address but loopback is known to be local)
                Found found = a.local() == null ? null : engine.withModel(engine.with(enc, f, w.preferred(),
                        enc.not(a.local()), enc.not(b.local())), m -> found(enc, w, m, e, a, b, wo, wn, paths));
                if (found == null) {
                    BoolExpr nice = a.local() == null ? w.preferred() : enc.and(w.preferred(), enc.ctx.mkEq(a.local(), b.local()));
                    found = engine.withModel(engine.with(enc, f, nice), m -> found(enc, w, m, e, a, b, wo, wn, paths));
                }
                if (found == null) {
                    // no nice witness: still one the walker can replay when there is such a packet
                    found = engine.withPreferredModel(engine.with(enc, f), w.replayable(), m -> found(enc, w, m, e, a, b, wo, wn, paths));
                }
                if (found == null) {
                    break;
                }
                SemanticDiff.Difference d = found.difference();
                Packet p = d.witness();
                // "may": for this packet, with both sides taking the same local/forward decision, can the
                // unknown matches still make them agree?
                BoolExpr fixed = a.local() == null ? null : enc.ctx.mkEq(a.local(), b.local());
                BoolExpr sameForSome = enc.and(enc.and(a.pre(), b.pre()), enc.and(enc.and(w.is(p), fixed == null ? enc.ctx.mkTrue() : fixed), enc.not(differs)));
                List<String> origins = enc.originsIn(differs);
                boolean may = !origins.isEmpty()
                        && engine.check(engine.with(enc, sameForSome), new BoolExpr[0]).emptiness() != Emptiness.EMPTY;
                if (may) {
                    d = new SemanticDiff.Difference(d.entry(), p, d.oldOutcome(), d.newOutcome(), true, origins);
                }
                // every witness is walked concretely before it is reported; one that does not replay is
                // still reported, marked as unconfirmed
                out.add(d.withReplay(WitnessReplay.replay(oldRs, newRs, d, found.host(), found.fragment())));
                f = enc.and(f, w.block(p));
            }
        }
        return new SemanticDiff(out, notes);
    }

    private static BoolExpr differs(Encoding enc, PathRunner.Run a, PathRunner.Run b) {
        BoolExpr fate = enc.not(enc.ctx.mkEq(a.fate(), b.fate()));
        BoolExpr accepted = enc.ctx.mkEq(a.fate(), enc.num(Encoding.ACCEPT, 3));
        BoolExpr header = enc.ctx.mkFalse();
        List<Expr<?>> x = PathRunner.fateFields(a);
        List<Expr<?>> y = PathRunner.fateFields(b);
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).equals(y.get(i))) {
                header = enc.or(header, enc.not(enc.ctx.mkEq(x.get(i), y.get(i))));
            }
        }
        if (a.local() != null) {
            header = enc.or(header, enc.not(enc.ctx.mkEq(a.local(), b.local())));
        }
        return enc.or(fate, enc.and(accepted, header));
    }

    /** A witness as the model gives it, with the host choices and fragment flag its replay needs. */
    private record Found(SemanticDiff.Difference difference, HostChoices host, boolean fragment) {
    }

    /** The terms of both paths whose host facts (locality, routes, interface addresses) a replay needs. */
    private static List<Expr<?>> pathTerms(PathRunner.Run a, PathRunner.Run b) {
        List<Expr<?>> roots = new ArrayList<>();
        for (PathRunner.Run r : List.of(a, b)) {
            roots.add(r.pre());
            roots.add(r.fate());
            roots.addAll(PathRunner.fateFields(r));
            if (r.local() != null) {
                roots.add(r.local());
            }
        }
        return roots;
    }

    private Found found(Encoding enc, Witnesses w, Model m, int entry, PathRunner.Run a, PathRunner.Run b,
                        Walker wo, Walker wn, List<Expr<?>> paths) {
        return new Found(difference(enc, w, m, entry, a, b, wo, wn), w.hostChoices(m, paths),
                w.truth(m, enc.input.fragment()));
    }

    private SemanticDiff.Difference difference(Encoding enc, Witnesses w, Model m, int entry, PathRunner.Run a,
                                               PathRunner.Run b, Walker wo, Walker wn) {
        Packet in = w.input(m);
        String label = entry == 1 ? "local-out" : w.truth(m, a.local()) ? "local-in" : "routed";
        if (entry == 0 && w.truth(m, a.local()) != w.truth(m, b.local())) {
            label = "routed";
        }
        return new SemanticDiff.Difference(label, in, outcome(enc, w, m, a, wo), outcome(enc, w, m, b, wn), false, List.of());
    }

    private SemanticDiff.Outcome outcome(Encoding enc, Witnesses w, Model m, PathRunner.Run r, Walker walker) {
        int code = w.num(m, r.fate()).intValue();
        WalkState end = r.end();
        Packet after = w.packet(m, end.header(), end.mark(), end.connmark(), end.ct());
        List<String> trace = new ArrayList<>();
        List<SourceSpan> rules = new ArrayList<>();
        List<SiteTree.Site> taken = new ArrayList<>();
        for (SiteTree tree : walker.trees()) {
            tree.trace(e -> w.truth(m, e), taken);
        }
        for (SiteTree.Site s : taken) {
            Rule rule = s.rule();
            trace.add(rule.table() + ":" + rule.chain() + ":rule:" + rule.number());
            rules.add(rule.span());
        }
        return new SemanticDiff.Outcome(code < Encoding.VERDICT_NAMES.length ? Encoding.VERDICT_NAMES[code] : "?", after,
                w.truth(m, end.masqueraded()), trace, rules);
    }

    /**
     * The packets that can be treated differently, as boxes in the arriving packet's coordinates: the
     * boxes (within their chain's slice) of the rules only one side has, and of the rules between the
     * first and last position where the common rules' order differs. Rules that run after a
     * destination NAT are widened in the fields it rewrites. A changed policy makes it everything.
     */
    private Slice changedRegion() {
        Slice region = new Slice(List.of());
        Set<String> tables = new HashSet<>();
        oldRs.tables().forEach(t -> tables.add(t.name()));
        newRs.tables().forEach(t -> tables.add(t.name()));
        for (String tn : tables) {
            Table to = oldRs.table(tn).orElse(null);
            Table tnw = newRs.table(tn).orElse(null);
            CallGraph go = to == null ? null : new CallGraph(oldRs, to);
            CallGraph gn = tnw == null ? null : new CallGraph(newRs, tnw);
            Set<String> chains = new HashSet<>();
            if (to != null) {
                to.chains().forEach(c -> chains.add(c.name()));
            }
            if (tnw != null) {
                tnw.chains().forEach(c -> chains.add(c.name()));
            }
            java.util.Map<String, Chain> oldChains = new java.util.HashMap<>();
            java.util.Map<String, Chain> newChains = new java.util.HashMap<>();
            if (to != null) {
                to.chains().forEach(c -> oldChains.putIfAbsent(c.name(), c));
            }
            if (tnw != null) {
                tnw.chains().forEach(c -> newChains.putIfAbsent(c.name(), c));
            }
            for (String cn : chains) {
                Chain co = oldChains.get(cn);
                Chain cw = newChains.get(cn);
                List<Rule> ro = co == null ? List.of() : co.rules();
                List<Rule> rw = cw == null ? List.of() : cw.rules();
                String po = co == null ? null : co.policy();
                String pw = cw == null ? null : cw.policy();
                if (co != null && cw != null && co.builtin() && !Objects.equals(po, pw)) {
                    return Slice.ALL;
                }
                region = region.union(changed(tn, ro, go, rw)).union(changed(tn, rw, gn, ro));
                if (region.isAll()) {
                    return region;
                }
            }
        }
        return region;
    }

    /** Boxes of the rules of {@code mine} that are not matched, in order, by {@code theirs}. */
    private static Slice changed(String table, List<Rule> mine, CallGraph graph, List<Rule> theirs) {
        int n = mine.size();
        int m = theirs.size();
        int head = 0;
        while (head < n && head < m && mine.get(head).specText().equals(theirs.get(head).specText())) {
            head++;
        }
        int tail = 0;
        while (tail < n - head && tail < m - head
                && mine.get(n - 1 - tail).specText().equals(theirs.get(m - 1 - tail).specText())) {
            tail++;
        }
        List<Box> boxes = new ArrayList<>();
        for (int i = head; i < n - tail; i++) {
            Rule r = mine.get(i);
            Set<Hook> hooks = graph == null ? Set.of() : graph.hooks(r.chain());
            Slice s = (graph == null ? Slice.ALL : graph.slice(r.chain())).within(Box.of(r));
            boolean beforeDnat = !hooks.isEmpty() && (table.equals("raw") || table.equals("mangle") || table.equals("nat"))
                    && hooks.stream().allMatch(h -> h == Hook.PREROUTING || h == Hook.OUTPUT);
            if (!beforeDnat) {
                s = s.widenRewritten(true);
            }
            boxes.addAll(s.boxes());
        }
        return Slice.of(boxes);
    }

}
