package io.nflint.symbolic.diff;

import io.nflint.symbolic.SemanticDiff;

import io.nflint.symbolic.DiffContext;

import io.nflint.symbolic.Emptiness;
import io.nflint.symbolic.EngineOptions;
import io.nflint.symbolic.WitnessPacket;
import io.nflint.symbolic.WorkLimits;
import io.nflint.symbolic.replay.HostChoices;
import io.nflint.symbolic.replay.WitnessReplay;
import io.nflint.symbolic.replay.Witnesses;
import io.nflint.symbolic.slice.Box;
import io.nflint.symbolic.slice.CallContexts;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.HostFacts;
import io.nflint.symbolic.z3.PathRunner;
import io.nflint.symbolic.z3.SiteTree;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.WalkState;
import io.nflint.symbolic.z3.Z3Engine;
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
 * on an interface, routed or delivered by the routing decision; generated locally; bridged between
 * two ports of a bridge), and the packets whose verdict, translated header or MASQUERADE differ.
 * Each side routes by its own host model when it has one (else both share uninterpreted routing). Only the rules that changed (and those
 * whose order changed) decide which packets can differ: the diff is sliced to their boxes, so two
 * kube-proxy dumps differing in one service encode a handful of rules per side.
 */
public final class Differ {

    private static final int INGRESS = 0;
    private static final int LOCAL_OUT = 1;
    private static final int BRIDGED = 2;
    private static final String[] ENTRY_NAMES = {"arriving packets", "locally generated packets", "bridged frames"};
    private final List<String> undecided = new ArrayList<>();
    /** bridge-nf-call-iptables on each side, for bridged witnesses' replays. */
    private boolean bridgeNfOld = true;
    private boolean bridgeNfNew = true;

    private final Z3Engine engine;
    private final Ruleset oldRs;
    private final Ruleset newRs;
    /** Every rule either side has, lowered once when first read: boxes, walkers and the scans share it. */
    private final io.nflint.lower.LoweredRuleset lowered = io.nflint.lower.LoweredRuleset.lazy();
    private final int perEntry;
    private final DiffContext context;
    private final java.util.Map<PathRunner.Run, List<SiteTree>> bridgedTrees = new java.util.IdentityHashMap<>();
    private final Set<SiteTree> ebTrees = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public Differ(Z3Engine engine, Ruleset oldRs, Ruleset newRs, int perEntry, DiffContext context) {
        this.engine = engine;
        this.oldRs = oldRs;
        this.newRs = newRs;
        this.perEntry = perEntry;
        this.context = context;
    }

    /** The engine's work count when this diff started: {@link EngineOptions#diffWork()} is counted from it. */
    private long workStart;

    /** Whether this diff has spent its counted work limit (never a time: the same on every machine). */
    private boolean limitSpent() {
        long limit = engine.options.diffWork();
        return limit > 0 && engine.work() - workStart >= limit;
    }

    private String limitNote(int entry, int found) {
        return ENTRY_NAMES[entry] + ": not searched for " + (found == 0 ? "a packet" : "more packets")
                + " treated differently: the diff's solver work limit of " + WorkLimits.units(engine.options.diffWork())
                + " was spent (raise it with -Dnflint.symbolic.diffWork=UNITS, 0: no limit)";
    }

