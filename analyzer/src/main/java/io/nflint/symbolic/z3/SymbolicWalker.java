package io.nflint.symbolic.z3;

import io.nflint.symbolic.EngineStats;
import io.nflint.pipeline.CallGraph;
import io.nflint.symbolic.slice.ChainSliceIndex;
import io.nflint.symbolic.slice.Slice;
import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import io.nflint.ir.Chain;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.Netmap;
import io.nflint.ir.target.Notrack;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Snat;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.ir.target.Verdict;
import io.nflint.pipeline.Hook;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Symbolic execution of one table's base chain: every rule in order, user chains inlined at their
 * jumps ({@code -j} returns here, {@code -g} returns past the caller), RETURN, policies, MARK and
 * CONNMARK in SSA style, NAT as rewrites of the header. Only rules whose box overlaps the slice are
 * encoded. Jump cycles are cut (the cyclic jump is taken as not matching) and recorded.
 */
public final class SymbolicWalker {

    private static final boolean TRACE_ENCODED = io.nflint.debug.DebugSwitches.CURRENT.traceEncoded();
    private final Encoding enc;
    private final MatchEncoder matches;
    private final Ruleset ruleset;
    private final String side;
    private Map<String, ChainSliceIndex> indexes = new HashMap<>();
    private final Map<Rule, Object[]> headerMatchCache = new java.util.IdentityHashMap<>();
    /** Each rule lowered once, shared with whoever owns the rule set (the queries' other walkers, its boxes). */
    private final io.nflint.lower.LoweredRuleset lowered;
    /** How deep calls are encoded; RuleLogic reports the rules below as undecided, not unreachable. */
    public static final int MAX_CALL_DEPTH = 64;

    private final Set<String> cycles = new LinkedHashSet<>();
    private final Map<String, Integer> occurrences = new HashMap<>();
    private Function<Rule, BoolExpr> enable = r -> null;
    /**
     * The header and MASQUERADE flag as the current hook received them. Every rewriting target ends
     * the hook's traversal, so a packet still traversing always has these: rules match against them,
     * and only the hook's result carries the rewrites (which keeps matches small after NAT rules).
     */
    private Header stageHeader;
    /** Gives the policy its own verdict codes (5 accept, 6 drop), to tell "decided by a rule" from "fell through". */
    private boolean distinctPolicy;
    private BoolExpr stageMasq;
    private final List<SiteTree> trees = new ArrayList<>();
    private final Map<SummaryKey, Summary> summaries = new HashMap<>();
    private static final int MAX_SUMMARIES = 20_000;

    /** What a called chain does to a packet that enters it, independent of the call site. */
    private record Summary(WalkState out, SiteTree tree) {
    }

    /** A chain summary is valid for the same chain, slice and entry state (Z3 terms compare by identity of the hash-consed AST). */
    private record SummaryKey(String table, String chain, String stage, Object slice, BitVecExpr mark, BitVecExpr connmark,
                              BitVecExpr ct, BoolExpr notrack, BoolExpr masq, Header header) {
    }

    /** {@code side} prefixes the names of fresh variables, so two rule sets compared share them by rule text. */
    public SymbolicWalker(Encoding enc, Ruleset ruleset, String side) {
        this(enc, ruleset, side, io.nflint.lower.LoweredRuleset.lazy());
    }

    /** The same, reading the rules from {@code lowered}, the rule set's lowered form its owner keeps. */
    public SymbolicWalker(Encoding enc, Ruleset ruleset, String side, io.nflint.lower.LoweredRuleset lowered) {
        this.enc = enc;
        this.matches = new MatchEncoder(enc);
        this.ruleset = ruleset;
        this.side = side;
        this.lowered = lowered;
    }

    /** Sets how rules are switched on or off (a literal, FALSE, or null for always on); clears the chain summaries. */
    public SymbolicWalker enable(Function<Rule, BoolExpr> e) {
        this.enable = e;
        summaries.clear();
        return this;
    }

