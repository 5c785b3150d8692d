package io.nflint.analysis;

import io.nflint.container.NftEngines;
import io.nflint.container.PortMapping;
import io.nflint.container.PortMappingExtractor;
import io.nflint.host.ContainerEndpoint;
import io.nflint.host.ContainerInfo;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.NetInterface;
import io.nflint.host.NetworkInfo;
import io.nflint.host.NetworkSubnet;
import io.nflint.host.infer.TopologyInference;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.walk.HostModelView;
import io.nflint.walk.Walker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the container checks share about one input, computed once: the host (the bundle's,
 * completed from the rules where it says nothing), the walker over all rule sets, the container
 * networks and containers, and the published-port mappings in the nat rules.
 */
public final class HostAnalysis {

    private final List<Ruleset> rulesets;
    /** The host's native nftables ruleset, walked with the xtables tables; null when there is none. */
    private final NftRuleset nft;
    private final Map<String, NftEngines.Owner> owners = new ConcurrentHashMap<>();
    private final HostModel host;
    private final boolean bundle;
    private Walker walker;
    private List<ContainerNetwork> networks;
    private List<ContainerEndpointView> containers;
    private Map<Ip, ContainerEndpointView> containerByAddress;
    private final Map<Ip, Boolean> local = new ConcurrentHashMap<>();
    private final Map<Family, List<PortMapping>> mappings = new LinkedHashMap<>();

    /** The input's rules lowered once: the port-mapping extractor reads them. */
    private final io.nflint.lower.LoweredRuleset lowered;

    private HostAnalysis(List<Ruleset> rulesets, NftRuleset nft, HostModel host, boolean bundle,
                         io.nflint.lower.LoweredRuleset lowered) {
        this.nft = nft;
        this.lowered = lowered;
        this.rulesets = List.copyOf(rulesets);
        this.host = host;
        this.bundle = bundle;
    }

    public static HostAnalysis of(List<Ruleset> rulesets, HostModel host, boolean bundle) {
        return of(rulesets, host, bundle, io.nflint.lower.LoweredRuleset.lazy());
    }

    /** The same, reading the rules from {@code lowered}, the input's rules lowered once. */
    public static HostAnalysis of(List<Ruleset> rulesets, HostModel host, boolean bundle, io.nflint.lower.LoweredRuleset lowered) {
        return of(rulesets, null, host, bundle, lowered);
    }

    /**
     * With the host's native nftables ruleset ({@code nft}, may be null): its tables are walked with
     * the xtables ones, what its rules say about bridges completes the inferred host, and its DNATs
     * are published ports like the nat table's ({@link io.nflint.container.NftPortMappingExtractor}).
     */
    public static HostAnalysis of(List<Ruleset> rulesets, NftRuleset nft, HostModel host, boolean bundle,
                                  io.nflint.lower.LoweredRuleset lowered) {
        HostModel h = host;
        for (Ruleset rs : rulesets) {
            if (rs.family() == Family.IPV4) {
                h = TopologyInference.infer(rs, h, lowered);
            }
        }
        if (nft != null) {
            h = io.nflint.host.infer.NftTopologyInference.infer(nft, host, h);
        }
        return new HostAnalysis(rulesets, nft, h, bundle, lowered);
    }

    /** The native nftables ruleset walked with the xtables tables, when the input has one. */
    public Optional<NftRuleset> nft() {
        return Optional.ofNullable(nft);
    }

    /** Who owns the native table {@code name} of the input (told from its rules); OTHER when there is none. */
    public NftEngines.Owner nftOwner(String table) {
        if (nft == null) {
            return NftEngines.Owner.OTHER;
        }
        // asked once per rule by the probes: the owner of a table is read from all its rules once
        return owners.computeIfAbsent(table, name -> nft.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .map(NftEngines::owner).orElse(NftEngines.Owner.OTHER));
    }

    /** A walker over the same rules on another host (the same host with other sysctls, say). */
    public Walker walkerOn(HostModel other) {
        return new Walker(new HostModelView(other), rulesets, nft);
    }

    public List<Ruleset> rulesets() {
        return rulesets;
    }

    public Optional<Ruleset> ruleset(Family family) {
        return rulesets.stream().filter(r -> r.family() == family).findFirst();
    }

    /** The host: the bundle's facts plus what was inferred; {@code host().assumptions()} says which. */
    public HostModel host() {
        return host;
    }

