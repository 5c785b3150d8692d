package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

/**
 * One routing table entry.
 *
 * @param gateway   next hop, null for on-link routes
 * @param device    output device, null for e.g. blackhole routes
 * @param table     table name as {@code ip} prints it ("main", "local", or a number); "main" when not printed
 * @param metric    0 when not printed
 * @param prefSrc   preferred source address, or null
 * @param scope     e.g. "link", "host", "global" ("global" when not printed)
 */
public record Route(
        IpNet destination,
        Ip gateway,
        String device,
        RouteType type,
        String table,
        int metric,
        Ip prefSrc,
        String scope) {

    public static final String MAIN = "main";
    public static final String LOCAL_TABLE = "local";

    public Route {
        table = table == null ? MAIN : table;
        scope = scope == null ? "global" : scope;
    }

    /** An on-link or gatewayed unicast route in the main table. */
    public static Route unicast(IpNet destination, Ip gateway, String device) {
        return new Route(destination, gateway, device, RouteType.UNICAST, MAIN, 0, null, gateway == null ? "link" : "global");
    }

    public boolean v6() {
        return destination.v6();
    }

    public boolean inMainTable() {
        return MAIN.equals(table) || "254".equals(table);
    }
}
