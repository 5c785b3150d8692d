package io.nflint.rules.support;

import io.nflint.ir.IpNet;
import io.nflint.ir.PortRange;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import io.nflint.lower.Field;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import io.nflint.lower.nft.NftLowering;
import io.nflint.lower.nft.NftOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IPv4 rules of a native nft ruleset that forwarded packets meet: the rules of every chain a
 * base chain at the forward hook reaches (jumps, gotos, verdict-map elements), of every ip and inet
 * table, whoever owns it, each with what it requires of the packet's destination before its verdict.
 */
public final class NftForwardRules {

    /** One rule on the forward path: its table and chain, and its destination tests (null: none). */
    public record ForwardRule(NftTable table, NftChain chain, NftRule rule, Integer protocol, PortRange dport,
                              IpNet daddr) {
    }

    private NftForwardRules() {
    }

    public static List<ForwardRule> of(NftRuleset rs) {
        List<ForwardRule> out = new ArrayList<>();
        for (NftTable t : rs.tables()) {
            if (t.family() != NftFamily.IP && t.family() != NftFamily.INET) {
                continue;
            }
            NftLowering lowering = new NftLowering(t);
            for (NftChain c : reached(t)) {
                for (NftRule r : c.rules()) {
                    out.add(shape(t, c, r, lowering));
                }
            }
        }
        return out;
    }

    /**
     * Whether the nft rule of a walk's step chooses packets by source address (a source test or a
     * set lookup before its verdict): access control by client, not a broken port.
     */
    public static boolean testsSource(NftRuleset rs, io.nflint.walk.TraceStep step) {
        for (NftTable t : rs.tables()) {
            if (!t.name().equals(step.table()) || !t.family().keyword().equals(step.nft().family())) {
                continue;
            }
            java.util.Optional<NftChain> c = t.chain(step.chain());
            if (c.isEmpty() || step.ruleNumber() < 1 || step.ruleNumber() > c.get().rules().size()) {
                return false;
            }
            for (NftOp op : new NftLowering(t).lower(c.get().rules().get(step.ruleNumber() - 1)).ops()) {
                if (op instanceof NftOp.Test test && mentionsSource(test.pred())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentionsSource(Pred p) {
        if (p instanceof Pred.SetLookup) {
            return true;
        }
        if (p instanceof Pred.Not n) {
            return mentionsSource(n.pred());
        }
        if (p instanceof Pred.Any any) {
            return any.preds().stream().anyMatch(NftForwardRules::mentionsSource);
        }
        return io.nflint.lower.Conjuncts.flatten(p).stream().anyMatch(x -> x instanceof Pred.Test t && t.field() == Field.IP_SADDR
                || x instanceof Pred.Not n && mentionsSource(n.pred()) || x instanceof Pred.SetLookup);
    }

    /** The chains a forward base chain reaches through jumps, gotos and verdict maps (NftRefs' edges). */
    private static Set<NftChain> reached(NftTable t) {
        Map<String, List<String>> callees = new HashMap<>();
        for (NftRefs.Jump j : NftRefs.jumps(t)) {
            callees.computeIfAbsent(j.from(), k -> new ArrayList<>()).add(j.to());
        }
        Set<NftChain> seen = new LinkedHashSet<>();
        Deque<NftChain> todo = new ArrayDeque<>();
        for (NftChain c : t.chains()) {
            if (c.base().map(b -> b.hook().equals("forward")).orElse(false)) {
                todo.add(c);
            }
        }
        while (!todo.isEmpty()) {
            NftChain c = todo.poll();
            if (seen.add(c)) {
                callees.getOrDefault(c.name(), List.of()).forEach(name -> t.chain(name).ifPresent(todo::add));
            }
        }
        return seen;
    }

    private static ForwardRule shape(NftTable t, NftChain c, NftRule r, NftLowering lowering) {
        Integer proto = null;
        PortRange dport = null;
        IpNet daddr = null;
        for (NftOp op : lowering.lower(r).ops()) {
            if (!(op instanceof NftOp.Test test)) {
                break;
            }
            for (Pred p : io.nflint.lower.Conjuncts.flatten(test.pred())) {
                if (!(p instanceof Pred.Test x)) {
                    continue;
                }
                if (x.field() == Field.L4PROTO && x.values() instanceof Values.Interval i && i.lo() == i.hi()) {
                    proto = (int) i.lo();
                } else if (x.field() == Field.TH_DPORT && x.values() instanceof Values.Interval i) {
                    dport = new PortRange((int) i.lo(), (int) i.hi());
                } else if (x.field() == Field.IP_DADDR && x.values() instanceof Values.Nets n && n.nets().size() == 1) {
                    daddr = n.nets().get(0);
                }
            }
        }
        return new ForwardRule(t, c, r, proto, dport, daddr);
    }
}
