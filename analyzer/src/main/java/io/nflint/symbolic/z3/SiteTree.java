package io.nflint.symbolic.z3;

import com.microsoft.z3.BoolExpr;
import io.nflint.ir.Rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rules one chain walk encoded, in order, each with the condition under which a packet takes it
 * relative to the walk's entry; a call site carries the callee's tree, shared between all call sites
 * that reuse the same chain summary. Conditions of rules inside a callee compose with the call's
 * condition only when asked for, so a chain called from hundreds of rules is encoded once.
 */
public final class SiteTree {

    /** One encoded rule; {@code callee} is the jumped-to chain's tree for -j/-g rules. */
    public record Site(Rule rule, String stage, BoolExpr taken, SiteTree callee) {
    }

    final List<Site> sites = new ArrayList<>();
    private Set<Rule> contained;

    void add(Site s) {
        sites.add(s);
        contained = null;
    }

    private Set<Rule> contained() {
        if (contained == null) {
            Set<Rule> all = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Site s : sites) {
                all.add(s.rule());
                if (s.callee() != null) {
                    all.addAll(s.callee().contained());
                }
            }
            contained = all;
        }
        return contained;
    }

    /** The conditions (under {@code prefix}) of every place this tree takes {@code rule}. */
    public void takenOf(Rule rule, Encoding enc, BoolExpr prefix, List<BoolExpr> out) {
        if (!contained().contains(rule)) {
            return;
        }
        for (Site s : sites) {
            BoolExpr t = enc.and(prefix, s.taken());
            if (s.rule() == rule) {
                out.add(t);
            }
            if (s.callee() != null) {
                s.callee().takenOf(rule, enc, t, out);
            }
        }
    }

    /** The packets a NAT target of this walk took: they have their mapping, and later nat chains are not consulted. */
    BoolExpr natTaken(Encoding enc) {
        return natTaken(enc, enc.ctx.mkTrue());
    }

    private BoolExpr natTaken(Encoding enc, BoolExpr prefix) {
        BoolExpr any = enc.ctx.mkFalse();
        for (Site s : sites) {
            BoolExpr t = enc.and(prefix, s.taken());
            io.nflint.ir.target.Target target = s.rule().target();
            if (target instanceof io.nflint.ir.target.Dnat || target instanceof io.nflint.ir.target.Snat
                    || target instanceof io.nflint.ir.target.Masquerade || target instanceof io.nflint.ir.target.Redirect
                    || target instanceof io.nflint.ir.target.Netmap) {
                any = enc.or(any, t);
            }
            if (s.callee() != null) {
                any = enc.or(any, s.callee().natTaken(enc, t));
            }
        }
        return any;
    }

    /** The sites a concrete packet takes, in order, given which conditions hold for it. */
    public void trace(Predicate<BoolExpr> holds, List<Site> out) {
        for (Site s : sites) {
            if (holds.test(s.taken())) {
                out.add(s);
                if (s.callee() != null) {
                    s.callee().trace(holds, out);
                }
            }
        }
    }
}
