package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.lower.nft.NftLoweredRule;
import io.nflint.lower.nft.NftOp;
import io.nflint.pipeline.Hook;
import io.nflint.pipeline.Stage;
import io.nflint.symbolic.Emptiness;
import io.nflint.symbolic.NftRuleLogicReport;
import io.nflint.walk.NftPipeline;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NFL101–103 on a native nftables ruleset. Each base chain is walked symbolically
 * ({@link NftSymbolicWalker}) from every packet that can enter it at its hook: any header, marks and
 * conntrack state, the in and out interfaces the hook has, and a connection's original tuple left
 * open (earlier chains may have translated the packet). A rule is shadowed when no packet that
 * reaches it satisfies its conditions, redundant when switching it off changes no packet's verdict,
 * marks or addresses at the end of the base chain, and a regular chain unreachable when no packet
 * takes any jump to it — in every base chain and family (an inet table: IPv4 and IPv6) that reaches
 * them. What the encoding cannot model is an unknown the solver may choose either way, so a
 * finding holds whatever it is. Work is counted: each query stops at the query limit (rlimit) and
 * the ruleset's analysis at the rule-logic limit; rules left are reported as undecided.
 */
public final class NftRuleLogic {

    /** Earlier rules asked about per shadowed rule, and named at most. */
    private static final int MAX_DECIDER_QUERIES = 24;
    private static final int MAX_DECIDERS = 4;

    private enum State { LIVE, UNDECIDED, SHADOWED, NEVER }

    private final Z3Engine engine;
    private final NftRuleset nft;
    private final NftPipeline pipeline;
    private final long budget;
    private final long start;
    private final Map<NftRule, State> states = new IdentityHashMap<>();
    private final Map<NftRule, String> where = new IdentityHashMap<>();
    private final Map<NftRule, List<NftRule>> deciders = new IdentityHashMap<>();
    private final Map<NftRule, Boolean> redundant = new IdentityHashMap<>();
    private final Map<NftChain, List<NftRule>> jumps = new IdentityHashMap<>();
    private final Map<NftChain, Boolean> entered = new IdentityHashMap<>();
    private final Map<NftChain, String> chainWhere = new IdentityHashMap<>();
    private final List<NftRule> order = new ArrayList<>();
    private final List<NftChain> chainOrder = new ArrayList<>();
    private final Map<Boolean, Interfaces> ifaces = new java.util.HashMap<>();
    private int skipped;
    private final List<NftRuleLogicReport.Undecided> undecided = new ArrayList<>();

    /** Tables with more rules are not walked symbolically (a count, the same on every machine). */
    static final int MAX_TABLE_RULES = 4000;

    NftRuleLogic(Z3Engine engine, NftRuleset nft) {
        this.engine = engine;
        this.nft = nft;
        this.pipeline = new NftPipeline(nft, List.of());
        this.budget = engine.options.ruleLogicWork();
        this.start = engine.work();
    }

    NftRuleLogicReport run() {
        for (NftTable t : nft.tables()) {
            if (pipeline.table(t.family().keyword(), t.name()) != t) {
                continue;
            }
            int rules = t.chains().stream().mapToInt(c -> c.rules().size()).sum();
            for (NftChain c : t.chains()) {
                Hook hook = c.base().isEmpty() ? null : NftPipeline.hook(c.base().get().hook());
                if (hook == null) {
                    continue;
                }
                if (rules > MAX_TABLE_RULES) {
                    // building one walk's formulas over a table this size (kube-proxy's vmaps into
                    // thousands of chains) takes memory no query limit counts: say so, by count
                    if (!c.rules().isEmpty()) {
                        undecided.add(new NftRuleLogicReport.Undecided(c.rules().get(0), "whether the rules of "
                                + t.name() + " are shadowed or redundant (the table has " + rules
                                + " rules, more than the " + MAX_TABLE_RULES + " rule logic examines in one table)"));
                    }
                    continue;
                }
                for (boolean v6 : families(t.family())) {
                    analyse(t, c, hook, v6);
                }
            }
        }
        return report();
    }

