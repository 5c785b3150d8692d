package io.nflint.symbolic.logic;

import io.nflint.symbolic.slice.Box;
import io.nflint.pipeline.CallGraph;
import io.nflint.symbolic.slice.CallContexts;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.HostFacts;
import io.nflint.symbolic.z3.Interfaces;
import io.nflint.symbolic.z3.PathRunner;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.Z3Engine;
import com.microsoft.z3.BoolExpr;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.PacketPath;
import io.nflint.pipeline.Stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every rule-logic query shares: the rule set and host, the interfaces the encoding enumerates,
 * the solver side built on first use, the "enabled" literal of each rule, each table's call graph, the
 * places a rule's hook runs on each path, and the concrete probe that settles most rules without it.
 */
abstract class RuleQueries {

    private static final PacketPath[] PATHS = {PacketPath.ROUTED, PacketPath.LOCAL_IN, PacketPath.LOCAL_OUT};

    final Z3Engine engine;
    final Ruleset rs;
    /** The ruleset's rules lowered once, for the boxes, probes, covering rules and walkers; shared with the worker copies. */
    final io.nflint.lower.LoweredRuleset lowered;
    final RuleSetShare share;
    final io.nflint.host.HostModel host;
    /** The interfaces the encoding enumerates; the probes need them before (or without) the solver. */
    final Interfaces ifaces;
    final HostFacts facts;
    /**
     * The solver's side (encoding; plain walker; with an "enabled" literal per rule, to explain; with
     * one rule switched off), built when the first rule needs a query: a rule set whose every rule the
     * probes and covering rules settle never loads Z3.
     */
    Solving z;

    record Solving(Encoding enc, SymbolicWalker walker, SymbolicWalker explaining, SymbolicWalker keeping, SymbolicWalker without, PathRunner runner) {
    }

    Solving z() {
        if (z == null) {
            Encoding e = engine.encoding(rs, facts, ifaces);
            z = new Solving(e, new SymbolicWalker(e, rs, "r", lowered), new SymbolicWalker(e, rs, "r", lowered).enable(this::literal),
                    new SymbolicWalker(e, rs, "r", lowered).distinctPolicy(true),
                    new SymbolicWalker(e, rs, "r", lowered).distinctPolicy(true), new PathRunner(e));
        }
        return z;
    }

    Encoding enc() {
        return z().enc();
    }
    final ConcreteProbe probe;
    final Covers covers;
    final ChainCovers chainCovers;
    final Map<Rule, BoolExpr> enabled = new IdentityHashMap<>();
    /**
     * The same literals in the order they were made: the assumptions of an explaining query are passed
     * in this order, never in identity-hash order (which differs between runs and would change the
     * solver's search, its unsat cores and so the rules a finding names).
     */
    final List<BoolExpr> literalsInOrder = new ArrayList<>();
    final Map<String, Rule> byLiteral = new HashMap<>();

    final java.util.function.Predicate<Rule> examine;
    /**
     * Whether frames bridged through br_netfilter's iptables chains are asked about too: only they
     * carry bridge ports, so a rule with a physdev match may be reached nowhere else.
     */
    final boolean bridged;

    static boolean bridgedPathMatters(Interfaces.Mentioned mentioned, HostFacts facts) {
        return (facts == null || facts.bridgeNfCall()) && mentioned.physdev();
    }

    RuleQueries(Z3Engine engine, Ruleset rs, RuleSetShare share, java.util.function.Predicate<Rule> examine,
                io.nflint.host.HostModel host) {
        this.host = host;
        this.examine = examine;
        this.engine = engine;
        this.rs = rs;
        this.share = share;
        this.lowered = share.lowered;
        HostFacts facts = host == null ? null
                : HostFacts.of(host, rs.family() == io.nflint.ir.Family.IPV6).ignoringForwardingAndHairpin();
        Interfaces.Mentioned mentioned = Interfaces.scan(List.of(rs), lowered);
        this.bridged = bridgedPathMatters(mentioned, facts);
        this.facts = facts;
        // a bridged frame needs three interfaces besides the rules' own: in port, out port, bridge
        int spares = bridged && (facts == null || facts.bridges().isEmpty()) ? 3 : 0;
        this.ifaces = new Interfaces(mentioned, facts == null ? List.of() : facts.interfaceNames(), spares);
        this.probe = new ConcreteProbe(rs, lowered, share::inferredTopology, host, (table, chain) -> graph(rs.table(table).orElseThrow()).callers(chain));
        this.chainCovers = new ChainCovers(rs, lowered);
        this.covers = new Covers(rs, chainCovers);
    }

    io.nflint.lower.LoweredRule lowered(Rule r) {
        return lowered.get(r);
    }

    BoolExpr literal(Rule r) {
        return enabled.computeIfAbsent(r, k -> {
            String name = "en!" + enabled.size();
            byLiteral.put(name, k);
            BoolExpr lit = enc().ctx.mkBoolConst(name);
            literalsInOrder.add(lit);
            return lit;
        });
    }

    /** One place a rule runs: path, the stage index of its hook, where the query starts. */
    record Place(PacketPath path, int stage, int from) {
    }

