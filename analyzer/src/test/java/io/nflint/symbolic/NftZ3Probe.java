package io.nflint.symbolic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import io.nflint.host.HostModel;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.symbolic.replay.Witnesses;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.HostFacts;
import io.nflint.symbolic.z3.Interfaces;
import io.nflint.symbolic.z3.NftSymbolicWalker;
import io.nflint.symbolic.z3.PathRunner;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.walk.NftPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The symbolic engine asked about one concrete packet on a host with xtables dumps and an nft
 * ruleset together: every fate it allows (verdict, and when accepted the header it leaves with and
 * its out interface), found by enumerating models until no other fate is possible. A firm answer
 * is one fate; "may" shows as several.
 */
public final class NftZ3Probe implements AutoCloseable {

    /** One fate: {@code verdict} ACCEPT, DROP, REJECT (with {@code rejectWith}) or UNKNOWN; {@code out} null: delivered locally. */
    public record Fate(String verdict, String rejectWith, WitnessPacket end, String out) implements Comparable<Fate> {
        @Override
        public int compareTo(Fate o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return verdict.equals("ACCEPT") ? "ACCEPT " + end.describe() + " out " + out
                    : verdict + (rejectWith == null ? "" : " " + rejectWith);
        }
    }

    private static final int MAX_FATES = 8;
    private final Z3Engine engine;
    private final HostModel host;
    private final List<Ruleset> xtables;
    private final NftRuleset nft;
    private final FixedHost fixed;

    public NftZ3Probe(HostModel host, List<Ruleset> xtables, NftRuleset nft) {
        this(host, null, xtables, nft);
    }

    /** On the small host {@code fixed} tells both engines (the walker gets it as a StaticHost). */
    NftZ3Probe(FixedHost fixed, List<Ruleset> xtables, NftRuleset nft) {
        this(null, fixed, xtables, nft);
    }

    private NftZ3Probe(HostModel host, FixedHost fixed, List<Ruleset> xtables, NftRuleset nft) {
        this.engine = Z3Engine.open(EngineOptions.DEFAULTS);
        this.host = host;
        this.fixed = fixed;
        this.xtables = xtables;
        this.nft = nft;
    }

    /** The fates of {@code packet} arriving on {@code inIface} (null: generated locally). */
    public Set<Fate> fates(String inIface, WitnessPacket packet) {
        boolean v6 = packet.dst().v6();
        Family family = v6 ? Family.IPV6 : Family.IPV4;
        Ruleset xt = xtables.stream().filter(r -> r.family() == family).findFirst()
                .orElse(new Ruleset("none", family, false, List.of(), List.of(), List.of()));
        NftPipeline pipeline = new NftPipeline(nft, xtables);
        HostFacts facts = host == null ? null : HostFacts.of(host, v6);
        Interfaces.Mentioned mentioned = NftSymbolicWalker.mentioned(nft, pipeline, Interfaces.scan(List.of(xt)));
        List<String> known = facts != null ? List.copyOf(facts.interfaceNames())
                : fixed != null ? fixed.ifaces.stream().map(FixedHost.Iface::name).toList() : List.of();
        Interfaces ifaces = new Interfaces(mentioned, known, 1);
        Encoding enc = engine.encoding(xt, facts, ifaces);
        SymbolicWalker w = new SymbolicWalker(enc, xt, "");
        NftSymbolicWalker nw = new NftSymbolicWalker(enc, pipeline, w);
        PathRunner runner = new PathRunner(enc).withNft(nw);
        PathRunner.Run run = inIface == null ? runner.localOut(w, Slice.ALL) : runner.ingress(w, Slice.ALL);
        Witnesses wit = new Witnesses(enc);
        List<BoolExpr> facts0 = engine.with(enc, run.pre(), wit.is(packet), enc.not(enc.input.fragment()));
        if (fixed != null) {
            List<Expr<?>> roots = new ArrayList<>(PathRunner.fateFields(run));
            roots.add(run.pre());
            roots.add(run.fate());
            if (run.local() != null) {
                roots.add(run.local());
            }
            nw.rejects().forEach(r -> roots.add(r.taken()));
            facts0.addAll(fixed.axioms(enc, roots));
        }
        Set<Fate> found = new TreeSet<>();
        List<BoolExpr> query = new ArrayList<>(facts0);
        for (int i = 0; i < MAX_FATES; i++) {
            Fate f = engine.withModel(query, m -> {
                int code = wit.num(m, run.fate()).intValue();
                String verdict = code < Encoding.VERDICT_NAMES.length ? Encoding.VERDICT_NAMES[code] : "?";
                WitnessPacket end = wit.packet(m, run.end().header(), run.end().mark(), run.end().connmark(), run.end().ct());
                String with = null;
                if (verdict.equals("REJECT")) {
                    for (NftSymbolicWalker.Rejected r : nw.rejects()) {
                        if (wit.truth(m, r.taken())) {
                            with = r.with();
                            break;
                        }
                    }
                }
                boolean local = run.local() != null && wit.truth(m, run.local());
                return new Fate(verdict, with, end, local || !verdict.equals("ACCEPT") ? null : end.outIface());
            });
            if (f == null) {
                break;
            }
            found.add(f);
            query.add(other(enc, run, f));
        }
        return found;
    }

    /** Excludes the fate {@code f}: another verdict, or (accepted) another header or out interface. */
    private static BoolExpr other(Encoding enc, PathRunner.Run run, Fate f) {
        int code = java.util.Arrays.asList(Encoding.VERDICT_NAMES).indexOf(f.verdict());
        BoolExpr same = enc.ctx.mkEq(run.fate(), enc.num(code, 3));
        if (f.verdict().equals("ACCEPT")) {
            var h = run.end().header();
            WitnessPacket e = f.end();
            same = enc.ctx.mkAnd(same, enc.ctx.mkEq(h.src(), enc.addr(e.src())), enc.ctx.mkEq(h.dst(), enc.addr(e.dst())),
                    enc.ctx.mkEq(h.sport(), enc.num(e.sport(), 16)), enc.ctx.mkEq(h.dport(), enc.num(e.dport(), 16)));
            if (f.out() != null) {
                same = enc.and(same, enc.ctx.mkEq(h.outIf(), enc.num(enc.ifaces.id(f.out()), enc.ifaces.bits())));
            } else if (run.local() != null) {
                same = enc.and(same, run.local());
            }
        }
        return enc.not(same);
    }

    @Override
    public void close() {
        engine.close();
    }
}
