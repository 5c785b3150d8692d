package io.nflint.symbolic.z3;

import com.microsoft.z3.BoolExpr;
import io.nflint.lower.Field;
import io.nflint.lower.Pred;
import io.nflint.lower.Preds;
import java.util.ArrayList;
import java.util.List;

/**
 * xt_physdev on a routed or local packet: never bridged, so no out port (the bridge runs after
 * POSTROUTING); an in port only when it arrived on a bridge through br_netfilter, which only a host
 * model can rule out. The unknown stands for the in port's options where it may exist.
 */
final class PhysdevOffBridge {

    private final Encoding enc;

    PhysdevOffBridge(Encoding enc) {
        this.enc = enc;
    }

    /** Whether the lowered match reads the bridge ports and nothing else. */
    static boolean reads(Pred p) {
        java.util.Set<Field> fields = Preds.fields(p);
        return testsOnly(p) && !fields.isEmpty() && fields.stream().allMatch(f -> f == Field.PHYSDEV_IN || f == Field.PHYSDEV_OUT);
    }

    BoolExpr narrow(Pred p, Header h, BoolExpr unknown) {
        List<Pred> in = new ArrayList<>();
        List<Pred> out = new ArrayList<>();
        for (Pred x : p instanceof Pred.All a ? a.preds() : List.of(p)) {
            (Preds.fields(x).contains(Field.PHYSDEV_OUT) ? out : in).add(x);
        }
        BoolExpr inPart = unknown;
        if (in.isEmpty()) {
            inPart = enc.ctx.mkTrue();
        } else if (enc.host != null) {
            BoolExpr onBridge = enc.ctx.mkFalse();
            if (enc.host.bridgeNfCall()) {
                for (String b : enc.host.bridges().keySet()) {
                    onBridge = enc.or(onBridge, enc.ctx.mkEq(h.inIf(), enc.num(enc.ifaces.id(b), enc.ifaces.bits())));
                }
            }
            // no in port: the options match only negated
            inPart = enc.ite(onBridge, unknown, withoutPort(in) ? enc.ctx.mkTrue() : enc.ctx.mkFalse());
        }
        if (out.isEmpty()) {
            return inPart;
        }
        // every out option fails without an out port, so the match holds only when each is negated
        return withoutPort(out) ? inPart : enc.ctx.mkFalse();
    }

    /** The conjunction's value on a packet without bridge ports. */
    private static boolean withoutPort(List<Pred> conj) {
        return conj.stream().allMatch(PhysdevOffBridge::absent);
    }

    private static boolean absent(Pred p) {
        if (p instanceof Pred.Not n) {
            return !absent(n.pred());
        }
        if (p instanceof Pred.All a) {
            return a.preds().stream().allMatch(PhysdevOffBridge::absent);
        }
        if (p instanceof Pred.Any a) {
            return a.preds().stream().anyMatch(PhysdevOffBridge::absent);
        }
        if (p instanceof Pred.Const k) {
            return k.value();
        }
        // a test on, or the presence of, a port the packet does not have
        return false;
    }

    /** Whether the predicate is made of tests alone (no opaque parts, guards or lookups). */
    private static boolean testsOnly(Pred p) {
        if (p instanceof Pred.Not n) {
            return testsOnly(n.pred());
        }
        if (p instanceof Pred.All a) {
            return a.preds().stream().allMatch(PhysdevOffBridge::testsOnly);
        }
        if (p instanceof Pred.Any a) {
            return a.preds().stream().allMatch(PhysdevOffBridge::testsOnly);
        }
        return p instanceof Pred.Test || p instanceof Pred.Present || p instanceof Pred.Const;
    }
}