    private static List<Boolean> families(NftFamily f) {
        return f == NftFamily.IP ? List.of(false) : f == NftFamily.IP6 ? List.of(true) : List.of(false, true);
    }

    private boolean spent() {
        return budget > 0 && engine.work() - start > budget;
    }

    /** What one walk recorded, in the order the walk met it. */
    private static final class Walk implements NftSymbolicWalker.Recorder {
        final Map<NftRule, List<BoolExpr[]>> sites = new LinkedHashMap<>();
        final List<NftRule> decidedOrder = new ArrayList<>();
        final Map<NftRule, BoolExpr> decided = new IdentityHashMap<>();
        final Map<NftChain, List<Object[]>> calls = new LinkedHashMap<>();
        final Map<NftChain, NftTable> callTables = new IdentityHashMap<>();
        private final com.microsoft.z3.Context ctx;

        Walk(com.microsoft.z3.Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void rule(NftRule rule, BoolExpr reach, BoolExpr tests) {
            sites.computeIfAbsent(rule, r -> new ArrayList<>()).add(new BoolExpr[] {reach, tests});
        }

        @Override
        public void decided(NftRule rule, BoolExpr taken) {
            if (!decided.containsKey(rule)) {
                decidedOrder.add(rule);
            }
            decided.merge(rule, taken, (a, b) -> ctx.mkOr(a, b));
        }

        @Override
        public void entered(NftTable table, NftChain chain, NftRule from, BoolExpr taken) {
            calls.computeIfAbsent(chain, c -> new ArrayList<>()).add(new Object[] {from, taken});
            callTables.put(chain, table);
        }
    }

