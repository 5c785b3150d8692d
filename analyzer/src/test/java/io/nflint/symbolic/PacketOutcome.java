package io.nflint.symbolic;

import io.nflint.symbolic.replay.Witnesses;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.PathRunner;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.symbolic.slice.Slice;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import io.nflint.ir.Ruleset;
import io.nflint.walk.Outcome;
import io.nflint.walk.WalkVerdict;

import java.util.ArrayList;
import java.util.List;

/**
 * One concrete packet's fate as an engine gives it: verdict and, when accepted, the header it leaves
 * with and its out interface (null: delivered locally). Compared field by field between engines.
 */
record PacketOutcome(String verdict, String src, int sport, String dst, int dport, String outIface) {

    static PacketOutcome of(Outcome o) {
        if (o.verdict() != WalkVerdict.ACCEPT) {
            return new PacketOutcome(o.verdict().name(), null, 0, null, 0, null);
        }
        io.nflint.walk.Packet p = o.packet();
        // ports are -1 for protocols without them; the symbolic packet has 0 there
        return new PacketOutcome("ACCEPT", p.src().toString(), Math.max(p.sport(), 0), p.dst().toString(), Math.max(p.dport(), 0),
                o.outIface());
    }

    /**
     * The symbolic engine's fate for {@code packet} (a new, unmarked connection) entering on
     * {@code inIface} (null: generated locally), with the host facts fixed to {@code host}; fails
     * when the packet has no fate or more than one (the generated rule sets are deterministic).
     */
    static PacketOutcome symbolic(Z3Engine engine, Ruleset rs, FixedHost host, String inIface, WitnessPacket packet) {
        Encoding enc = engine.encoding(List.of(rs));
        SymbolicWalker w = new SymbolicWalker(enc, rs, "");
        PathRunner runner = new PathRunner(enc);
        PathRunner.Run run = inIface == null ? runner.localOut(w, Slice.ALL) : runner.ingress(w, Slice.ALL);
        List<Expr<?>> roots = new ArrayList<>(PathRunner.fateFields(run));
        roots.add(run.pre());
        roots.add(run.fate());
        Witnesses wit = new Witnesses(enc);
        List<BoolExpr> facts = engine.with(enc, run.pre(), wit.is(packet), enc.not(enc.input.fragment()));
        facts.addAll(host.axioms(enc, roots));
        Object[] found = engine.withModel(facts, m -> {
            int code = wit.num(m, run.fate()).intValue();
            WitnessPacket end = wit.packet(m, run.end().header(), run.end().mark(), run.end().connmark(), run.end().ct());
            return new Object[] {code, end};
        });
        if (found == null) {
            throw new AssertionError("the symbolic engine has no fate for " + packet.describe());
        }
        int code = (Integer) found[0];
        WitnessPacket end = (WitnessPacket) found[1];
        // the only fate: no model gives another verdict or (when accepted) another header
        BoolExpr other = enc.not(enc.ctx.mkEq(run.fate(), enc.num(code, 3)));
        if (code == Encoding.ACCEPT) {
            var h = run.end().header();
            other = enc.or(other, enc.not(enc.ctx.mkAnd(enc.ctx.mkEq(h.src(), enc.addr(end.src())),
                    enc.ctx.mkEq(h.dst(), enc.addr(end.dst())), enc.ctx.mkEq(h.sport(), enc.num(end.sport(), 16)),
                    enc.ctx.mkEq(h.dport(), enc.num(end.dport(), 16)),
                    enc.ctx.mkEq(h.outIf(), enc.num(enc.ifaces.id(end.outIface()), enc.ifaces.bits())))));
        }
        List<BoolExpr> another = new ArrayList<>(facts);
        another.add(other);
        Emptiness unique = engine.check(another, new BoolExpr[0]).emptiness();
        if (unique != Emptiness.EMPTY) {
            throw new AssertionError("the symbolic engine gives " + packet.describe() + " more than one fate (" + unique + ")");
        }
        String verdict = code < Encoding.VERDICT_NAMES.length ? Encoding.VERDICT_NAMES[code] : "?";
        if (code != Encoding.ACCEPT) {
            return new PacketOutcome(verdict, null, 0, null, 0, null);
        }
        return new PacketOutcome(verdict, end.src().toString(), end.sport(), end.dst().toString(), end.dport(), end.outIface());
    }
}
