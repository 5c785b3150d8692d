package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code ip -j route} / {@code ip -j -6 route}. */
final class IpRouteReader {

    private IpRouteReader() {
    }

    /** {@code v6} decides what "default" means; explicit prefixes carry their own family. */
    static List<Route> read(LocatedJson doc, boolean v6) throws BundleFormatException {
        List<Route> out = new ArrayList<>();
        for (JsonCursor r : doc.root().array()) {
            r.requireObject();
            JsonCursor dstField = r.get("dst");
            String dst = dstField.text();
            IpNet destination;
            if (dst.equals("default")) {
                destination = IpNet.any(v6);
            } else {
                destination = IpNet.parse(dst)
                        .filter(n -> n.length() >= 0)
                        .orElseThrow(() -> dstField.fail("not a route destination: \"" + dst + "\""));
            }
            Ip gateway = r.get("gateway").optIp();
            String dev = r.get("dev").optText();
            // a multipath route prints its next hops instead; the first one stands for all here
            List<JsonCursor> hops = r.get("nexthops").array();
            if (gateway == null && dev == null && !hops.isEmpty()) {
                gateway = hops.get(0).get("gateway").optIp();
                dev = hops.get(0).get("dev").optText();
            }
            String table = r.get("table").optText();
            out.add(new Route(destination, gateway, dev, RouteType.parse(r.get("type").optText()),
                    table, r.get("metric").optInt(0), r.get("prefsrc").optIp(), r.get("scope").optText()));
        }
        return out;
    }
}