    /** Thousands of chains share a handful of hook sets: their places are computed once per set. */
    final Map<String, List<Place>> placesByHooks = new HashMap<>();

    List<Place> places(String table, Set<io.nflint.pipeline.Hook> hooks) {
        return placesByHooks.computeIfAbsent(table + " " + hooks, k -> computePlaces(table, hooks));
    }

    List<Place> computePlaces(String table, Set<io.nflint.pipeline.Hook> hooks) {
        List<Place> out = new ArrayList<>();
        for (PacketPath p : PATHS) {
            List<Stage> stages = HookPlan.path(p, false);
            int from = 0;
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) instanceof Stage.Chain c && !c.bridgeFamily()) {
                    if (c.table().equals(table) && hooks.contains(c.hook())) {
                        out.add(new Place(p, i, from));
                    }
                    if (c.natOnly() && rewrites(c.hook())) {
                        from = i + 1;
                    }
                }
            }
        }
        if (bridged) {
            // last: routed and local packets are cheaper to ask about, and settle most rules
            List<Stage> stages = HookPlan.path(PacketPath.BRIDGED, true);
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) instanceof Stage.Chain c && !c.bridgeFamily() && c.table().equals(table)
                        && hooks.contains(c.hook())) {
                    out.add(new Place(PacketPath.BRIDGED, i, 0));
                }
            }
        }
        return out;
    }

    /** Whether the nat table can rewrite a header at this hook (a NAT target in a chain it reaches). */
    boolean rewrites(io.nflint.pipeline.Hook hook) {
        if (natRewrites == null) {
            // one pass over the nat table for every hook: which hooks reach a chain with a NAT target
            natRewrites = java.util.EnumSet.noneOf(io.nflint.pipeline.Hook.class);
            Table nat = rs.table("nat").orElse(null);
            if (nat != null) {
                CallGraph g = graph(nat);
                for (Chain c : nat.chains()) {
                    for (Rule r : c.rules()) {
                        io.nflint.ir.target.Target t = r.target();
                        if (t instanceof io.nflint.ir.target.Dnat || t instanceof io.nflint.ir.target.Snat
                                || t instanceof io.nflint.ir.target.Masquerade || t instanceof io.nflint.ir.target.Redirect
                                || t instanceof io.nflint.ir.target.Netmap || t instanceof io.nflint.ir.target.UnknownTarget) {
                            natRewrites.addAll(g.hooks(c.name()));
                            break;
                        }
                    }
                }
            }
        }
        return natRewrites.contains(hook);
    }

    Set<io.nflint.pipeline.Hook> natRewrites;

    /** The rule's box within each context its chain is called in (the jumps' interfaces and addresses included). */
    List<Box> boxesInContext(Rule rule) {
        return contextBoxes.computeIfAbsent(rule, x -> {
            Box own = Box.of(lowered(x));
            CallContexts g = contexts(rs.table(x.table()).orElseThrow());
            if (own == null || g == null) {
                return List.of();
            }
            List<Box> out = new ArrayList<>();
            for (Box ctx : g.contexts(x.chain())) {
                Box b = ctx.intersect(own);
                if (b != null) {
                    out.add(b);
                }
            }
            return out;
        });
    }

    final Map<Rule, List<Box>> contextBoxes = new IdentityHashMap<>();
    final Map<String, CallContexts> graphs = new HashMap<>();

    /** Each table's call graph with its call contexts, built once (rule logic and the NAT-hook pass both need nat's). */
    CallContexts contexts(Table t) {
        return graphs.computeIfAbsent(t.name(), n -> new CallContexts(rs, t, lowered));
    }

    CallGraph graph(Table t) {
        return contexts(t).graph();
    }

    boolean probe(Rule r, Place p, Box b) {
        if (p.path() == PacketPath.BRIDGED) {
            // the concrete probe walks routed and local packets only; the solver answers for frames
            return false;
        }
        int other = ifaces.count() - 1;
        int in = ifaceGuess(r, b.inIf(), io.nflint.lower.Field.IIFNAME, other);
        int out = ifaceGuess(r, b.outIf(), io.nflint.lower.Field.OIFNAME, other);
        // "other" (or open) leaves the choice to the probe, which tries the topology's interfaces too
        return probe.reaches(r, p.path(), b, in < 0 || in == other ? null : ifaces.name(in),
                out < 0 || out == other ? null : ifaces.name(out));
    }

    /** An interface id the rule's own {@code -i}/{@code -o} allow, or -1 to leave it open. */
    int ifaceGuess(Rule r, String boxPattern, io.nflint.lower.Field field, int other) {
        if (boxPattern != null) {
            List<Integer> ids = ifaces.matching(boxPattern);
            return ids.isEmpty() ? -1 : ids.get(0);
        }
        for (io.nflint.lower.FieldTest t : io.nflint.lower.FieldTests.whole(lowered(r), field)) {
            if (t.negated() && ifaces.matching(((io.nflint.lower.Values.Name) t.values()).pattern()).contains(other)) {
                return -1;
            }
        }
        return other;
    }
}