    /** {@code host().isLocal(ip)}, remembered: checks ask it for every container and mapping. */
    public boolean isLocal(Ip ip) {
        return local.computeIfAbsent(ip, host::isLocal);
    }

    public boolean isBundle() {
        return bundle;
    }

    public synchronized Walker walker() {
        if (walker == null) {
            walker = new Walker(new HostModelView(host), rulesets, nft);
        }
        return walker;
    }

    public synchronized List<PortMapping> portMappings(Family family) {
        return mappings.computeIfAbsent(family, f -> {
            List<PortMapping> out = new ArrayList<>(ruleset(f).map(rs -> PortMappingExtractor.extract(rs, lowered)).orElse(List.of()));
            if (nft != null && (f == Family.IPV4 || f == Family.IPV6)) {
                out.addAll(io.nflint.container.NftPortMappingExtractor.extract(nft, f == Family.IPV6, ruleset(f).isPresent()));
            }
            return List.copyOf(out);
        });
    }

    /** Container networks from inspect output, else one per inferred container bridge. */
    public synchronized List<ContainerNetwork> networks() {
        if (networks == null) {
            networks = computeNetworks();
        }
        return networks;
    }

    private List<ContainerNetwork> computeNetworks() {
        List<ContainerNetwork> out = new ArrayList<>();
        for (NetworkInfo n : host.networks()) {
            if (n.bridge() == null) {
                continue;
            }
            for (NetworkSubnet s : n.subnets()) {
                if (s.subnet() == null || s.subnet().v6()) {
                    continue;
                }
                Ip gw = s.gateway() != null ? s.gateway() : bridgeAddress(n.bridge(), s.subnet()).orElse(null);
                out.add(new ContainerNetwork(n.name(), n.bridge(), s.subnet(), gw, n.internal(), n.enableIpMasquerade(), false));
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (NetInterface i : host.interfaces()) {
            if (!isContainerBridge(i.name())) {
                continue;
            }
            for (IfAddress a : i.addresses()) {
                if (!a.address().v6()) {
                    out.add(new ContainerNetwork(i.name(), i.name(), IpNet.of(a.address(), a.prefixLen()), a.address(),
                            false, true, true));
                }
            }
        }
        return out;
    }

    private Optional<Ip> bridgeAddress(String bridge, IpNet subnet) {
        return host.iface(bridge).flatMap(i -> i.addresses().stream()
                .map(IfAddress::address).filter(subnet::contains).findFirst());
    }

    static boolean isContainerBridge(String name) {
        return name.equals("docker0") || name.startsWith("br-") || name.startsWith("cni") || name.startsWith("podman")
                || name.equals("cbr0") || name.equals("docker_gwbridge") || name.equals("kube-bridge");
    }

    /** Containers from inspect output, else one per DNAT target inside a container network. */
    public synchronized List<ContainerEndpointView> containers() {
        if (containers == null) {
            containers = computeContainers();
        }
        return containers;
    }

    private List<ContainerEndpointView> computeContainers() {
        List<ContainerEndpointView> out = new ArrayList<>();
        for (ContainerInfo c : host.containers()) {
            for (ContainerEndpoint e : c.endpoints()) {
                if (e.ipv4() == null) {
                    continue;
                }
                networkOf(e.ipv4()).ifPresent(n -> out.add(new ContainerEndpointView(c.name(), e.ipv4(), n, c.running(), false)));
            }
        }
        if (!host.containers().isEmpty()) {
            return out;
        }
        Set<Ip> seen = new HashSet<>();
        for (PortMapping m : portMappings(Family.IPV4)) {
            if (!seen.add(m.target())) {
                continue;
            }
            networkOf(m.target()).ifPresent(n -> out.add(new ContainerEndpointView(m.target().toString(), m.target(), n, true, true)));
        }
        return out;
    }

    public Optional<ContainerNetwork> networkOf(Ip ip) {
        return networks().stream().filter(n -> n.subnet().contains(ip)).findFirst();
    }

    /** The first container (in {@link #containers()} order) with address {@code ip}. */
    public synchronized Optional<ContainerEndpointView> containerAt(Ip ip) {
        if (containerByAddress == null) {
            containerByAddress = new HashMap<>();
            for (ContainerEndpointView c : containers()) {
                containerByAddress.putIfAbsent(c.address(), c);
            }
        }
        return Optional.ofNullable(containerByAddress.get(ip));
    }
}
