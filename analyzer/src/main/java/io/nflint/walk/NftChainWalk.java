package io.nflint.walk;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftStmt.VerdictKind;
import io.nflint.ir.nft.NftTable;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Target;
import io.nflint.lower.Pred;
import io.nflint.lower.nft.NftLoweredRule;
import io.nflint.lower.nft.NftOp;
import io.nflint.pipeline.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One nftables base chain at one hook, run the way {@code nft_do_chain} runs it: a rule's
 * statements in order (a failed match ends the rule), {@code jump} pushes a return point and
 * {@code goto} does not, {@code return} or the end of a regular chain pops it and with nothing to
 * pop applies the base chain's policy. {@code accept} (and a NAT statement, which is one) ends this
 * base chain only: the packet goes on to the hook's next one. {@code drop} and {@code reject} end it.
 */
final class NftChainWalk {

    private final Run run;
    private final NftPipeline pipeline;
    private final Stage.NftBase stage;
    private final NftTable table;

    NftChainWalk(Run run, NftPipeline pipeline, Stage.NftBase stage) {
        this.run = run;
        this.pipeline = pipeline;
        this.stage = stage;
        this.table = pipeline.table(stage.family(), stage.table());
    }

    /** What a rule did: nothing (the next rule runs), a verdict, or an end decided by a statement. */
    private record Result(NftOp.Verdict verdict, TableVerdict end) {
        static final Result NEXT = new Result(null, null);
    }

    TableVerdict walk() {
        Optional<NftChain> base = table.chain(stage.chain());
        if (base.isEmpty()) {
            return TableVerdict.ACCEPT;
        }
        JumpStack<NftChain> stack = new JumpStack<>();
        NftChain chain = base.get();
        int i = 0;
        while (true) {
            if (!stack.visit(1)) {
                return new TableVerdict(TableVerdict.Kind.LOOP, null, "more than " + ChainTraversal.MAX_VISITS
                        + " rule visits in " + stage.family() + " " + table.name() + ": the gotos form a cycle");
            }
            if (i >= chain.rules().size()) {
                if (chain != base.get()) {
                    // the end of a regular chain returns: nft monitor trace prints "verdict continue"
                    step(chain, TraceStep.Kind.RETURN, chain.rules().size() + 1, chain.span().line(), "", null);
                }
                JumpStack.Frame<NftChain> f = chain == base.get() ? null : stack.pop();
                if (f == null) {
                    return policy(base.get());
                }
                chain = f.chain();
                i = f.next();
                continue;
            }
            NftRule rule = chain.rules().get(i);
            Result r = rule(chain, i, pipeline.lowered(table, rule));
            if (r.end() != null) {
                return r.end();
            }
            if (r.verdict() == null) {
                i++;
                continue;
            }
            NftOp.Verdict v = r.verdict();
            switch (v.kind()) {
                case ACCEPT:
                    return TableVerdict.ACCEPT;
                case DROP:
                    return TableVerdict.DROP;
                case CONTINUE:
                    i++;
                    continue;
                case RETURN:
                    JumpStack.Frame<NftChain> back = stack.pop();
                    if (back == null) {
                        return policy(base.get());
                    }
                    chain = back.chain();
                    i = back.next();
                    continue;
                case QUEUE:
                    boolean accepted = run.forks.decide(where(chain, i), "queue hands the packet to user space");
                    return accepted ? TableVerdict.ACCEPT
                            : new TableVerdict(TableVerdict.Kind.DROP, null, "the queue's reader dropped it (assumed)");
                default:
                    Optional<NftChain> next = table.chain(v.chain());
                    if (next.isEmpty()) {
                        // nft refuses a jump to a missing chain; nothing to enter
                        i++;
                        continue;
                    }
                    if (v.kind() == VerdictKind.JUMP && !stack.push(chain, i + 1)) {
                        return new TableVerdict(TableVerdict.Kind.LOOP, null, "jump depth above "
                                + ChainTraversal.MAX_DEPTH + " at " + where(chain, i) + ": the jumps form a loop");
                    }
                    chain = next.get();
                    i = 0;
            }
        }
    }

    private TableVerdict policy(NftChain base) {
        String p = base.base().orElseThrow().effectivePolicy();
        int line = base.base().get().span() != null ? base.base().get().span().line() : base.span().line();
        step(base, TraceStep.Kind.POLICY, base.rules().size() + 1, line, p, null);
        return p.equals("drop") ? new TableVerdict(TableVerdict.Kind.DROP, null,
                stage.family() + " " + table.name() + " " + base.name() + ": policy drop") : TableVerdict.ACCEPT;
    }

