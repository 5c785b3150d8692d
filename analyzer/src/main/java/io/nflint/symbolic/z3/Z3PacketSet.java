package io.nflint.symbolic.z3;

import io.nflint.symbolic.Emptiness;
import io.nflint.symbolic.PacketSet;
import io.nflint.symbolic.WitnessPacket;
import io.nflint.symbolic.replay.Witnesses;
import com.microsoft.z3.BoolExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A packet set as a formula over the arriving packet's fields. */
final class Z3PacketSet implements PacketSet {

    private final Z3Engine engine;
    private final Encoding enc;
    final BoolExpr formula;

    Z3PacketSet(Z3Engine engine, Encoding enc, BoolExpr formula) {
        this.engine = engine;
        this.enc = enc;
        this.formula = formula;
    }

    @Override
    public Emptiness emptiness() {
        return engine.check(engine.with(enc, formula), new BoolExpr[0]).emptiness();
    }

    @Override
    public Optional<WitnessPacket> witness() {
        List<WitnessPacket> one = witnesses(1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    @Override
    public List<WitnessPacket> witnesses(int n) {
        List<WitnessPacket> out = new ArrayList<>();
        BoolExpr f = formula;
        Witnesses w = new Witnesses(enc);
        for (int i = 0; i < n; i++) {
            WitnessPacket p = engine.withPreferredModel(engine.with(enc, f), w.preferred(), m -> w.input(m));
            if (p == null) {
                break;
            }
            out.add(p);
            f = enc.and(f, w.block(p));
        }
        return out;
    }

    @Override
    public Emptiness contains(WitnessPacket p) {
        Header h = enc.input;
        BoolExpr is = enc.ctx.mkAnd(enc.ctx.mkEq(h.src(), enc.addr(p.src())), enc.ctx.mkEq(h.dst(), enc.addr(p.dst())),
                enc.ctx.mkEq(h.proto(), enc.num(p.proto(), 8)), enc.ctx.mkEq(h.sport(), enc.num(p.sport(), 16)),
                enc.ctx.mkEq(h.dport(), enc.num(p.dport(), 16)), enc.ctx.mkEq(h.tcpFlags(), enc.num(p.tcpFlags(), 8)),
                enc.ctx.mkEq(h.inIf(), enc.num(enc.ifaces.id(p.inIface()), enc.ifaces.bits())),
                enc.ctx.mkEq(enc.ct, enc.num(ctState(p), 3)), enc.ctx.mkEq(enc.mark, enc.num(0, 32)),
                enc.ctx.mkEq(enc.connmark, enc.num(0, 32)), enc.not(h.fragment()));
        return engine.check(engine.with(enc, formula, is), new BoolExpr[0]).emptiness();
    }

    /** The packet's conntrack state as the encoding numbers it; NEW when it names none. */
    private static int ctState(WitnessPacket p) {
        int i = p.ctState() == null ? -1 : java.util.Arrays.asList(Encoding.CT_NAMES).indexOf(p.ctState());
        return i < 0 ? Encoding.CT_NEW : i;
    }

    private Z3PacketSet other(PacketSet o) {
        if (!(o instanceof Z3PacketSet z) || z.enc != enc) {
            throw new IllegalArgumentException("packet sets of different analyses cannot be combined");
        }
        return z;
    }

    @Override
    public PacketSet intersect(PacketSet o) {
        return new Z3PacketSet(engine, enc, enc.and(formula, other(o).formula));
    }

    @Override
    public PacketSet union(PacketSet o) {
        return new Z3PacketSet(engine, enc, enc.or(formula, other(o).formula));
    }

    @Override
    public PacketSet minus(PacketSet o) {
        return new Z3PacketSet(engine, enc, enc.and(formula, enc.not(other(o).formula)));
    }

    @Override
    public List<String> dependsOn() {
        return enc.originsIn(formula);
    }
}
