package io.nflint.symbolic;

import io.nflint.symbolic.replay.Witnesses;
import io.nflint.symbolic.z3.Encoding;
import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.walk.StaticHost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One small IPv4 host told to both engines: interfaces with one address and prefix each and a
 * default route. The walker gets it as a {@link StaticHost}; the symbolic engine gets, for every
 * application of is_local, route, iface_addr and route_localnet in a path's formulas, an axiom fixing it to this
 * host's answer for that (possibly translated) address: the routing both sides use is the same.
 */
final class FixedHost {

    record Iface(String name, String cidr) {
        Ip address() {
            return Ip.parse(cidr.substring(0, cidr.indexOf('/'))).orElseThrow();
        }

        IpNet net() {
            return IpNet.parse(cidr).orElseThrow();
        }
    }

    final List<Iface> ifaces;
    final String defaultIface;
    final String gateway;

    FixedHost(List<Iface> ifaces, String defaultIface, String gateway) {
        this.ifaces = List.copyOf(ifaces);
        this.defaultIface = defaultIface;
        this.gateway = gateway;
    }

    StaticHost staticHost() {
        StaticHost.Builder b = StaticHost.builder();
        for (Iface i : ifaces) {
            b.iface(i.name(), i.cidr());
        }
        return b.route("default", gateway, defaultIface).build();
    }

    boolean isLocal(Ip ip) {
        return ifaces.stream().anyMatch(i -> i.address().equals(ip)) || !ip.v6() && (ip.v4Value() >>> 24) == 127;
    }

    /** The axioms fixing every host-fact application inside {@code roots} to this host's answers. */
    List<BoolExpr> axioms(Encoding enc, List<? extends Expr<?>> roots) {
        List<BoolExpr> out = new ArrayList<>();
        int ib = enc.ifaces.bits();
        // longest prefix first, the default route last
        List<Iface> byPrefix = new ArrayList<>(ifaces);
        byPrefix.sort(Comparator.comparingInt((Iface i) -> i.net().length()));
        for (Expr<?> app : Witnesses.hostApplications(enc, roots)) {
            BitVecExpr arg = (BitVecExpr) app.getArgs()[0];
            if (app.getFuncDecl().equals(enc.routeLocalnet)) {
                // the static host leaves route_localnet off everywhere
                out.add(enc.ctx.mkEq(app, enc.ctx.mkFalse()));
            } else if (app.getFuncDecl().equals(enc.isLocal)) {
                BoolExpr local = enc.ctx.mkFalse();
                for (Iface i : ifaces) {
                    local = enc.or(local, enc.ctx.mkEq(arg, enc.addr(i.address())));
                }
                out.add(enc.ctx.mkEq(app, local));
            } else if (app.getFuncDecl().equals(enc.route)) {
                BitVecExpr via = enc.num(enc.ifaces.id(defaultIface), ib);
                for (Iface i : byPrefix) {
                    via = enc.ite(enc.inRange(arg, i.net().first(), i.net().last()), enc.num(enc.ifaces.id(i.name()), ib), via);
                }
                out.add(enc.ctx.mkEq(app, via));
            } else {
                BitVecExpr addr = enc.num(0, 32);
                for (Iface i : ifaces) {
                    addr = enc.ite(enc.ctx.mkEq(arg, enc.num(enc.ifaces.id(i.name()), ib)), enc.addr(i.address()), addr);
                }
                out.add(enc.ctx.mkEq(app, addr));
            }
        }
        return out;
    }
}
