package io.nflint.symbolic.z3;

import com.microsoft.z3.BoolExpr;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftTable;
import io.nflint.ir.target.Target;
import io.nflint.lower.nft.NftLoweredRule;
import io.nflint.lower.nft.NftOp;
import io.nflint.pipeline.Stage;
import io.nflint.walk.NftPipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Symbolic execution of one nftables base chain, with the semantics the concrete walk
 * ({@code walk.NftChainWalk}) gives it: a rule's statements in order (a test that fails ends the
 * rule for those packets), {@code jump} returns here and {@code goto} returns past the chain that
 * went there, {@code return} from the base chain or its end applies the policy, {@code accept} and a
 * NAT statement end only this base chain, {@code drop} and {@code reject} end the packet. Verdict
 * maps and NAT maps take their first element whose key the packet has; elements are the lowered
 * predicates, so sets, intervals and concatenations are the same range disjunctions as an iptables
 * match. What the walker forks on (opaque expressions, queue, statements that may take the packet)
 * is an unknown here: "may" in either direction. Marks, notrack and NAT rewrites are the iptables
 * targets' effects ({@link SymbolicWalker#effect}), so both backends share one encoding of each.
 */
public final class NftSymbolicWalker {

    private final Encoding enc;
    private final MatchEncoder matches;
    private final NftPipeline pipeline;
    private final SymbolicWalker effects;
    private final List<Rejected> rejects = new ArrayList<>();
    private final Set<String> cycles = new LinkedHashSet<>();
    private BoolExpr mapped;
    /** The rule being encoded (a jump's caller, for the recorder). */
    private NftRule current;
    private Recorder recorder;
    private java.util.function.Function<NftRule, BoolExpr> enable = r -> null;

    /** What rule logic reads of a walk: where each rule is reached and matches, what each rule decided, which jumps are taken. */
    interface Recorder {
        /** {@code reach}: the packets that arrive at the rule; {@code tests}: those its matches accept (from any state). */
        void rule(NftRule rule, BoolExpr reach, BoolExpr tests);

        /** The packets the rule ended here (a verdict, a NAT mapping, a reject, a return, a jump's callee deciding them). */
        void decided(NftRule rule, BoolExpr taken);

        /** The packets a jump, goto or verdict map sends into {@code chain}. */
        void entered(NftTable table, NftChain chain, NftRule from, BoolExpr taken);
    }

    NftSymbolicWalker record(Recorder r) {
        this.recorder = r;
        return this;
    }

    /** Switches rules on or off: a literal per rule (a redundancy query compares both), or null for always on. */
    NftSymbolicWalker enable(java.util.function.Function<NftRule, BoolExpr> e) {
        this.enable = e;
        return this;
    }

    /** A reject statement and the packets it took; {@code with} in the walker's words per family. */
    public record Rejected(BoolExpr taken, String with) {
    }

    /** {@code effects} applies marks and NAT and names fresh variables (its side prefix and numbering are shared). */
    public NftSymbolicWalker(Encoding enc, NftPipeline pipeline, SymbolicWalker effects) {
        this.enc = enc;
        this.matches = new MatchEncoder(enc, true);
        this.pipeline = pipeline;
        this.effects = effects;
    }

    public NftPipeline pipeline() {
        return pipeline;
    }

    /**
     * {@code xtables} with the interface names and patterns the nft rules test ({@code iifname "veth*"}
     * is the prefix {@code veth}), so the encoding's interfaces tell every rule's names apart.
     */
    public static Interfaces.Mentioned mentioned(io.nflint.ir.nft.NftRuleset ruleset, NftPipeline pipeline,
                                                 Interfaces.Mentioned xtables) {
        java.util.TreeSet<String> exact = new java.util.TreeSet<>(xtables.exact());
        java.util.TreeSet<String> prefixes = new java.util.TreeSet<>(xtables.prefixes());
        java.util.function.Consumer<io.nflint.lower.Pred> names = pred -> io.nflint.lower.Preds.leaves(pred, x -> {
            if (x instanceof io.nflint.lower.Pred.Test t && t.values() instanceof io.nflint.lower.Values.Name n) {
                String p = n.pattern();
                if (p.endsWith("+")) {
                    prefixes.add(p.substring(0, p.length() - 1));
                } else {
                    exact.add(p);
                }
            }
        });
        for (NftTable t : ruleset.tables()) {
            if (pipeline.table(t.family().keyword(), t.name()) != t) {
                continue;
            }
            for (NftChain c : t.chains()) {
                for (NftRule r : c.rules()) {
                    for (NftOp op : pipeline.lowered(t, r).ops()) {
                        if (op instanceof NftOp.Test test) {
                            names.accept(test.pred());
                        } else if (op instanceof NftOp.VerdictMap vm) {
                            vm.entries().forEach(e -> names.accept(e.when()));
                        } else if (op instanceof NftOp.Nat nat) {
                            nat.entries().forEach(e -> names.accept(e.when()));
                        }
                    }
                }
            }
        }
        return new Interfaces.Mentioned(exact, prefixes, xtables.physdev());
    }

