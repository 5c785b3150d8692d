package io.nflint.symbolic.z3;

import io.nflint.host.Assumption;
import io.nflint.host.BundleFile;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.host.RouteType;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one host model says about one address family, as plain data the encoding turns into
 * formulas: the local prefixes (as {@link HostModel#isLocal} answers), the subnet broadcasts the
 * routing decision also delivers locally, the main-table routes in lookup order, each interface's
 * primary address (MASQUERADE, REDIRECT), the bridges with their ports, and br_netfilter's switch.
 * A part the bundle did not hold (no ip-addr.json, no route file) is marked unknown and stays
 * uninterpreted in the encoding, so the answer holds for any host there. {@code arrivals} are the
 * interfaces an IP packet can arrive on (up, not loopback, not a bridge port: a port's frames
 * arrive on its bridge). route_localnet as the walker reads it: {@code routeLocalnetAll} for
 * conf.all (every interface), {@code routeLocalnet} the interfaces whose own setting is on.
 * {@code intervals}: the routes as the encoding searches them, built once (null without a route file).
 * {@code forwarding}: ip_forward (IPv4) or conf.all.forwarding (IPv6) as the walker reads the
 * sysctls; off, the routing decision drops what is not for the host. {@code hairpins}: each
 * bridge's hairpin mode per container address ({@link BridgeHairpin}).
 */
public record HostFacts(boolean v6, List<IpNet> local, boolean localKnown, List<Ip> broadcasts, List<RouteEntry> routes,
                 boolean routesKnown, Map<String, Ip> primary, Map<String, List<String>> bridges,
                 boolean bridgeNfCall, Set<String> interfaceNames, Set<String> arrivals,
                 boolean routeLocalnetAll, Set<String> routeLocalnet, RouteIntervals intervals, boolean forwarding,
                 Map<String, BridgeHairpin> hairpins) {

    /**
     * The most route intervals the encoding searches exactly. Each query bit-blasts one comparison
     * per interval: 10,000 answer in seconds, 300,000 alternating routes (a full BGP table) take
     * gigabytes per query. Beyond it the routes are left open, as without a route file, and the
     * diff notes say so; a count, so the same bundle is always encoded the same way.
     */
    public static final int MAX_ROUTE_INTERVALS = 50_000;

    /** One main-table route; {@code device} null when the kernel does not forward by it (blackhole, unreachable, …). */
    record RouteEntry(IpNet destination, String device) {
    }

    public HostFacts {
        local = List.copyOf(local);
        broadcasts = List.copyOf(broadcasts);
        routes = List.copyOf(routes);
        primary = Map.copyOf(primary);
        bridges = Map.copyOf(bridges);
        interfaceNames = Set.copyOf(interfaceNames);
        arrivals = Set.copyOf(arrivals);
        routeLocalnet = Set.copyOf(routeLocalnet);
        hairpins = Map.copyOf(hairpins);
    }

    public static HostFacts of(HostModel host, boolean v6) {
        List<IpNet> local = new ArrayList<>();
        List<Ip> broadcasts = new ArrayList<>();
        Map<String, Ip> primary = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> arrivals = new LinkedHashSet<>();
        names.add("lo");
        for (NetInterface i : host.interfaces()) {
            names.add(i.name());
            if (i.up() && i.kind() != InterfaceKind.LOOPBACK && i.master() == null && host.bridgeOfInterface(i.name()).isEmpty()) {
                arrivals.add(i.name());
            }
            if (i.master() != null) {
                names.add(i.master());
            }
            for (IfAddress a : i.addresses()) {
                if (a.v6() != v6) {
                    continue;
                }
                if (i.up()) {
                    local.add(IpNet.host(a.address()));
                    // the kernel makes a loopback's whole IPv4 prefix local (127.0.0.0/8 on lo)
                    if (!v6 && i.kind() == InterfaceKind.LOOPBACK) {
                        local.add(a.subnet());
                    }
                    if (!v6 && a.prefixLen() < 31) {
                        broadcasts.add(a.subnet().last());
                    }
                }
            }
            primaryAddress(host, i, v6).ifPresent(ip -> primary.putIfAbsent(i.name(), ip));
        }
        List<Route> mainRoutes = new ArrayList<>();
        for (Route r : host.routes(v6)) {
            if (r.type() == RouteType.LOCAL) {
                local.add(r.destination());
            } else if (r.inMainTable()) {
                mainRoutes.add(r);
            }
            if (r.device() != null) {
                names.add(r.device());
            }
        }
        // HostModel.routeLookup's order: longest prefix, then lowest metric, then first listed
        List<Route> ordered = new ArrayList<>(mainRoutes);
        ordered.sort(Comparator.<Route>comparingInt(r -> -r.destination().length()).thenComparingInt(Route::metric));
        List<RouteEntry> routes = new ArrayList<>();
        for (Route r : ordered) {
            routes.add(new RouteEntry(r.destination(), r.type() == RouteType.UNICAST ? r.device() : null));
        }
        Map<String, List<String>> bridges = new LinkedHashMap<>();
        for (NetInterface i : host.interfaces()) {
            if (i.kind() == InterfaceKind.BRIDGE) {
                bridges.put(i.name(), host.bridgePorts(i.name()));
            }
        }
        for (var p : host.bridgePorts()) {
            if (p.bridge() != null) {
                bridges.putIfAbsent(p.bridge(), host.bridgePorts(p.bridge()));
                names.add(p.name());
                names.add(p.bridge());
            }
        }
        String routeFile = (v6 ? BundleFile.IP6_ROUTE : BundleFile.IP_ROUTE).fileName();
        boolean bnf = v6 ? host.sysctls().bridgeNfCallIp6tables() : host.sysctls().bridgeNfCallIptables();
        boolean localnetAll = host.sysctls().routeLocalnet(null);
        Set<String> localnet = new LinkedHashSet<>();
        for (String name : names) {
            if (!localnetAll && host.sysctls().routeLocalnet(name)) {
                localnet.add(name);
            }
        }
        // built once here: every encoding of this host searches the same intervals
        RouteIntervals intervals = missing(host, routeFile) ? null : RouteIntervals.of(routes, v6);
        return new HostFacts(v6, local, !missing(host, BundleFile.IP_ADDR.fileName()), broadcasts, routes,
                intervals != null && intervals.ends.size() <= MAX_ROUTE_INTERVALS, primary, bridges, bnf, names, arrivals,
                localnetAll, localnet, intervals, v6 ? host.sysctls().ipv6Forwarding() : host.sysctls().ipForward(),
                BridgeHairpin.of(host, bridges.keySet(), v6));
    }

    /**
     * These facts with forwarding on and no hairpin drops: for rule logic, which reports rules the
     * rules themselves make dead. A host that does not forward, or a bridge port without hairpin
     * mode, silences rules for reasons of its own that checks of their own report (NFL203, NFL306);
     * every FORWARD or hairpin rule named never-matched again would only repeat them.
     */
    public HostFacts ignoringForwardingAndHairpin() {
        return new HostFacts(v6, local, localKnown, broadcasts, routes, routesKnown, primary, bridges, bridgeNfCall,
                interfaceNames, arrivals, routeLocalnetAll, routeLocalnet, intervals, true, Map.of());
    }

    private static boolean missing(HostModel host, String file) {
        for (Assumption a : host.assumptions()) {
            if (a.file().equals(file) && a.text().startsWith(file + " is missing")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The address MASQUERADE gives a packet leaving {@code i}: IPv4 as inet_select_addr in universe
     * scope picks it (lo's 127.0.0.1 is host-scoped, so a packet out of lo gets another device's
     * address), IPv6 the first global address of the family, as the walker picks them.
     */
    private static java.util.Optional<Ip> primaryAddress(HostModel host, NetInterface i, boolean v6) {
        if (!v6) {
            return io.nflint.host.SourceSelection.ipv4(host.interfaces(), i.name(), null, IfAddress.SCOPE_GLOBAL);
        }
        return i.addresses().stream().map(IfAddress::address).filter(a -> a.v6() == v6)
                .filter(a -> !v6 || (a.hi() >>> 54) != 0x3fa).findFirst();
    }

    /** What the encoding leaves open for this family although a host model was given, for notes. */
    public List<String> gaps() {
        List<String> out = new ArrayList<>();
        String family = v6 ? "IPv6" : "IPv4";
        if (!localKnown) {
            out.add("the bundle has no ip-addr.json: besides the addresses it names, any " + family + " address may be local");
        }
        if (intervals != null && intervals.ends.size() > MAX_ROUTE_INTERVALS) {
            out.add("the " + routes.size() + " " + family + " routes make " + intervals.ends.size() + " address intervals, more than"
                    + " the symbolic engine encodes (" + MAX_ROUTE_INTERVALS + "): " + family
                    + " destinations may route out of any interface of the host");
        } else if (!routesKnown) {
            out.add("the bundle has no " + (v6 ? BundleFile.IP6_ROUTE : BundleFile.IP_ROUTE).fileName()
                    + ": " + family + " destinations may route out of any interface of the host");
        }
        return out;
    }
}
