package io.nflint.host;

import io.nflint.ir.Ip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads a host bundle directory into a {@link HostModel}. Every file is optional; for each one
 * that is missing the model carries an {@link Assumption} naming it. A file that is present but
 * malformed stops loading with a {@link BundleFormatException} that points into it.
 */
public final class HostBundleLoader {

    private HostBundleLoader() {
    }

    public static LoadedBundle load(Path dir) throws BundleFormatException {
        // Files.list below would also list what a link to a directory holds: refuse the link kinds first
        if (!Files.isDirectory(dir)) {
            throw new BundleFormatException(dir, 0, 0, Files.exists(dir) ? "not a directory" : "no such directory");
        }
        Map<BundleFile, Path> files = new EnumMap<>(BundleFile.class);
        List<Path> ignored = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                var known = BundleFile.byName(p.getFileName().toString());
                if (known.isPresent()) {
                    // a file the bundle names is read or refused, never skipped: a FIFO or a dangling
                    // link where iptables.rules should be is a broken bundle, not a host without rules
                    String problem = InputFiles.typeProblem(p, false);
                    if (problem != null) {
                        throw new BundleFormatException(p, 0, 0, problem);
                    }
                    files.put(known.get(), p);
                } else {
                    ignored.add(p);
                }
            }
        } catch (IOException e) {
            throw new BundleFormatException(dir, 0, 0, "cannot list: " + e.getMessage(), e);
        }
        return new LoadedBundle(dir, build(files), files, ignored);
    }

    /** Each port gets the MACs learned behind it; a port only the fdb names is added without bridge-link facts. */
    private static List<BridgePort> withLearnedMacs(List<BridgePort> ports, Map<BridgeFdbReader.Port, List<String>> fdb) {
        List<BridgePort> out = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (BridgePort p : ports) {
            named.add(p.name());
            out.add(p.withMacs(fdb.getOrDefault(new BridgeFdbReader.Port(p.name(), p.bridge()), List.of())));
        }
        fdb.forEach((port, macs) -> {
            if (!named.contains(port.name())) {
                out.add(new BridgePort(port.name(), port.bridge(), null, null, false, macs));
            }
        });
        return out;
    }

    private static HostModel build(Map<BundleFile, Path> files) throws BundleFormatException {
        HostModel.Builder b = HostModel.builder();
        List<Assumption> assumptions = new ArrayList<>();

        List<NetInterface> addrs = files.containsKey(BundleFile.IP_ADDR)
                ? IpAddrReader.read(LocatedJson.read(files.get(BundleFile.IP_ADDR))) : List.of();
        List<NetInterface> links = files.containsKey(BundleFile.IP_LINK)
                ? IpLinkReader.read(LocatedJson.read(files.get(BundleFile.IP_LINK))) : List.of();
        List<BridgePort> ports = files.containsKey(BundleFile.BRIDGE_LINK)
                ? BridgeLinkReader.read(LocatedJson.read(files.get(BundleFile.BRIDGE_LINK))) : List.of();
        if (files.containsKey(BundleFile.BRIDGE_FDB)) {
            ports = withLearnedMacs(ports, BridgeFdbReader.read(LocatedJson.read(files.get(BundleFile.BRIDGE_FDB))));
        }
        List<NetworkInfo> networks = new ArrayList<>();
        if (files.containsKey(BundleFile.DOCKER_NETWORK_INSPECT)) {
            networks.addAll(NetworkInspectReader.readDocker(LocatedJson.read(files.get(BundleFile.DOCKER_NETWORK_INSPECT))));
        }
        if (files.containsKey(BundleFile.PODMAN_NETWORK_INSPECT)) {
            networks.addAll(NetworkInspectReader.readPodman(LocatedJson.read(files.get(BundleFile.PODMAN_NETWORK_INSPECT))));
        }

        List<NetInterface> interfaces = mergeInterfaces(addrs, links, ports, networks);
        interfaces.forEach(b::putInterface);
        ports.forEach(b::addBridgePort);
        networks.stream().map(n -> withBridgeGateways(n, interfaces)).forEach(b::addNetwork);

        if (files.containsKey(BundleFile.IP_ADDR) && !files.containsKey(BundleFile.IP_LINK) && !interfaces.isEmpty()) {
            assumptions.add(new Assumption(BundleFile.IP_LINK.fileName(), "ip-link.json is missing: interface kinds "
                    + "(bridge, veth) were inferred from bridge masters, network inspect output and interface names"));
        }
        if (!files.containsKey(BundleFile.IP_ADDR) && !files.containsKey(BundleFile.IP_LINK)) {
            assumptions.add(new Assumption(BundleFile.IP_ADDR.fileName(), "ip-addr.json is missing: the host's "
                    + "interfaces and local addresses are unknown except where inferred from the rules"));
        } else if (!files.containsKey(BundleFile.IP_ADDR)) {
            assumptions.add(new Assumption(BundleFile.IP_ADDR.fileName(), "ip-addr.json is missing: interfaces come "
                    + "from ip-link.json without addresses; local addresses are unknown except where inferred from the rules"));
        }
        if (!files.containsKey(BundleFile.BRIDGE_LINK) && links.stream().noneMatch(l -> l.hairpin() != null)) {
            assumptions.add(new Assumption(BundleFile.BRIDGE_LINK.fileName(), "bridge-link.json is missing: hairpin "
                    + "mode of bridge ports is unknown (the kernel default is off)"));
        }

        routes(files, BundleFile.IP_ROUTE, false, interfaces, b, assumptions);
        routes(files, BundleFile.IP6_ROUTE, true, interfaces, b, assumptions);

        if (files.containsKey(BundleFile.SYSCTL)) {
            Sysctls s = SysctlReader.read(files.get(BundleFile.SYSCTL));
            b.sysctls(s);
            for (String key : s.assumedKeys()) {
                assumptions.add(new Assumption(BundleFile.SYSCTL.fileName(), "sysctl.txt does not set " + key
                        + ": assumed " + Sysctls.modelledDefaults().get(key) + " (kernel default)"));
            }
        } else {
            String defaults = Sysctls.modelledDefaults().entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
            assumptions.add(new Assumption(BundleFile.SYSCTL.fileName(),
                    "sysctl.txt is missing: assumed kernel defaults " + defaults
                            + " (bridge-nf-call-* = 1 assumes br_netfilter is loaded)"));
        }

        if (files.containsKey(BundleFile.IPSET)) {
            b.ipsets(IpSetReader.read(files.get(BundleFile.IPSET)));
        } else {
            assumptions.add(new Assumption(BundleFile.IPSET.fileName(), "ipset.save is missing: the contents of sets "
                    + "named in --match-set are unknown, so such matches may go either way"));
        }

        boolean anyInspect = false;
        if (files.containsKey(BundleFile.DOCKER_INSPECT)) {
            ContainerInspectReader.read(LocatedJson.read(files.get(BundleFile.DOCKER_INSPECT)), "docker")
                    .forEach(b::addContainer);
            anyInspect = true;
        }
        if (files.containsKey(BundleFile.PODMAN_INSPECT)) {
            ContainerInspectReader.read(LocatedJson.read(files.get(BundleFile.PODMAN_INSPECT)), "podman")
                    .forEach(b::addContainer);
            anyInspect = true;
        }
        if (!anyInspect) {
            assumptions.add(new Assumption(BundleFile.DOCKER_INSPECT.fileName(), "docker-inspect.json (or "
                    + "podman-inspect.json) is missing: containers and the ports they asked to publish are known "
                    + "only from the rules"));
        }
        if (!files.containsKey(BundleFile.DOCKER_NETWORK_INSPECT) && !files.containsKey(BundleFile.PODMAN_NETWORK_INSPECT)) {
            assumptions.add(new Assumption(BundleFile.DOCKER_NETWORK_INSPECT.fileName(), "docker-network-inspect.json "
                    + "(or podman-network-inspect.json) is missing: network options (masquerade, icc, internal) "
                    + "are inferred from the rules"));
        }

        if (files.containsKey(BundleFile.SS_LISTEN)) {
            SsListenReader.read(files.get(BundleFile.SS_LISTEN)).forEach(b::addListener);
        } else {
            assumptions.add(new Assumption(BundleFile.SS_LISTEN.fileName(), "ss-listen.txt is missing: listening "
                    + "sockets (docker-proxy, conmon, local services) are unknown"));
        }

        assumptions.forEach(b::addAssumption);
        return b.build();
    }

    private static void routes(Map<BundleFile, Path> files, BundleFile which, boolean v6, List<NetInterface> interfaces,
                               HostModel.Builder b, List<Assumption> assumptions) throws BundleFormatException {
        if (files.containsKey(which)) {
            IpRouteReader.read(LocatedJson.read(files.get(which)), v6).forEach(b::addRoute);
            return;
        }
        String family = v6 ? "IPv6" : "IPv4";
        int added = 0;
        for (NetInterface i : interfaces) {
            if (!i.up() || i.kind() == InterfaceKind.LOOPBACK) {
                continue;
            }
            for (IfAddress a : i.addresses()) {
                if (a.v6() == v6 && a.prefixLen() < a.address().bits()) {
                    // what the kernel adds by itself for an address: the on-link prefix route
                    b.addRoute(new Route(a.subnet(), null, i.name(), RouteType.UNICAST, Route.MAIN,
                            v6 ? 256 : 0, a.address(), "link"));
                    added++;
                }
            }
        }
        assumptions.add(new Assumption(which.fileName(), which.fileName() + " is missing: " + family + " routes "
                + (added > 0 ? "are assumed to be only the " + added + " on-link prefix route(s) of the interface "
                + "addresses, with no default route" : "are unknown")));
    }

    /**
     * Joins what ip-addr, ip-link and bridge-link say about each interface. Kinds come from
     * ip-link when it is there; otherwise an interface is a bridge when something names it as
     * master or as a network's bridge, and a veth when its name says so.
     */
    private static List<NetInterface> mergeInterfaces(List<NetInterface> addrs, List<NetInterface> links,
                                                      List<BridgePort> ports, List<NetworkInfo> networks) {
        Map<String, NetInterface> byName = new LinkedHashMap<>();
        addrs.forEach(i -> byName.put(i.name(), i));
        Set<String> kindKnown = new HashSet<>();
        for (NetInterface l : links) {
            NetInterface have = byName.get(l.name());
            NetInterface merged = have == null ? l
                    : new NetInterface(l.name(), have.index() != 0 ? have.index() : l.index(), l.kind(),
                    have.master() != null ? have.master() : l.master(), have.addresses(), have.up(), l.hairpin(),
                    have.mac() != null ? have.mac() : l.mac());
            byName.put(l.name(), merged);
            kindKnown.add(l.name());
        }
        for (BridgePort p : ports) {
            NetInterface have = byName.get(p.name());
            if (have != null) {
                NetInterface merged = have.master() == null && p.bridge() != null ? have.withMaster(p.bridge()) : have;
                byName.put(p.name(), p.hairpin() != null ? merged.withHairpin(p.hairpin()) : merged);
            }
        }
        Set<String> bridges = new HashSet<>();
        byName.values().forEach(i -> {
            if (i.master() != null) {
                bridges.add(i.master());
            }
        });
        ports.forEach(p -> {
            if (p.bridge() != null) {
                bridges.add(p.bridge());
            }
        });
        networks.forEach(n -> {
            if (n.bridge() != null) {
                bridges.add(n.bridge());
            }
        });
        List<NetInterface> out = new ArrayList<>();
        for (NetInterface i : byName.values()) {
            if (!kindKnown.contains(i.name()) && i.kind() == InterfaceKind.OTHER) {
                if (bridges.contains(i.name())) {
                    i = i.withKind(InterfaceKind.BRIDGE);
                } else if (i.name().startsWith("veth")) {
                    i = i.withKind(InterfaceKind.VETH);
                }
            }
            out.add(i);
        }
        return out;
    }

    /** Docker leaves the default bridge's gateway out of IPAM; the bridge's own address is it. */
    private static NetworkInfo withBridgeGateways(NetworkInfo n, List<NetInterface> interfaces) {
        if (n.bridge() == null || n.subnets().stream().allMatch(s -> s.gateway() != null)) {
            return n;
        }
        NetInterface br = interfaces.stream().filter(i -> i.name().equals(n.bridge())).findFirst().orElse(null);
        if (br == null) {
            return n;
        }
        List<NetworkSubnet> subnets = new ArrayList<>();
        for (NetworkSubnet s : n.subnets()) {
            Ip gw = s.gateway();
            if (gw == null) {
                gw = br.addresses().stream().map(IfAddress::address).filter(a -> s.subnet().contains(a))
                        .findFirst().orElse(null);
            }
            subnets.add(new NetworkSubnet(s.subnet(), gw));
        }
        return new NetworkInfo(n.engine(), n.name(), n.id(), n.driver(), n.bridge(), subnets, n.internal(),
                n.ipv6Enabled(), n.options());
    }
}