    public SymbolicWalker distinctPolicy(boolean on) {
        this.distinctPolicy = on;
        return this;
    }

    /**
     * With distinct policies: a REJECT whose {@code --reject-with} differs from {@code with} gets
     * a verdict code of its own (7), so that dropping a rule that answers port-unreachable in
     * favour of a later one answering tcp-reset counts as a change.
     */
    public SymbolicWalker rejectAs(String with) {
        this.rejectAs = with;
        summaries.clear();
        return this;
    }

    private String rejectAs;

    /** The trees of the base chains walked since the last {@link #reset()}, in path order. */
    public List<SiteTree> trees() {
        return trees;
    }

    Set<String> cycles() {
        return cycles;
    }

    /** Starts a new query: fresh-variable numbering restarts, so equal walks name equal variables. */
    public void reset() {
        occurrences.clear();
        trees.clear();
        if (summaries.size() > MAX_SUMMARIES) {
            summaries.clear();
        }
    }

    /**
     * Keeps its chains' slice indexes in {@code shared}, which other walkers of the same rule set and
     * lowered rules also use: a diff builds them once, not once per entry point.
     */
    public SymbolicWalker sharingIndexes(Map<String, ChainSliceIndex> shared) {
        shared.putAll(indexes);
        indexes = shared;
        return this;
    }

    ChainSliceIndex index(String table, String chain) {
        ChainSliceIndex known = indexes.get(table + "\u0000" + chain);
        if (known != null) {
            return known;
        }
        // build every chain's index of the table at once: Table.chain is a linear search
        for (Table t : ruleset.tables()) {
            if (t.name().equals(table)) {
                for (Chain c : t.chains()) {
                    indexes.putIfAbsent(table + "\u0000" + c.name(), new ChainSliceIndex(c.rules(), lowered));
                }
            }
        }
        return indexes.computeIfAbsent(table + "\u0000" + chain, k -> new ChainSliceIndex(List.of(), lowered));
    }

    /**
     * Runs the base chain {@code hook} of {@code table} on the packets {@code st.live()}: the result's
     * verdict is the hook's (policy for the packets that fell through) and its live is false.
     */
    WalkState walkBase(String table, Hook hook, WalkState st, Slice slice) {
        Table t = ruleset.table(table).orElse(null);
        Chain base = t == null ? null : t.chain(hook.name()).orElse(null);
        if (base == null) {
            return st.withVerdict(enc.ite(st.live(), enc.num(Encoding.ACCEPT, 3), st.verdict())).withLive(enc.ctx.mkFalse());
        }
        String stage = table + ":" + hook.name();
        Deque<String> stack = new ArrayDeque<>();
        stack.push(hook.name());
        SiteTree tree = new SiteTree();
        trees.add(tree);
        stageHeader = st.header();
        stageMasq = st.masqueraded();
        WalkState out = walkChain(table, hook.name(), stage, st, slice, stack, tree, false);
        int policy = "DROP".equals(base.policy()) ? Encoding.DROP : Encoding.ACCEPT;
        if (distinctPolicy) {
            policy += 4;
        }
        return out.withVerdict(enc.ite(out.live(), enc.num(policy, 3), out.verdict())).withLive(enc.ctx.mkFalse());
    }