    /** The reject statements encoded since the last {@link #reset()}, with the packets each took. */
    public List<Rejected> rejects() {
        return rejects;
    }

    /** Jump loops cut (the looping jump ends the packet with an unknown verdict, as the walker's LOOP). */
    public Set<String> cycles() {
        return cycles;
    }

    public void reset() {
        rejects.clear();
    }

    /** The packets the last {@link #walkBase} gave a NAT mapping (a nat chain's NAT statement took them). */
    BoolExpr mapped() {
        return mapped;
    }

    /** Runs the base chain on {@code st.live()}: the result's verdict is the chain's (policy for what fell through), live false. */
    WalkState walkBase(Stage.NftBase stage, WalkState st) {
        mapped = enc.ctx.mkFalse();
        NftTable table = pipeline.table(stage.family(), stage.table());
        NftChain base = table == null ? null : table.chain(stage.chain()).orElse(null);
        if (base == null) {
            return st.withVerdict(enc.ite(st.live(), enc.num(Encoding.ACCEPT, 3), st.verdict())).withLive(enc.ctx.mkFalse());
        }
        Deque<String> stack = new ArrayDeque<>();
        stack.push(base.name());
        WalkState out = walkChain(stage, table, base, st, stack);
        int policy = base.base().orElseThrow().effectivePolicy().equals("drop") ? Encoding.DROP : Encoding.ACCEPT;
        return out.withVerdict(enc.ite(out.live(), enc.num(policy, 3), out.verdict())).withLive(enc.ctx.mkFalse());
    }

    /** The packets that leave a chain back to its caller (its end, or return) are the result's live. */
    private WalkState walkChain(Stage.NftBase stage, NftTable table, NftChain chain, WalkState in, Deque<String> stack) {
        WalkState st = in;
        BoolExpr[] returned = {enc.ctx.mkFalse()};
        for (NftRule rule : chain.rules()) {
            if (st.live().isFalse()) {
                break;
            }
            io.nflint.symbolic.EngineStats.RULES_ENCODED.incrementAndGet();
            BoolExpr before = st.live();
            BoolExpr returnedBefore = returned[0];
            current = rule;
            st = rule(stage, table, chain, pipeline.lowered(table, rule), st, stack, returned);
            if (recorder != null) {
                recorder.decided(rule, enc.or(enc.and(before, enc.not(st.live())), enc.and(returned[0], enc.not(returnedBefore))));
            }
        }
        return st.withLive(enc.or(st.live(), returned[0]));
    }

    private WalkState rule(Stage.NftBase stage, NftTable table, NftChain chain, NftLoweredRule l, WalkState st,
                           Deque<String> stack, BoolExpr[] returned) {
        SymbolicWalker.RuleRef ref = ref(stage, chain, l.rule());
        BoolExpr on = enable.apply(l.rule());
        BoolExpr running = on == null ? st.live() : enc.and(st.live(), on);
        BoolExpr reach = running;
        BoolExpr tests = enc.ctx.mkTrue();
        String where = where(stage, chain, l.rule());
        int n = 0;
        boolean reported = false;
        for (NftOp op : l.ops()) {
            n++;
            if (running.isFalse() && recorder == null) {
                return st;
            }
            if (op instanceof NftOp.Test t) {
                BoolExpr holds = matches.encode(t.pred(), st, effects.freshName(ref, "u" + n), where);
                running = enc.and(running, holds);
                tests = enc.and(tests, holds);
                continue;
            }
            if (recorder != null && !reported) {
                recorder.rule(l.rule(), reach, tests);
                reported = true;
            }
            if (op instanceof NftOp.Verdict v) {
                return verdict(stage, table, v, running, st, stack, returned, ref);
            } else if (op instanceof NftOp.VerdictMap vm) {
                if (vm.unknown() != null) {
                    // as the walker: a map whose elements are not known finds no element
                    return st;
                }
                BoolExpr rest = running;
                for (NftOp.Entry<NftOp.Verdict> e : vm.entries()) {
                    BoolExpr when = matches.encode(e.when(), st, effects.freshName(ref, "k" + n), where);
                    st = verdict(stage, table, e.data(), enc.and(rest, when), st, stack, returned, ref);
                    rest = enc.and(rest, enc.not(when));
                }
                return st;
            } else if (op instanceof NftOp.Nat nat) {
                if (nat.unknown() != null) {
                    return st;
                }
                BoolExpr rest = running;
                for (NftOp.Entry<Target> e : nat.entries()) {
                    if (otherFamily(e.data())) {
                        // "dnat ip to …" in an inet table: nft adds the family as a dependency
                        continue;
                    }
                    BoolExpr hit = enc.and(rest, matches.encode(e.when(), st, effects.freshName(ref, "k" + n), where));
                    st = effects.effect(ref, e.data(), hit, st);
                    st = end(st, hit, Encoding.ACCEPT);
                    mapped = enc.or(mapped, hit);
                    rest = enc.and(rest, enc.not(hit));
                }
                return st;
            } else if (op instanceof NftOp.Reject rj) {
                rejects.add(new Rejected(running, rj.with(enc.v6)));
                return end(st, running, Encoding.REJECT);
            } else if (op instanceof NftOp.SetMark m) {
                st = effects.effect(ref, m.target(), running, st);
            } else if (op instanceof NftOp.Notrack) {
                st = st.withNotrack(enc.or(st.notrack(), running));
            } else if (op instanceof NftOp.Unknown u && u.mayEnd()) {
                BoolExpr taken = enc.and(running, enc.unknown(effects.freshName(ref, "took" + n), u.reason() + " at line " + ref.line()));
                st = end(st, taken, Encoding.DROP);
                running = enc.and(running, enc.not(taken));
            }
            // counters, logs, set updates and unknown statements that cannot end the packet change nothing read here
        }
        if (recorder != null && !reported) {
            recorder.rule(l.rule(), reach, tests);
        }
        return st;
    }