    private void analyse(NftTable table, NftChain base, Hook hook, boolean v6) {
        Family family = v6 ? Family.IPV6 : Family.IPV4;
        Ruleset none = new Ruleset("nft", family, false, List.of(), List.of(), List.of());
        Interfaces names = ifaces.computeIfAbsent(v6, x -> new Interfaces(NftSymbolicWalker.mentioned(nft, pipeline,
                new Interfaces.Mentioned(new java.util.TreeSet<>(), new java.util.TreeSet<>(), false)), List.of(), 1));
        Encoding enc = engine.encoding(none, null, names);
        Map<NftRule, BoolExpr> on = new IdentityHashMap<>();
        Walk walk = new Walk(enc.ctx);
        NftSymbolicWalker w = new NftSymbolicWalker(enc, pipeline, new SymbolicWalker(enc, none, ""))
                .record(walk).enable(r -> on.computeIfAbsent(r, x -> enc.ctx.mkBoolConst("on#" + on.size())));
        Stage.NftBase stage = new Stage.NftBase(table.family().keyword(), table.name(), base.name(),
                base.base().get().type(), hook, base.base().get().priority());
        String at = table.family().keyword() + " " + table.name() + " " + base.name();
        BitVecExpr none0 = enc.num(Interfaces.NONE, enc.ifaces.bits());
        boolean hasIn = hook != Hook.OUTPUT;
        boolean hasOut = hook == Hook.FORWARD || hook == Hook.OUTPUT || hook == Hook.POSTROUTING;
        Header in = enc.input;
        // the header as it enters this chain: earlier chains may have translated it, so not the original tuple
        Header entry = new Header(enc.bv("entry_src", enc.addrBits), enc.bv("entry_dst", enc.addrBits), in.proto(),
                enc.bv("entry_sport", 16), enc.bv("entry_dport", 16), in.icmpType(), in.icmpCode(), in.tcpFlags(),
                in.fragment(), hasIn ? in.inIf() : none0, hasOut ? in.outIf() : none0);
        WalkState st = new WalkState(enc.ctx.mkTrue(), enc.num(Encoding.NONE, 3), enc.mark, enc.connmark, enc.ct,
                enc.ctx.mkFalse(), enc.ctx.mkFalse(), entry);
        WalkState out = w.walkBase(stage, st);
        List<BoolExpr> pre = new ArrayList<>(enc.axioms);
        if (hasIn && hook != Hook.POSTROUTING) {
            // at postrouting a forwarded packet has its in device and a local one none
            pre.add(enc.not(enc.ctx.mkEq(in.inIf(), none0)));
        }
        if (hasOut) {
            pre.add(enc.not(enc.ctx.mkEq(in.outIf(), none0)));
        }
        on.values().forEach(pre::add);
        Header h = out.header();
        List<Expr<?>> fate = List.of(out.verdict(), out.mark(), out.connmark(), out.notrack(), out.masqueraded(),
                h.src(), h.dst(), h.sport(), h.dport());
        for (Map.Entry<NftRule, List<BoolExpr[]>> e : walk.sites.entrySet()) {
            NftRule rule = e.getKey();
            if (!states.containsKey(rule)) {
                order.add(rule);
                where.put(rule, chainOf(table, rule));
            }
            if (spent()) {
                if (!states.containsKey(rule)) {
                    skipped++;
                    undecided.add(new NftRuleLogicReport.Undecided(rule, "whether the rule is shadowed (the rule logic work limit was spent)"));
                    states.put(rule, State.UNDECIDED);
                }
                continue;
            }
            examine(enc, pre, walk, rule, e.getValue(), on, fate);
        }
        for (Map.Entry<NftChain, List<Object[]>> c : walk.calls.entrySet()) {
            NftChain chain = c.getKey();
            if (!entered.containsKey(chain)) {
                chainOrder.add(chain);
                chainWhere.put(chain, table.family().keyword() + " " + walk.callTables.get(chain).name() + " " + chain.name());
                entered.put(chain, false);
            }
            for (Object[] site : c.getValue()) {
                NftRule from = (NftRule) site[0];
                List<NftRule> js = jumps.computeIfAbsent(chain, x -> new ArrayList<>());
                if (!js.contains(from)) {
                    js.add(from);
                }
                if (!entered.get(chain)) {
                    Emptiness taken = spent() ? Emptiness.UNKNOWN : check(pre, (BoolExpr) site[1]);
                    if (taken != Emptiness.EMPTY) {
                        entered.put(chain, true);
                    }
                }
            }
        }
    }

    private static String chainOf(NftTable table, NftRule rule) {
        for (NftChain c : table.chains()) {
            for (NftRule r : c.rules()) {
                if (r == rule) {
                    return table.family().keyword() + " " + table.name() + " " + c.name();
                }
            }
        }
        return table.family().keyword() + " " + table.name();
    }

    private void examine(Encoding enc, List<BoolExpr> pre, Walk walk, NftRule rule, List<BoolExpr[]> sites,
                         Map<NftRule, BoolExpr> on, List<Expr<?>> fate) {
        BoolExpr matched = enc.ctx.mkFalse();
        BoolExpr tests = enc.ctx.mkFalse();
        for (BoolExpr[] s : sites) {
            matched = enc.or(matched, enc.and(s[0], s[1]));
            tests = enc.or(tests, s[1]);
        }
        State before = states.get(rule);
        if (before == State.LIVE) {
            redundancy(enc, pre, rule, on, fate);
            return;
        }
        Emptiness reached = check(pre, matched);
        State now;
        if (reached == Emptiness.NONEMPTY) {
            now = State.LIVE;
        } else if (reached == Emptiness.UNKNOWN) {
            now = State.UNDECIDED;
            undecided.add(new NftRuleLogicReport.Undecided(rule, "whether any packet reaching the rule matches it"));
        } else {
            now = check(pre, tests) == Emptiness.EMPTY ? State.NEVER : State.SHADOWED;
            if (now == State.SHADOWED) {
                deciders.computeIfAbsent(rule, r -> new ArrayList<>()).addAll(deciders(enc, pre, walk, rule, tests));
            }
        }
        State merged = before == null ? now : merge(before, now);
        states.put(rule, merged);
        if (merged == State.LIVE) {
            redundancy(enc, pre, rule, on, fate);
        }
    }