    /** Walks one chain; the result's live holds for the packets that leave it back to the caller. */
    private WalkState walkChain(String table, String chain, String stage, WalkState in, Slice slice, Deque<String> stack,
                                SiteTree tree, boolean outerMore) {
        ChainSliceIndex idx = index(table, chain);
        WalkState st = in;
        BoolExpr returned = enc.ctx.mkFalse();
        Map<String, Integer> last = horizon != null && stage.equals(horizonStage) ? horizonLast : null;
        int lastHere = last == null ? Integer.MAX_VALUE : last.getOrDefault(chain, -1);
        for (int pos : idx.candidates(slice)) {
            if (st.live().isFalse()) {
                break;
            }
            if (last != null && !outerMore && pos > lastHere) {
                // past the horizon: no later rule of this walk can lead to the rule the query is about
                break;
            }
            Rule rule = idx.rules().get(pos);
            EngineStats.RULES_ENCODED.incrementAndGet();
            if (TRACE_ENCODED) {
                System.err.println("  enc " + stage + " " + rule.chain() + " line " + rule.span().line());
            }
            BoolExpr cond = match(rule, st);
            BoolExpr en = enable.apply(rule);
            if (en != null) {
                cond = enc.and(en, cond);
            }
            BoolExpr taken = enc.and(st.live(), cond);
            if (taken.isFalse()) {
                tree.add(new SiteTree.Site(rule, stage, taken, null));
                continue;
            }
            Target target = rule.target();
            BoolExpr passes = enc.and(st.live(), enc.not(cond));
            String callee = CallGraph.callee(target);
            if (callee != null) {
                if (stack.contains(callee) || stack.size() > MAX_CALL_DEPTH) {
                    cycles.add(table + ":" + String.join(" > ", stack) + " > " + callee);
                    tree.add(new SiteTree.Site(rule, stage, taken, null));
                    continue;
                }
                if (rule == horizon && !outerMore && pos >= lastHere) {
                    // the query only asks whether this jump is taken: what the callee does is past the horizon
                    tree.add(new SiteTree.Site(rule, stage, taken, null));
                    break;
                }
                boolean more = last != null && (outerMore || pos < lastHere);
                Summary sum = last != null && !more
                        ? walkCallee(table, callee, stage, st, slice.within(idx.box(pos)), stack, false)
                        : summary(table, callee, stage, st, slice.within(idx.box(pos)), stack);
                tree.add(new SiteTree.Site(rule, stage, taken, sum.tree()));
                WalkState merged = mergeCall(taken, sum.out(), st);
                BoolExpr back = sum.out().live();
                if (target instanceof Jump) {
                    // a callee every packet returns from (KUBE-MARK-MASQ) leaves the live set as it was
                    st = merged.withLive(back.isTrue() ? st.live() : enc.or(passes, enc.and(taken, back)));
                } else {
                    returned = enc.or(returned, enc.and(taken, back));
                    st = merged.withLive(passes);
                }
                continue;
            }
            tree.add(new SiteTree.Site(rule, stage, taken, null));
            st = apply(rule, target, taken, st).withLive(terminal(target) ? passes : st.live());
            if (target instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                returned = enc.or(returned, taken);
                st = st.withLive(passes);
            }
        }
        // ebtables user chains carry their own policy: a packet that falls off one is decided there
        Chain own = ruleset.family() == io.nflint.ir.Family.BRIDGE
                ? ruleset.table(table).flatMap(t -> t.chain(chain)).orElse(null) : null;
        if (own != null && !own.builtin() && ("ACCEPT".equals(own.policy()) || "DROP".equals(own.policy()))) {
            int code = "ACCEPT".equals(own.policy()) ? Encoding.ACCEPT : Encoding.DROP;
            st = st.withVerdict(enc.ite(st.live(), enc.num(code, 3), st.verdict())).withLive(enc.ctx.mkFalse());
        }
        return st.withLive(enc.or(st.live(), returned));
    }

    /**
     * The callee walked once from an entry where every packet is live and has no verdict yet, reused
     * at every call site with the same slice and state: a call then costs a few {@code ite} terms.
     */
    private Summary summary(String table, String callee, String stage, WalkState st, Slice slice, Deque<String> stack) {
        SummaryKey key = new SummaryKey(table, callee, stage, sliceKey(table, callee, slice), st.mark(), st.connmark(), st.ct(),
                st.notrack(), stageMasq, stageHeader);
        Summary known = summaries.get(key);
        if (known != null) {
            return known;
        }
        Summary sum = walkCallee(table, callee, stage, st, slice, stack, true);
        summaries.put(key, sum);
        return sum;
    }