    /** The packets in {@code taken} get the verdict {@code v}. */
    private WalkState verdict(Stage.NftBase stage, NftTable table, NftOp.Verdict v, BoolExpr taken, WalkState st,
                              Deque<String> stack, BoolExpr[] returned, SymbolicWalker.RuleRef ref) {
        if (taken.isFalse()) {
            return st;
        }
        switch (v.kind()) {
            case ACCEPT:
                return end(st, taken, Encoding.ACCEPT);
            case DROP:
                return end(st, taken, Encoding.DROP);
            case CONTINUE:
                return st;
            case RETURN:
                returned[0] = enc.or(returned[0], taken);
                return st.withLive(enc.and(st.live(), enc.not(taken)));
            case QUEUE: {
                // the queue's reader accepts or drops: the walker forks, here it is unknown
                BoolExpr accepts = enc.unknown(effects.freshName(ref, "queue"), "queue at line " + ref.line());
                WalkState accepted = end(st, enc.and(taken, accepts), Encoding.ACCEPT);
                return end(accepted, enc.and(taken, enc.not(accepts)), Encoding.DROP);
            }
            default:
                break;
        }
        NftChain callee = table.chain(v.chain()).orElse(null);
        if (callee == null) {
            // nft refuses a jump to a missing chain; the walker goes on with the next rule
            return st;
        }
        if (stack.contains(callee.name()) || stack.size() > SymbolicWalker.MAX_CALL_DEPTH) {
            cycles.add(stage.family() + " " + table.name() + ":" + String.join(" > ", stack) + " > " + callee.name());
            return end(st, taken, Encoding.UNKNOWN);
        }
        BoolExpr passes = enc.and(st.live(), enc.not(taken));
        if (recorder != null) {
            recorder.entered(table, callee, current, taken);
        }
        stack.push(callee.name());
        WalkState out = walkChain(stage, table, callee, st.withLive(taken), stack);
        stack.pop();
        BoolExpr back = out.live();
        if (v.kind() == io.nflint.ir.nft.NftStmt.VerdictKind.JUMP) {
            return out.withLive(enc.or(passes, back));
        }
        returned[0] = enc.or(returned[0], back);
        return out.withLive(passes);
    }

    /** A NAT target whose addresses are of the other IP family than the packet's. */
    private boolean otherFamily(Target t) {
        List<io.nflint.ir.NatRange> to = t instanceof io.nflint.ir.target.Dnat d ? d.to()
                : t instanceof io.nflint.ir.target.Snat sn ? sn.to() : List.of();
        for (io.nflint.ir.NatRange r : to) {
            if (r.addresses() != null && r.addresses().from().v6() != enc.v6) {
                return true;
            }
        }
        return false;
    }

    private WalkState end(WalkState st, BoolExpr taken, int code) {
        return st.withVerdict(enc.ite(taken, enc.num(code, 3), st.verdict())).withLive(enc.and(st.live(), enc.not(taken)));
    }

    private static SymbolicWalker.RuleRef ref(Stage.NftBase stage, NftChain chain, NftRule rule) {
        int line = rule.span() == null ? 0 : rule.span().line();
        return new SymbolicWalker.RuleRef("nft " + stage.family() + " " + stage.table() + "|" + chain.name() + "|" + rule.text(),
                line, stage.hook().name());
    }

    private static String where(Stage.NftBase stage, NftChain chain, NftRule rule) {
        return "nft " + stage.family() + " " + stage.table() + " " + chain.name()
                + " line " + (rule.span() == null ? 0 : rule.span().line());
    }
}