    public SemanticDiff run() {
        workStart = engine.work();
        List<String> notes = new ArrayList<>();
        if (oldRs.family() != newRs.family()) {
            throw new IllegalArgumentException("cannot compare " + oldRs.family().tool() + " with " + newRs.family().tool() + " rules");
        }
        if (!oldRs.family().isIp()) {
            notes.add(oldRs.family().tool() + " rule sets are compared on the bridged path of iptables or ip6tables rules"
                    + " (give them as bridge rules of an IP diff)");
            return new SemanticDiff(List.of(), notes);
        }
        boolean v6 = oldRs.family() == io.nflint.ir.Family.IPV6;
        HostFacts ho = context.hostOld() == null ? null : HostFacts.of(context.hostOld(), v6);
        HostFacts hn = context.hostNew() == null ? null : HostFacts.of(context.hostNew(), v6);
        factsOld = ho;
        factsNew = hn;
        Ruleset ebOld = context.oldBridgeRules();
        Ruleset ebNew = context.newBridgeRules();
        Slice region = changedRegion(oldRs, newRs);
        if (!java.util.Objects.equals(ho, hn)) {
            // the hosts route differently: any packet may be affected, whatever the rules did
            region = Slice.ALL;
        }
        boolean bridged = bridgedEntry(ho, hn);
        Slice bridgedRegion = new Slice(List.of());
        if (bridged) {
            Slice eb = ebOld == null && ebNew == null ? new Slice(List.of())
                    : changedRegion(ebOld == null ? emptyLike(ebNew) : ebOld, ebNew == null ? emptyLike(ebOld) : ebNew);
            // ebtables -i names a port where iptables -i names the bridge: slice on the other fields only
            bridgedRegion = region.union(eb).anyInterface();
            if (ebOld != null && ebOld.ruleCount() > 0 || ebNew != null && ebNew.ruleCount() > 0) {
                notes.add("bridged frames are compared as IP packets of the family; ebtables rules on other frames"
                        + " (ARP, VLAN) and MAC addresses are not compared");
            }
        }
        if (region.isEmpty() && bridgedRegion.isEmpty()) {
            return new SemanticDiff(List.of(), notes);
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (HostFacts h : new HostFacts[] {ho, hn}) {
            if (h != null) {
                known.addAll(h.interfaceNames());
            }
        }
        List<Ruleset> all = new ArrayList<>(List.of(oldRs, newRs));
        if (ebOld != null) {
            all.add(ebOld);
        }
        if (ebNew != null) {
            all.add(ebNew);
        }
        boolean hostBridges = ho != null && !ho.bridges().isEmpty() || hn != null && !hn.bridges().isEmpty();
        Encoding enc = engine.encoding(all, known, bridged && !hostBridges ? 3 : 0);
        Encoding encOld = enc.withHost(ho);
        Encoding encNew = enc.withHost(hn);
        List<SemanticDiff.Difference> out = new ArrayList<>();
        for (int entry = INGRESS; entry <= BRIDGED; entry++) {
            Slice slice = entry == BRIDGED ? bridgedRegion : region;
            if (slice.isEmpty()) {
                continue;
            }
            SymbolicWalker wo;
            SymbolicWalker wn;
            PathRunner.Run a;
            PathRunner.Run b;
            if (entry == BRIDGED) {
                wo = walker(encOld.onBridgedPath(false), oldRs, "");
                wn = walker(encNew.onBridgedPath(false), newRs, "");
                SymbolicWalker eo = ebOld == null ? null : walker(encOld.onBridgedPath(true), ebOld, "e");
                SymbolicWalker en = ebNew == null ? null : walker(encNew.onBridgedPath(true), ebNew, "e");
                PathRunner ro = new PathRunner(encOld.onBridgedPath(false));
                PathRunner rn = new PathRunner(encNew.onBridgedPath(false));
                bridgeNfOld = ho == null || ho.bridgeNfCall();
                bridgeNfNew = hn == null || hn.bridgeNfCall();
                a = ro.bridged(wo, eo, slice, bridgeNfOld);
                b = rn.bridged(wn, en, slice, bridgeNfNew);
                bridgedTrees.put(a, ro.bridgedTrees());
                bridgedTrees.put(b, rn.bridgedTrees());
                ebTrees.addAll(ro.ebtablesTrees());
                ebTrees.addAll(rn.ebtablesTrees());
            } else {
                wo = walker(encOld, oldRs, "");
                wn = walker(encNew, newRs, "");
                PathRunner ro = new PathRunner(encOld);
                PathRunner rn = new PathRunner(encNew);
                a = entry == INGRESS ? ro.ingress(wo, slice) : ro.localOut(wo, slice);
                b = entry == INGRESS ? rn.ingress(wn, slice) : rn.localOut(wn, slice);
            }
            List<SiteTree> to = entry == BRIDGED ? bridgedTrees.get(a) : wo.trees();
            List<SiteTree> tn = entry == BRIDGED ? bridgedTrees.get(b) : wn.trees();
            // bridged witnesses are preferred on the bridge's link, by the old side's routes
            out.addAll(witnesses(entry == BRIDGED ? encOld.onBridgedPath(false) : enc, entry, a, b, to, tn));
        }
        routingNotes(out, ho, hn, notes);
        if (bridged) {
            java.util.Set<String> hairpins = new java.util.TreeSet<>();
            for (io.nflint.host.HostModel h : new io.nflint.host.HostModel[] {context.hostOld(), context.hostNew()}) {
                if (h != null) {
                    h.bridgePorts().stream().filter(p -> Boolean.TRUE.equals(p.hairpin())).forEach(p -> hairpins.add(p.name()));
                }
            }
            if (!hairpins.isEmpty()) {
                notes.add("bridge ports in hairpin mode (" + String.join(", ", hairpins) + ") also send frames back out of the"
                        + " port they came in on; bridged frames are compared between two different ports only");
            }
        }
        if (mentionsMulticast(oldRs) || mentionsMulticast(newRs)) {
            notes.add("multicast is compared as the host delivers it to itself, not as a multicast router forwards it:"
                    + " rules only forwarded multicast meets (a host running a multicast routing daemon) are not compared");
        }
        return new SemanticDiff(out, notes, undecided);
    }

    /** A walker of {@code rs} over the diff's lowered rules, with the chain indexes of every other walker of it. */
    private SymbolicWalker walker(Encoding e, Ruleset rs, String side) {
        return new SymbolicWalker(e, rs, side, lowered)
                .sharingIndexes(indexes.computeIfAbsent(rs, k -> new java.util.HashMap<>()));
    }

    private final java.util.Map<Ruleset, java.util.Map<String, io.nflint.symbolic.slice.ChainSliceIndex>> indexes =
            new java.util.IdentityHashMap<>();

    private List<SemanticDiff.Difference> witnesses(Encoding enc, int entry, PathRunner.Run a, PathRunner.Run b,
                                                    List<SiteTree> wo, List<SiteTree> wn) {
        List<SemanticDiff.Difference> out = new ArrayList<>();
        BoolExpr differs = differs(enc, a, b);
        BoolExpr f = enc.and(enc.and(a.pre(), b.pre()), differs);
        Witnesses w = new Witnesses(enc);
        List<Expr<?>> paths = pathTerms(a, b);
        for (int i = 0; i < perEntry; i++) {
            if (limitSpent()) {
                undecided.add(limitNote(entry, i));
                break;
            }
            final int e = entry;
            engine.takeUndecided();
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
                String why = engine.takeUndecided();
                if (why != null) {
                    // giving up proves nothing: these rule sets are not shown equivalent here
                    undecided.add(ENTRY_NAMES[entry] + ": the solver gave up (" + why + ") looking for "
                            + (i == 0 ? "a packet" : "more packets") + " treated differently");
                }
                break;
            }
            SemanticDiff.Difference d = found.difference();
            WitnessPacket p = d.witness();
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
            SemanticDiff.Replay replay = entry == BRIDGED
                    ? WitnessReplay.replayBridged(oldRs, newRs, context.oldBridgeRules(), context.newBridgeRules(), d,
                            found.host(), w.bridgeOf(p), bridgeNfOld, bridgeNfNew, found.fragment())
                    : WitnessReplay.replay(oldRs, newRs, d, replayHost(context.hostOld(), factsOld, found.host()),
                            replayHost(context.hostNew(), factsNew, found.host()), found.fragment());
            out.add(d.withReplay(replay));
            f = enc.and(f, w.block(p));
        }
        return out;
    }