    /** The callee walked from a fresh entry; {@code outerMore} false lets it stop at the horizon (never cached then). */
    private Summary walkCallee(String table, String callee, String stage, WalkState st, Slice slice, Deque<String> stack,
                               boolean outerMore) {
        WalkState entry = st.withLive(enc.ctx.mkTrue()).withVerdict(enc.num(Encoding.NONE, 3)).withHeader(stageHeader, stageMasq);
        SiteTree tree = new SiteTree();
        stack.push(callee);
        WalkState out = walkChain(table, callee, stage, entry, slice, stack, tree, outerMore);
        stack.pop();
        return new Summary(out, tree);
    }

    /**
     * Stop encoding the rule's own stage after the last place the rule can still be reached (a
     * reachability query does not care what happens after it): per chain of the stage's table, the
     * last position that is the rule or calls a chain leading to it.
     */
    public SymbolicWalker horizon(Rule rule, String stage) {
        horizon = rule;
        horizonStage = stage;
        horizonLast = rule == null ? null : lastPositions(rule);
        return this;
    }

    private Rule horizon;
    private String horizonStage;
    private Map<String, Integer> horizonLast;

    private Map<String, Integer> lastPositions(Rule rule) {
        Map<String, List<int[]>> callers = callersOf(rule.table());
        Map<String, Integer> last = new HashMap<>();
        List<Rule> own = index(rule.table(), rule.chain()).rules();
        int at = -1;
        for (int i = 0; i < own.size() && at < 0; i++) {
            if (own.get(i) == rule) {
                at = i;
            }
        }
        last.put(rule.chain(), at);
        Deque<String> todo = new ArrayDeque<>(List.of(rule.chain()));
        Set<String> seen = new java.util.HashSet<>(todo);
        List<String> names = chainNames.get(rule.table());
        while (!todo.isEmpty()) {
            String c = todo.poll();
            for (int[] edge : callers.getOrDefault(c, List.of())) {
                String caller = names.get(edge[0]);
                last.merge(caller, edge[1], Math::max);
                if (seen.add(caller)) {
                    todo.add(caller);
                }
            }
        }
        return last;
    }

    private final Map<String, Map<String, List<int[]>>> callers = new HashMap<>();
    private final Map<String, List<String>> chainNames = new HashMap<>();

    /** Per callee, the (caller chain number, position) of every jump or goto to it in the table. */
    private Map<String, List<int[]>> callersOf(String table) {
        return callers.computeIfAbsent(table, tn -> {
            Map<String, List<int[]>> out = new HashMap<>();
            List<String> names = new ArrayList<>();
            Table t = ruleset.table(tn).orElse(null);
            if (t != null) {
                for (Chain c : t.chains()) {
                    int n = names.size();
                    names.add(c.name());
                    List<Rule> rules = c.rules();
                    for (int i = 0; i < rules.size(); i++) {
                        String callee = CallGraph.callee(rules.get(i).target());
                        if (callee != null) {
                            out.computeIfAbsent(callee, k -> new ArrayList<>()).add(new int[] {n, i});
                        }
                    }
                }
            }
            chainNames.put(tn, names);
            return out;
        });
    }

    /**
     * What a chain's encoding depends on of the slice: for a chain that calls no other, only which of
     * its rules the slice keeps. Docker's isolation chains are called once per network, each call
     * with its own interface slice, and keep the same rules: one summary serves every call.
     */
    private Object sliceKey(String table, String chain, Slice slice) {
        ChainSliceIndex idx = index(table, chain);
        return idx.callsOthers() ? slice : java.util.List.of(java.util.Arrays.stream(idx.candidates(slice)).boxed().toArray());
    }