    /** LIVE anywhere makes a rule live; otherwise undecided anywhere leaves it undecided; NEVER only if never everywhere. */
    private static State merge(State a, State b) {
        if (a == State.LIVE || b == State.LIVE) {
            return State.LIVE;
        }
        if (a == State.UNDECIDED || b == State.UNDECIDED) {
            return State.UNDECIDED;
        }
        return a == State.NEVER && b == State.NEVER ? State.NEVER : State.SHADOWED;
    }

    /** Earlier rules of the walk that end packets the rule would match. */
    private List<NftRule> deciders(Encoding enc, List<BoolExpr> pre, Walk walk, NftRule rule, BoolExpr tests) {
        List<NftRule> out = new ArrayList<>();
        int asked = 0;
        for (NftRule d : walk.decidedOrder) {
            if (d == rule) {
                break;
            }
            if (asked++ >= MAX_DECIDER_QUERIES || out.size() >= MAX_DECIDERS || spent()) {
                break;
            }
            if (check(pre, enc.and(walk.decided.get(d), tests)) == Emptiness.NONEMPTY) {
                out.add(d);
            }
        }
        return out;
    }

    /** Whether switching the rule off changes the base chain's result for some packet (once per walk that reaches it). */
    private void redundancy(Encoding enc, List<BoolExpr> pre, NftRule rule, Map<NftRule, BoolExpr> on, List<Expr<?>> fate) {
        if (Boolean.FALSE.equals(redundant.get(rule)) || !candidate(rule) || spent()) {
            redundant.put(rule, false);
            return;
        }
        BoolExpr lit = on.get(rule);
        BoolExpr differs = enc.ctx.mkFalse();
        for (Expr<?> f : fate) {
            Expr<?> a = f.substitute(lit, enc.ctx.mkTrue());
            Expr<?> b = f.substitute(lit, enc.ctx.mkFalse());
            differs = enc.or(differs, enc.not(enc.ctx.mkEq(a, b)));
        }
        List<BoolExpr> q = new ArrayList<>();
        for (BoolExpr p : pre) {
            if (p != lit) {
                q.add(p);
            }
        }
        q.add(differs);
        redundant.put(rule, engine.check(q, new BoolExpr[0]).emptiness() == Emptiness.EMPTY);
    }

    /**
     * A rule whose removal can only change verdicts: matches and a final accept, drop or reject (no
     * counter, log, mark, NAT or map), in a table whose rejects all answer alike and whose rules after
     * it in its chain log, count, mark or queue nothing that its packets would then meet.
     */
    private boolean candidate(NftRule rule) {
        NftTable table = null;
        NftChain chain = null;
        for (NftTable t : nft.tables()) {
            for (NftChain c : t.chains()) {
                if (c.rules().stream().anyMatch(r -> r == rule)) {
                    table = t;
                    chain = c;
                }
            }
        }
        if (table == null) {
            return false;
        }
        List<NftOp> ops = pipeline.lowered(table, rule).ops();
        for (int i = 0; i < ops.size(); i++) {
            NftOp op = ops.get(i);
            boolean last = i == ops.size() - 1;
            if (op instanceof NftOp.Test) {
                continue;
            }
            boolean ends = op instanceof NftOp.Reject || op instanceof NftOp.Verdict v
                    && (v.kind() == NftStmt.VerdictKind.ACCEPT || v.kind() == NftStmt.VerdictKind.DROP);
            if (!ends || !last) {
                return false;
            }
        }
        if (ops.isEmpty() || ops.get(ops.size() - 1) instanceof NftOp.Test) {
            return false;
        }
        if (ops.get(ops.size() - 1) instanceof NftOp.Reject && rejectKinds(table) > 1) {
            return false;
        }
        int at = chain.rules().indexOf(rule);
        return !sideEffects(table, chain.rules().subList(at + 1, chain.rules().size()), new java.util.HashSet<>());
    }