    private Result rule(NftChain chain, int index, NftLoweredRule l) {
        String where = where(chain, index);
        for (NftOp op : l.ops()) {
            if (op instanceof NftOp.Test t) {
                if (!holds(t.pred(), where, true)) {
                    return Result.NEXT;
                }
            } else if (op instanceof NftOp.Verdict v) {
                ruleStep(chain, index, l, verdictText(v));
                return new Result(v, null);
            } else if (op instanceof NftOp.VerdictMap vm) {
                if (vm.unknown() != null) {
                    run.notes.add(where + ": " + vm.unknown() + "; assumed to find no element");
                    return Result.NEXT;
                }
                for (NftOp.Entry<NftOp.Verdict> e : vm.entries()) {
                    if (holds(e.when(), where, false)) {
                        ruleStep(chain, index, l, verdictText(e.data()));
                        return new Result(e.data(), null);
                    }
                }
                return Result.NEXT;
            } else if (op instanceof NftOp.Nat n) {
                Result r = nat(chain, index, l, n, where);
                if (r != null) {
                    return r;
                }
            } else if (op instanceof NftOp.Reject rj) {
                String with = rj.with(run.pkt.v6());
                ruleStep(chain, index, l, "drop");
                return new Result(null, TableVerdict.reject(with));
            } else if (op instanceof NftOp.SetMark m) {
                mark(m.target());
            } else if (op instanceof NftOp.Notrack) {
                run.untracked = true;
            } else if (op instanceof NftOp.Unknown u) {
                if (!u.mayEnd()) {
                    run.notes.add(where + ": " + u.reason());
                } else if (!run.forks.decide(where, u.reason() + ": goes on or is taken")) {
                    ruleStep(chain, index, l, "drop");
                    return new Result(null, new TableVerdict(TableVerdict.Kind.DROP, null, u.text() + " took the packet (assumed)"));
                }
            }
            // counters, logs and set updates change nothing the packet's fate depends on
        }
        return Result.NEXT;
    }

    /** The first holding element of a NAT map (or the one plain target) mapped; null when the rule goes on. */
    private Result nat(NftChain chain, int index, NftLoweredRule l, NftOp.Nat n, String where) {
        if (n.unknown() != null) {
            run.notes.add(where + ": " + n.unknown() + "; the rule is assumed not to map this packet");
            return Result.NEXT;
        }
        for (NftOp.Entry<Target> e : n.entries()) {
            if (holds(e.when(), where, false)) {
                TableVerdict v = run.nat(stage.family() + " " + table.name() + " " + chain.name() + " rule " + (index + 1)
                        + " (line " + l.rule().span().line() + ")", e.data(), stage.hook());
                ruleStep(chain, index, l, v.passes() ? "accept" : "drop");
                return new Result(null, v);
            }
        }
        return Result.NEXT;
    }

    private void mark(Target t) {
        if (t instanceof MarkTarget m) {
            run.pkt = run.pkt.withMark(m.apply(run.pkt.mark()));
        } else if (t instanceof ConnmarkTarget c) {
            run.connmark(c);
        }
    }

    private boolean holds(Pred p, String where, boolean matchFirst) {
        List<String> unknowns = new ArrayList<>();
        MatchContext ctx = new MatchContext(run.pkt, stage.hook(), false, run.locallyGenerated, run.bridgeInfo,
                run.connection(), run.host);
        Tri t = new PredEval(ctx, unknowns).eval(p);
        if (t == Tri.UNKNOWN) {
            return run.forks.decide(where, String.join("; ", unknowns), matchFirst);
        }
        return t == Tri.TRUE;
    }

    private static String verdictText(NftOp.Verdict v) {
        String k = v.kind().keyword();
        return v.chain() == null ? k : k + " " + v.chain();
    }

    private String where(NftChain chain, int index) {
        NftRule r = index < chain.rules().size() ? chain.rules().get(index) : null;
        return stage.family() + " " + table.name() + " " + chain.name() + " rule " + (index + 1)
                + (r != null && r.span() != null ? " (line " + r.span().line() + ")" : "");
    }

    private void ruleStep(NftChain chain, int index, NftLoweredRule l, String verdict) {
        NftRule r = l.rule();
        step(chain, TraceStep.Kind.RULE, index + 1, r.span() == null ? 0 : r.span().line(), verdict, r.text());
    }

    private void step(NftChain chain, TraceStep.Kind kind, int number, int line, String target, String text) {
        String file = chain.span() == null ? null : chain.span().file();
        run.steps.add(new TraceStep(stage.family().equals("ip6") ? "ip6" : "ip", table.name(), chain.name(), kind,
                number, line, target.toLowerCase(Locale.ROOT),
                new TraceStep.Nft(stage.family(), stage.priority(), file, text)));
    }
}