    /** The caller's state with the callee's effects on the packets that took the call. */
    private WalkState mergeCall(BoolExpr taken, WalkState out, WalkState st) {
        Header a = out.header();
        Header b = st.header();
        Header h = a == b ? b : new Header(enc.ite(taken, a.src(), b.src()), enc.ite(taken, a.dst(), b.dst()), b.proto(),
                enc.ite(taken, a.sport(), b.sport()), enc.ite(taken, a.dport(), b.dport()), b.icmpType(), b.icmpCode(),
                b.tcpFlags(), b.fragment(), b.inIf(), b.outIf());
        return new WalkState(st.live(), enc.ite(taken, out.verdict(), st.verdict()), enc.ite(taken, out.mark(), st.mark()),
                enc.ite(taken, out.connmark(), st.connmark()), st.ct(), enc.ite(taken, out.notrack(), st.notrack()),
                enc.ite(taken, out.masqueraded(), st.masqueraded()), h);
    }

    /** Whether a target ends the packet's traversal of the hook (a verdict, or a NAT rewrite). */
    public static boolean terminal(Target t) {
        if (t instanceof Verdict v) {
            return v.kind() == Verdict.Kind.ACCEPT || v.kind() == Verdict.Kind.DROP;
        }
        return t instanceof Reject || t instanceof Dnat || t instanceof Snat || t instanceof Masquerade
                || t instanceof Redirect || t instanceof Netmap || t instanceof UnknownTarget u && u.terminal();
    }

    /** The verdict code a terminal target gives, for diffs and redundancy. */
    public static int verdictCode(Target t) {
        if (t instanceof Verdict v) {
            return v.kind() == Verdict.Kind.DROP ? Encoding.DROP : Encoding.ACCEPT;
        }
        if (t instanceof Reject) {
            return Encoding.REJECT;
        }
        if (t instanceof UnknownTarget) {
            return Encoding.UNKNOWN;
        }
        return Encoding.ACCEPT;
    }

    /**
     * Who made a fresh variable: {@code key} names it (equal rules in two rule sets share it), {@code line}
     * goes into notes, {@code chain} tells NETMAP which side it maps.
     */
    record RuleRef(String key, int line, String chain) {
    }

    private RuleRef ref(Rule rule) {
        return new RuleRef(rule.table() + "|" + rule.chain() + "|" + rule.specText(), rule.span().line(), rule.chain());
    }

    /** The state after {@code rule} acted on the packets in {@code taken} (others keep theirs). */
    private WalkState apply(Rule rule, Target target, BoolExpr taken, WalkState st) {
        if (terminal(target)) {
            int code = verdictCode(target);
            if (distinctPolicy && rejectAs != null && target instanceof Reject rj && !rj.with().equals(rejectAs)) {
                code = 7;
            }
            st = st.withVerdict(enc.ite(taken, enc.num(code, 3), st.verdict()));
        }
        return effect(ref(rule), target, taken, st);
    }