    private int rejectKinds(NftTable table) {
        java.util.Set<String> kinds = new java.util.HashSet<>();
        for (NftChain c : table.chains()) {
            for (NftRule r : c.rules()) {
                for (NftOp op : pipeline.lowered(table, r).ops()) {
                    if (op instanceof NftOp.Reject rj) {
                        kinds.add(rj.type() + " " + rj.code());
                    }
                }
            }
        }
        return kinds.size();
    }

    /** Whether these rules, or chains they jump to, have statements besides matches and verdicts. */
    private boolean sideEffects(NftTable table, List<NftRule> rules, java.util.Set<String> seen) {
        for (NftRule r : rules) {
            NftLoweredRule l = pipeline.lowered(table, r);
            for (NftOp op : l.ops()) {
                if (op instanceof NftOp.SideEffect || op instanceof NftOp.SetMark || op instanceof NftOp.Notrack
                        || op instanceof NftOp.Unknown || op instanceof NftOp.Nat) {
                    return true;
                }
                List<NftOp.Verdict> vs = new ArrayList<>();
                if (op instanceof NftOp.Verdict v) {
                    vs.add(v);
                } else if (op instanceof NftOp.VerdictMap vm) {
                    vm.entries().forEach(e -> vs.add(e.data()));
                    if (vm.unknown() != null) {
                        return true;
                    }
                }
                for (NftOp.Verdict v : vs) {
                    if (v.chain() != null && seen.add(v.chain())) {
                        NftChain callee = table.chain(v.chain()).orElse(null);
                        if (callee != null && sideEffects(table, callee.rules(), seen)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private Emptiness check(List<BoolExpr> pre, BoolExpr query) {
        if (query.isFalse()) {
            return Emptiness.EMPTY;
        }
        List<BoolExpr> q = new ArrayList<>(pre);
        q.add(query);
        return engine.check(q, new BoolExpr[0]).emptiness();
    }

    private NftRuleLogicReport report() {
        List<NftRuleLogicReport.Shadowed> shadowed = new ArrayList<>();
        List<NftRuleLogicReport.Redundant> red = new ArrayList<>();
        // the rules of an unreachable chain are reported once, on the chain
        java.util.Set<String> dead = new java.util.HashSet<>();
        for (NftChain c : chainOrder) {
            if (!entered.get(c) && !c.isBase()) {
                dead.add(chainWhere.get(c));
            }
        }
        for (NftRule r : order) {
            State s = states.get(r);
            if (dead.contains(where.get(r))) {
                continue;
            }
            if (s == State.SHADOWED || s == State.NEVER) {
                shadowed.add(new NftRuleLogicReport.Shadowed(r, where.get(r), s == State.NEVER,
                        deciders.getOrDefault(r, List.of()).stream().distinct().toList()));
            } else if (s == State.LIVE && Boolean.TRUE.equals(redundant.get(r))) {
                red.add(new NftRuleLogicReport.Redundant(r, where.get(r)));
            }
        }
        List<NftRuleLogicReport.UnreachableChain> chains = new ArrayList<>();
        for (NftChain c : chainOrder) {
            if (!entered.get(c) && !c.isBase()) {
                chains.add(new NftRuleLogicReport.UnreachableChain(chainWhere.get(c), c, jumps.getOrDefault(c, List.of())));
            }
        }
        List<NftRuleLogicReport.Undecided> open = new ArrayList<>();
        java.util.Set<NftRule> said = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (NftRuleLogicReport.Undecided u : undecided) {
            if (states.get(u.rule()) == State.UNDECIDED && said.add(u.rule())) {
                open.add(u);
            }
        }
        return new NftRuleLogicReport(shadowed, red, chains, open, order.size() - skipped, skipped);
    }
}
