package io.nflint.symbolic.z3;

import io.nflint.ir.NatRange;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Netmap;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Target;
import io.nflint.symbolic.slice.Slice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Where a walk's destination NAT can send the packets of a slice. Only the DNAT rules the walk
 * encoded (those whose box overlaps the slice) can rewrite one of its packets, so their ranges
 * bound the destination after the nat stage; a REDIRECT or NETMAP among them (a local or mapped
 * address) leaves it unbounded. Without this a kube-proxy diff would keep, after the nat table,
 * every filter rule keyed by a destination: one per service without endpoints.
 */
final class DestinationNat {

    private DestinationNat() {
    }

    /** {@code slice} after the nat stages whose trees are among {@code trees} (more trees only widen it). */
    static Slice after(Slice slice, List<SiteTree> trees) {
        if (slice.isAll() || slice.isEmpty()) {
            return slice;
        }
        List<NatRange> targets = new ArrayList<>();
        Set<SiteTree> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SiteTree t : trees) {
            if (!collect(t, targets, seen)) {
                return slice.widenRewritten(true);
            }
        }
        return slice.afterDestinationNat(targets);
    }

    /** Adds the DNAT ranges {@code t} encodes; false when it encodes a rewrite of the destination no range bounds. */
    private static boolean collect(SiteTree t, List<NatRange> out, Set<SiteTree> seen) {
        if (!seen.add(t)) {
            return true;
        }
        for (SiteTree.Site s : t.sites) {
            Target x = s.rule().target();
            if (x instanceof Dnat d) {
                d.to().stream().filter(r -> !out.contains(r)).forEach(out::add);
            } else if (x instanceof Redirect || x instanceof Netmap) {
                return false;
            }
            if (s.callee() != null && !collect(s.callee(), out, seen)) {
                return false;
            }
        }
        return true;
    }
}