    /**
     * What a target does to the packet besides its verdict: marks, notrack, NAT rewrites. Shared with
     * the nft chain walk, whose statements lower to the same targets.
     */
    WalkState effect(RuleRef rule, Target target, BoolExpr taken, WalkState st) {
        if (target instanceof MarkTarget m) {
            BitVecExpr next = enc.ctx.mkBVXOR(enc.ctx.mkBVAND(st.mark(), enc.num(~m.mask() & 0xffffffffL, 32)), enc.num(m.value(), 32));
            return st.withMarks(enc.ite(taken, next, st.mark()), st.connmark());
        }
        if (target instanceof ConnmarkTarget c) {
            return connmark(c, taken, st);
        }
        if (target instanceof Notrack || target instanceof Ct ct && ct.notrack()) {
            return st.withNotrack(enc.or(st.notrack(), taken));
        }
        if (target instanceof Dnat d) {
            return nat(rule, d.to(), true, d.persistent(), taken, st);
        }
        if (target instanceof Snat s) {
            return nat(rule, s.to(), false, s.persistent(), taken, st);
        }
        if (target instanceof Masquerade m) {
            Header h = st.header();
            BitVecExpr src = enc.ite(taken, enc.ifaceAddr(h.outIf()), h.src());
            BitVecExpr sport = m.toPorts() == null ? h.sport() : enc.ite(taken, choice(rule, "port", 16, m.toPorts(), h.sport()), h.sport());
            return st.withHeader(h.withSrc(src, sport), enc.or(st.masqueraded(), taken));
        }
        if (target instanceof Redirect r) {
            Header h = st.header();
            // locally generated packets are redirected to 127.0.0.1 (::1), arriving ones to the in interface's address
            BitVecExpr local = enc.v6 ? enc.ctx.mkBV(1, 128) : enc.num(0x7f000001L, 32);
            BitVecExpr addr = enc.ite(enc.ctx.mkEq(h.inIf(), enc.num(Interfaces.NONE, h.inIf().getSortSize())), local, enc.ifaceAddr(h.inIf()));
            BitVecExpr port = r.toPorts() == null ? h.dport() : choice(rule, "port", 16, r.toPorts(), h.dport());
            return st.withHeader(h.withDst(enc.ite(taken, addr, h.dst()), enc.ite(taken, port, h.dport())), st.masqueraded());
        }
        if (target instanceof Netmap n) {
            Header h = st.header();
            boolean dst = rule.chain().equals("PREROUTING") || rule.chain().equals("OUTPUT") || !rule.chain().equals("POSTROUTING") && !rule.chain().equals("INPUT");
            BitVecExpr keep = enc.addr(n.to().mask());
            BitVecExpr field = dst ? h.dst() : h.src();
            BitVecExpr mapped = enc.ctx.mkBVOR(enc.ctx.mkBVAND(field, enc.ctx.mkBVNot(keep)), enc.addr(n.to().address()));
            Header nh = dst ? h.withDst(enc.ite(taken, mapped, h.dst()), h.dport()) : h.withSrc(enc.ite(taken, mapped, h.src()), h.sport());
            return st.withHeader(nh, st.masqueraded());
        }
        return st;
    }

    private WalkState connmark(ConnmarkTarget c, BoolExpr taken, WalkState st) {
        BitVecExpr mark = st.mark();
        BitVecExpr cm = st.connmark();
        switch (c.mode()) {
            case SET: {
                BitVecExpr next = enc.ctx.mkBVXOR(enc.ctx.mkBVAND(cm, enc.num(~c.mask() & 0xffffffffL, 32)), enc.num(c.value(), 32));
                return st.withMarks(mark, enc.ite(taken, next, cm));
            }
            case SAVE: {
                BitVecExpr next = enc.ctx.mkBVXOR(enc.ctx.mkBVAND(cm, enc.num(~c.ctmask() & 0xffffffffL, 32)),
                        enc.ctx.mkBVAND(mark, enc.num(c.nfmask(), 32)));
                return st.withMarks(mark, enc.ite(taken, next, cm));
            }
            default: {
                BitVecExpr next = enc.ctx.mkBVXOR(enc.ctx.mkBVAND(mark, enc.num(~c.nfmask() & 0xffffffffL, 32)),
                        enc.ctx.mkBVAND(cm, enc.num(c.ctmask(), 32)));
                return st.withMarks(enc.ite(taken, next, mark), cm);
            }
        }
    }

    /** DNAT/SNAT: each listed range is one possible translation; address and port chosen freely inside it. */
    private WalkState nat(RuleRef rule, List<NatRange> to, boolean destination, boolean persistent, BoolExpr taken, WalkState st) {
        Header h = st.header();
        BitVecExpr addr = destination ? h.dst() : h.src();
        BitVecExpr port = destination ? h.dport() : h.sport();
        BitVecExpr newAddr = addr;
        BitVecExpr newPort = port;
        for (int i = to.size() - 1; i >= 0; i--) {
            NatRange r = to.get(i);
            BitVecExpr a = r.addresses() == null ? addr
                    : r.addresses().from().equals(r.addresses().to()) ? enc.addr(r.addresses().from())
                    : choiceAddr(rule, "addr" + i, r, h, destination, persistent);
            BitVecExpr p = r.ports() == null ? port : choice(rule, "port" + i, 16, r.ports(), port);
            if (i == to.size() - 1) {
                newAddr = a;
                newPort = p;
            } else {
                BoolExpr pick = enc.unknown(freshName(rule, "pick" + i), "NAT range choice at line " + rule.line());
                newAddr = enc.ite(pick, a, newAddr);
                newPort = enc.ite(pick, p, newPort);
            }
        }
        Header nh = destination ? h.withDst(enc.ite(taken, newAddr, addr), enc.ite(taken, newPort, port))
                : h.withSrc(enc.ite(taken, newAddr, addr), enc.ite(taken, newPort, port));
        return st.withHeader(nh, st.masqueraded());
    }