    /** Each side's host facts (null without a host model), for the replays. */
    private HostFacts factsOld;
    private HostFacts factsNew;

    /**
     * Where a side's witness is replayed: on the bundle's own host when the side has one (the model's
     * answers only for what the encoding left open there), else on the host the model chose.
     */
    private static io.nflint.walk.HostView replayHost(io.nflint.host.HostModel model, HostFacts facts, HostChoices choices) {
        if (model == null || facts == null) {
            return WitnessReplay.chosenHost(choices);
        }
        return io.nflint.symbolic.replay.BundleReplayHost.of(model, choices, !facts.routesKnown(), !facts.localKnown());
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
                        List<SiteTree> wo, List<SiteTree> wn, List<Expr<?>> paths) {
        return new Found(difference(enc, w, m, entry, a, b, wo, wn), w.hostChoices(m, paths),
                w.truth(m, enc.input.fragment()));
    }

    /**
     * Whether frames bridged between ports are compared: when a host has bridges, either side has
     * ebtables rules, or the iptables rules match bridge ports (physdev).
     */
    /** What the rule tests, from the diff's one table of lowered rules (both sides, both families). */
    private io.nflint.lower.LoweredRule lowered(Rule r) {
        return lowered.get(r);
    }

    private boolean bridgedEntry(HostFacts ho, HostFacts hn) {
        if (ho != null && !ho.bridges().isEmpty() || hn != null && !hn.bridges().isEmpty()) {
            return true;
        }
        if (context.oldBridgeRules() != null || context.newBridgeRules() != null) {
            return true;
        }
        for (Ruleset rs : List.of(oldRs, newRs)) {
            for (Rule r : rs.rules()) {
                if (lowered(r).reads(io.nflint.lower.Field.PHYSDEV_IN) || lowered(r).reads(io.nflint.lower.Field.PHYSDEV_OUT)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a rule matches multicast destinations in particular (not only as part of "any address"). */
    private boolean mentionsMulticast(Ruleset rs) {
        boolean v6 = rs.family() == io.nflint.ir.Family.IPV6;
        io.nflint.ir.IpNet groups = io.nflint.ir.IpNet.parse(v6 ? "ff00::/8" : "224.0.0.0/4").orElseThrow();
        for (io.nflint.ir.Table t : rs.tables()) {
            for (io.nflint.ir.Chain c : t.chains()) {
                for (Rule r : c.rules()) {
                    io.nflint.lower.LoweredRule l = lowered(r);
                    for (io.nflint.lower.FieldTest a : io.nflint.lower.FieldTests.whole(l, io.nflint.lower.Field.IP_DADDR)) {
                        if (a.nets() != null && a.nets().stream().anyMatch(n -> !n.isAny() && n.v6() == v6 && n.overlaps(groups))) {
                            return true;
                        }
                    }
                    // --dst-type MULTICAST, negated or not, with or without --limit-iface-*
                    for (io.nflint.lower.Field f : List.of(io.nflint.lower.Field.FIB_DADDR_TYPE,
                            io.nflint.lower.Field.FIB_DADDR_IIF_TYPE, io.nflint.lower.Field.FIB_DADDR_OIF_TYPE)) {
                        if (io.nflint.lower.FieldTests.conjuncts(l, f).stream()
                                .anyMatch(x -> x.symbols().contains(io.nflint.ir.AddrType.MULTICAST.name()))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Says what the differences assume of the host: any routing without a host model, the bundle's gaps with one. */
    private static void routingNotes(List<SemanticDiff.Difference> out, HostFacts ho, HostFacts hn, List<String> notes) {
        if (out.isEmpty()) {
            return;
        }
        if (ho == null) {
            notes.add("no host model: any address may be local and any destination may route out of any interface"
                    + " (arbitrary routing); compare host bundles to use a host's addresses and routes");
            return;
        }
        java.util.Set<String> gaps = new java.util.LinkedHashSet<>(ho.gaps());
        gaps.addAll(hn.gaps());
        notes.addAll(gaps);
    }

    private static Ruleset emptyLike(Ruleset rs) {
        return new Ruleset("<none>", rs.family(), false, List.of(), List.of(), List.of());
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

    private SemanticDiff.Difference difference(Encoding enc, Witnesses w, Model m, int entry, PathRunner.Run a,
                                               PathRunner.Run b, List<SiteTree> wo, List<SiteTree> wn) {
        WitnessPacket in = w.input(m);
        if (entry == BRIDGED) {
            return new SemanticDiff.Difference("bridged", in, outcome(enc, w, m, a, wo), outcome(enc, w, m, b, wn), false, List.of());
        }
        String label = entry == LOCAL_OUT ? "local-out" : w.truth(m, a.local()) ? "local-in" : "routed";
        if (entry == INGRESS && w.truth(m, a.local()) != w.truth(m, b.local())) {
            label = "routed";
        }
        return new SemanticDiff.Difference(label, in, outcome(enc, w, m, a, wo), outcome(enc, w, m, b, wn), false, List.of());
    }

    private SemanticDiff.Outcome outcome(Encoding enc, Witnesses w, Model m, PathRunner.Run r, List<SiteTree> trees) {
        int code = w.num(m, r.fate()).intValue();
        WalkState end = r.end();
        WitnessPacket after = w.packet(m, end.header(), end.mark(), end.connmark(), end.ct());
        List<String> trace = new ArrayList<>();
        List<SourceSpan> rules = new ArrayList<>();
        for (SiteTree tree : trees) {
            List<SiteTree.Site> taken = new ArrayList<>();
            tree.trace(e -> w.truth(m, e), taken);
            // ebtables rules are named like the walker's trace names them: family first
            String family = ebTrees.contains(tree) ? "eb:" : "";
            for (SiteTree.Site s : taken) {
                Rule rule = s.rule();
                trace.add(family + rule.table() + ":" + rule.chain() + ":rule:" + rule.number());
                rules.add(rule.span());
            }
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
    private Slice changedRegion(Ruleset oldRs, Ruleset newRs) {
        Slice region = new Slice(List.of());
        Set<String> tables = new HashSet<>();
        oldRs.tables().forEach(t -> tables.add(t.name()));
        newRs.tables().forEach(t -> tables.add(t.name()));
        for (String tn : tables) {
            Table to = oldRs.table(tn).orElse(null);
            Table tnw = newRs.table(tn).orElse(null);
            CallContexts go = to == null ? null : new CallContexts(oldRs, to, lowered);
            CallContexts gn = tnw == null ? null : new CallContexts(newRs, tnw, lowered);
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
                // a built-in chain's policy, or an ebtables user chain's (ACCEPT, DROP or RETURN)
                if (co != null && cw != null && !Objects.equals(po, pw)) {
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

    /** The same rule text but for counters (the same line text, the common case, is the quick answer). */
    private static boolean sameSpec(Rule a, Rule b) {
        return a.text().equals(b.text()) || a.specText().equals(b.specText());
    }

    /** Boxes of the rules of {@code mine} that are not matched, in order, by {@code theirs}. */
    private Slice changed(String table, List<Rule> mine, CallContexts graph, List<Rule> theirs) {
        int n = mine.size();
        int m = theirs.size();
        int head = 0;
        while (head < n && head < m && sameSpec(mine.get(head), theirs.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < n - head && tail < m - head
                && sameSpec(mine.get(n - 1 - tail), theirs.get(m - 1 - tail))) {
            tail++;
        }
        List<Box> boxes = new ArrayList<>();
        for (int i = head; i < n - tail; i++) {
            Rule r = mine.get(i);
            Set<Hook> hooks = graph == null ? Set.of() : graph.graph().hooks(r.chain());
            Slice s = (graph == null ? Slice.ALL : graph.slice(r.chain())).within(Box.of(lowered(r)));
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
