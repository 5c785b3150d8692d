package io.nflint.lower.nft;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Snat;
import io.nflint.ir.target.Target;
import io.nflint.lower.Pred;
import io.nflint.nft.parse.NftExprText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * nft statements lowered into {@link NftOp}s, per table (named sets and maps are the table's). An
 * exhaustive switch over the sealed statement types: a new statement record does not compile
 * until it is lowered here.
 */
public final class NftLowering {

    private static final long ALL = 0xffffffffL;

    private final NftPredicates preds;

    public NftLowering(NftTable table) {
        Set<String> updated = new HashSet<>();
        for (NftChain c : table.chains()) {
            for (NftRule r : c.rules()) {
                for (NftStmt s : r.statements()) {
                    if (s instanceof NftStmt.SetUpdate u) {
                        updated.add(u.set());
                    }
                }
            }
        }
        this.preds = new NftPredicates(table, updated);
    }

    public NftLoweredRule lower(NftRule rule) {
        List<NftOp> ops = new ArrayList<>(rule.statements().size());
        for (NftStmt s : rule.statements()) {
            ops.add(lower(s));
        }
        return new NftLoweredRule(rule, ops);
    }

    NftOp lower(NftStmt s) {
        if (s instanceof NftStmt.Match m) {
            String text = NftExprText.of(m.left()) + " " + m.op().symbol() + " " + NftExprText.of(m.right());
            return new NftOp.Test(preds.relation(m.left(), m.op(), m.right(), text), m.span());
        } else if (s instanceof NftStmt.Verdict v) {
            return new NftOp.Verdict(v.kind(), v.chain().orElse(null), v.span());
        } else if (s instanceof NftStmt.VerdictMap vm) {
            return verdictMap(vm);
        } else if (s instanceof NftStmt.Nat n) {
            return nat(n);
        } else if (s instanceof NftStmt.Reject r) {
            return new NftOp.Reject(r.type().orElse("icmpx"), r.code().orElse(null), r.span());
        } else if (s instanceof NftStmt.Assign a) {
            return assign(a);
        } else if (s instanceof NftStmt.SetUpdate u) {
            return new NftOp.SideEffect(u.op() + " @" + u.set(), u.span());
        } else if (s instanceof NftStmt.Unmodelled u) {
            return new NftOp.Unknown(u.text(), "statement '" + u.text() + "' is not modelled", true, u.span());
        }
        return action((NftStmt.Action) s);
    }

    private NftOp action(NftStmt.Action a) {
        return switch (a.name()) {
            case "counter", "log", "flow", "flow offload", "dup" -> new NftOp.SideEffect(a.name(), a.span());
            case "notrack" -> new NftOp.Notrack(a.span());
            // over the rate or the quota, the rule stops: that depends on traffic nflint does not see
            case "limit", "quota" -> new NftOp.Test(new Pred.Opaque(a.name() + " " + a.options(),
                    a.name() + " depends on the packet rate"), a.span());
            case "queue", "synproxy", "tproxy", "fwd" -> new NftOp.Unknown(a.name(),
                    a.name() + " hands the packet to something nflint does not model", true, a.span());
            default -> new NftOp.Unknown(a.name(), "statement " + a.name() + " is not modelled", a.name().equals("xt"),
                    a.span());
        };
    }

    private NftOp verdictMap(NftStmt.VerdictMap vm) {
        String text = NftExprText.of(vm.key()) + " vmap " + NftExprText.of(vm.map());
        List<NftElement> elements = preds.elements(vm.map(), text);
        if (elements == null) {
            return new NftOp.VerdictMap(List.of(), "the elements of " + NftExprText.of(vm.map())
                    + " change at run time (or are not known)", vm.span());
        }
        List<NftOp.Entry<NftOp.Verdict>> entries = new ArrayList<>();
        for (NftElement e : elements) {
            if (e.data().isEmpty() || !(e.data().get() instanceof NftExpr.Verdict v)) {
                return new NftOp.VerdictMap(List.of(), "element " + NftExprText.of(e.key()) + " of " + text
                        + " has no verdict", vm.span());
            }
            Pred when = preds.keyEquals(vm.key(), e.key(), text);
            entries.add(new NftOp.Entry<>(when, new NftOp.Verdict(v.kind(), v.chain(), e.span() != null ? e.span() : vm.span())));
        }
        Pred guard = guardOf(vm.key());
        if (guard != null) {
            entries.replaceAll(en -> new NftOp.Entry<>(new Pred.All(List.of(guard, en.when())), en.data()));
        }
        return new NftOp.VerdictMap(entries, null, vm.span());
    }

    private static Pred guardOf(NftExpr key) {
        List<NftExpr> parts = key instanceof NftExpr.Concat c ? c.parts() : List.of(key);
        List<Pred> gs = new ArrayList<>();
        for (NftExpr p : parts) {
            NftSelectors.Sel s = NftSelectors.of(p);
            if (s != null && s.guard() != null) {
                gs.add(s.guard());
            }
        }
        return gs.isEmpty() ? null : new Pred.All(gs);
    }

    private NftOp nat(NftStmt.Nat n) {
        boolean random = n.flags().contains("random") || n.flags().contains("fully-random");
        boolean persistent = n.flags().contains("persistent");
        PortRange ports = n.port().isPresent() ? ports(n.port().get()) : null;
        if (n.port().isPresent() && ports == null) {
            return new NftOp.Nat(n.kind(), List.of(), "port '" + NftExprText.of(n.port().get()) + "' is not modelled", n.span());
        }
        switch (n.kind()) {
            case MASQUERADE:
                return new NftOp.Nat(n.kind(), List.of(new NftOp.Entry<>(Pred.Const.TRUE,
                        new Masquerade(ports, random, n.span()))), null, n.span());
            case REDIRECT:
                return new NftOp.Nat(n.kind(), List.of(new NftOp.Entry<>(Pred.Const.TRUE,
                        new Redirect(ports, random, n.span()))), null, n.span());
            default:
                break;
        }
        if (n.address().isEmpty()) {
            return new NftOp.Nat(n.kind(), List.of(), "a NAT statement without an address", n.span());
        }
        NftExpr addr = n.address().get();
        if (addr instanceof NftExpr.MapLookup ml) {
            String text = NftExprText.of(ml.key()) + " map " + NftExprText.of(ml.map());
            List<NftElement> elements = preds.elements(ml.map(), text);
            if (elements == null) {
                return new NftOp.Nat(n.kind(), List.of(), "the elements of " + text + " change at run time (or are not known)",
                        n.span());
            }
            List<NftOp.Entry<Target>> entries = new ArrayList<>();
            Pred guard = guardOf(ml.key());
            for (NftElement e : elements) {
                Target t = e.data().isEmpty() ? null : natTarget(n, e.data().get(), ports, random, persistent);
                if (t == null) {
                    return new NftOp.Nat(n.kind(), List.of(), "element " + NftExprText.of(e.key()) + " of " + text
                            + " maps to an address nflint does not read", n.span());
                }
                Pred when = preds.keyEquals(ml.key(), e.key(), text);
                entries.add(new NftOp.Entry<>(guard == null ? when : new Pred.All(List.of(guard, when)), t));
            }
            return new NftOp.Nat(n.kind(), entries, null, n.span());
        }
        Target t = natTarget(n, addr, ports, random, persistent);
        if (t == null) {
            return new NftOp.Nat(n.kind(), List.of(), "address '" + NftExprText.of(addr) + "' is not modelled", n.span());
        }
        return new NftOp.Nat(n.kind(), List.of(new NftOp.Entry<>(Pred.Const.TRUE, t)), null, n.span());
    }

    /** DNAT/SNAT to an address, range or prefix (a map's data may carry {@code address . port}). */
    private static Target natTarget(NftStmt.Nat n, NftExpr data, PortRange ports, boolean random, boolean persistent) {
        NftExpr a = data;
        PortRange p = ports;
        if (data instanceof NftExpr.Concat c && c.parts().size() == 2) {
            a = c.parts().get(0);
            p = ports(c.parts().get(1));
            if (p == null) {
                return null;
            }
        }
        AddressRange range = addressRange(a);
        if (range == null) {
            return null;
        }
        List<NatRange> to = List.of(new NatRange(range, p));
        return n.kind() == NftStmt.NatKind.DNAT ? new Dnat(to, random, persistent, n.span())
                : new Snat(to, random, persistent, n.span());
    }

    private static AddressRange addressRange(NftExpr a) {
        if (a instanceof NftExpr.Value v) {
            return Ip.parse(v.text()).map(ip -> new AddressRange(ip, ip)).orElse(null);
        }
        if (a instanceof NftExpr.Range r && r.low() instanceof NftExpr.Value lo && r.high() instanceof NftExpr.Value hi) {
            Optional<Ip> x = Ip.parse(lo.text());
            Optional<Ip> y = Ip.parse(hi.text());
            return x.isPresent() && y.isPresent() ? new AddressRange(x.get(), y.get()) : null;
        }
        if (a instanceof NftExpr.Prefix pr && pr.address() instanceof NftExpr.Value v) {
            return Ip.parse(v.text()).map(ip -> {
                IpNet net = IpNet.of(ip, pr.length());
                return new AddressRange(net.first(), net.last());
            }).orElse(null);
        }
        return null;
    }

    private static PortRange ports(NftExpr e) {
        if (e instanceof NftExpr.Value v) {
            OptionalLong x = NftConstants.number(v.text(), NftConstants.Kind.PORT);
            return x.isPresent() ? PortRange.of((int) x.getAsLong()) : null;
        }
        if (e instanceof NftExpr.Range r && r.low() instanceof NftExpr.Value lo && r.high() instanceof NftExpr.Value hi) {
            OptionalLong x = NftConstants.number(lo.text(), NftConstants.Kind.PORT);
            OptionalLong y = NftConstants.number(hi.text(), NftConstants.Kind.PORT);
            return x.isPresent() && y.isPresent() ? new PortRange((int) x.getAsLong(), (int) y.getAsLong()) : null;
        }
        return null;
    }

    /** {@code meta mark set …}, {@code ct mark set …}: MARK and CONNMARK in their kernel form. */
    private static NftOp assign(NftStmt.Assign a) {
        SourceSpan span = a.span();
        String text = NftExprText.of(a.target()) + " set " + NftExprText.of(a.value());
        boolean meta = a.target() instanceof NftExpr.Meta m && m.key().equals("mark");
        boolean ct = a.target() instanceof NftExpr.Ct c && c.key().equals("mark") && c.direction() == null;
        if (!meta && !ct) {
            return new NftOp.Unknown(text, "'" + text + "' is assumed to change nothing the rules read", false, span);
        }
        NftExpr v = a.value();
        if (meta && v instanceof NftExpr.Ct c && c.key().equals("mark")) {
            return new NftOp.SetMark(new ConnmarkTarget(ConnmarkTarget.Mode.RESTORE, 0, 0, ALL, ALL, span), span);
        }
        if (ct && v instanceof NftExpr.Meta m && m.key().equals("mark")) {
            return new NftOp.SetMark(new ConnmarkTarget(ConnmarkTarget.Mode.SAVE, 0, 0, ALL, ALL, span), span);
        }
        long[] vm = xmark(v, meta ? "meta" : "ct");
        if (vm == null) {
            return new NftOp.Unknown(text, "'" + text + "' sets a mark nflint cannot compute: assumed unchanged", false, span);
        }
        Target t = meta ? new MarkTarget(vm[0], vm[1], "set " + NftExprText.of(v), span)
                : new ConnmarkTarget(ConnmarkTarget.Mode.SET, vm[0], vm[1], ALL, ALL, span);
        return new NftOp.SetMark(t, span);
    }

    /** {@code (value, mask)} of {@code (mark & ~mask) ^ value} for a constant or {@code mark |&^ constant}. */
    private static long[] xmark(NftExpr v, String self) {
        if (v instanceof NftExpr.Value x) {
            OptionalLong n = NftConstants.number(x.text(), NftConstants.Kind.NUMBER);
            return n.isPresent() ? new long[] {n.getAsLong() & ALL, ALL} : null;
        }
        if (v instanceof NftExpr.Binop b && b.right() instanceof NftExpr.Value x && readsMark(b.left(), self)) {
            OptionalLong n = NftConstants.number(x.text(), NftConstants.Kind.NUMBER);
            if (n.isEmpty()) {
                return null;
            }
            long k = n.getAsLong() & ALL;
            return switch (b.op()) {
                case "|" -> new long[] {k, k};
                case "&" -> new long[] {0, ~k & ALL};
                case "^" -> new long[] {k, 0};
                default -> null;
            };
        }
        return null;
    }

    private static boolean readsMark(NftExpr e, String self) {
        return self.equals("meta") ? e instanceof NftExpr.Meta m && m.key().equals("mark")
                : e instanceof NftExpr.Ct c && c.key().equals("mark") && c.direction() == null;
    }
}