    /**
     * A port NAT picks from a range. The kernel keeps the current one when it lies inside and
     * otherwise (DNAT) takes the first free one from the range's start; the concrete walker takes the
     * first of the range then ({@code NatChoice}), so witnesses prefer that pick and replay.
     */
    private BitVecExpr choice(RuleRef rule, String what, int bits, PortRange range, BitVecExpr current) {
        if (range.lo() == range.hi()) {
            return enc.num(range.lo(), bits);
        }
        BitVecExpr v = enc.bv(freshName(rule, what), bits);
        enc.axioms.add(enc.inRange(v, range.lo(), range.hi()));
        enc.natPreferences.add(enc.ite(enc.inRange(current, range.lo(), range.hi()), enc.ctx.mkEq(v, current),
                enc.ctx.mkEq(v, enc.num(range.lo(), bits))));
        return v;
    }

    /**
     * An address NAT picks from a range: any of it ("may"), preferring for witnesses what the kernel
     * and the concrete walker pick — SNAT keeps a source already inside, otherwise the hash of the
     * tuple's addresses ({@link NatRangeHashEncoding}).
     */
    private BitVecExpr choiceAddr(RuleRef rule, String what, NatRange r, Header h, boolean destination, boolean persistent) {
        BitVecExpr current = destination ? h.dst() : h.src();
        BitVecExpr v = enc.bv(freshName(rule, what), enc.addrBits);
        enc.axioms.add(enc.inRange(v, r.addresses().from(), r.addresses().to()));
        BitVecExpr hashed = new NatRangeHashEncoding(enc.ctx).pick(r.addresses(), h.src(), h.dst(), persistent, !destination);
        BoolExpr picks = enc.ctx.mkEq(v, hashed);
        if (!destination) {
            BoolExpr inside = enc.inRange(current, r.addresses().from(), r.addresses().to());
            if (r.ports() != null) {
                inside = enc.and(inside, enc.inRange(h.sport(), r.ports().lo(), r.ports().hi()));
            }
            picks = enc.ite(inside, enc.ctx.mkEq(v, current), picks);
        }
        enc.natPreferences.add(picks);
        return v;
    }

    /** Names a fresh variable by the rule's text and occurrence, so equal rules in two rule sets share it. */
    private String freshName(Rule rule, String what) {
        return freshName(ref(rule), what);
    }

    /** The same for a rule known by its reference. */
    String freshName(RuleRef rule, String what) {
        String key = side + "|" + rule.key() + "|" + what;
        int n = occurrences.merge(key, 1, Integer::sum);
        return key + "#" + n;
    }

    /** The rule's match; the parts that read only the header are cached while the header is unchanged. */
    private BoolExpr match(Rule rule, WalkState current) {
        WalkState st = current.withHeader(stageHeader, stageMasq);
        io.nflint.lower.LoweredRule lowered = this.lowered.get(rule);
        if (!lowered.readsState() && lowered.headerOnly()) {
            Object[] cached = headerMatchCache.get(rule);
            if (cached != null && cached[0] == st.header()) {
                return (BoolExpr) cached[1];
            }
            BoolExpr e = matches.encode(lowered, st, i -> freshName(rule, "u" + i));
            headerMatchCache.put(rule, new Object[] {st.header(), e});
            return e;
        }
        return matches.encode(lowered, st, i -> freshName(rule, "u" + i));
    }
}
