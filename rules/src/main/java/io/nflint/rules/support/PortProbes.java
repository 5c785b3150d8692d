package io.nflint.rules.support;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.container.PortMapping;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.rules.CheckContext;
import io.nflint.rules.SharedKey;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The probes the published-port checks (NFL3xx) share: which mappings to look at, where "outside"
 * is (the uplink and a documentation address on it), and the walks, each computed once per input
 * because several checks read the same walk (NFL301, NFL303, NFL304 and NFL308 all start from the
 * packet an outside client sends to the host port).
 */
public final class PortProbes {

    /** A client on the uplink, as in DESIGN's example; a documentation address (RFC 5737). */
    public static final Ip OUTSIDE = ip("198.51.100.20");
    public static final Ip OUTSIDE_ALT = ip("203.0.113.20");
    public static final int CLIENT_PORT = 40001;
    /** kube-proxy's and Calico's chains are the Kubernetes checks' business (NFL5xx), and huge. */
    private static final int MAX_MAPPINGS = 256;

    /** One walk: the request and its result. */
    public record Probe(WalkRequest request, WalkResult result) {
        public List<Outcome> outcomes() {
            return result.outcomes();
        }
    }

    /** The host's way out: an interface that is neither loopback nor a container bridge, and its address. */
    public record Uplink(String iface, Ip address) {
    }

    private static final SharedKey<PortProbes> PROBES = SharedKey.of("published-port probes", PortProbes::new);

    private final HostAnalysis analysis;
    private final Optional<Uplink> uplink;
    private final List<PortMapping> mappings;
    private final Map<String, Probe> walks = new HashMap<>();

    private final boolean inspectKnown;
    private final boolean listenersKnown;

    /** The input's rules lowered once. */
    private final java.util.function.Function<io.nflint.ir.Rule, LoweredRule> lowered;

    private PortProbes(CheckContext ctx) {
        this.lowered = ctx::lowered;
        this.analysis = ctx.analysis();
        this.inspectKnown = PortFacts.inspectKnown(ctx);
        this.listenersKnown = PortFacts.listenersKnown(ctx);
        this.uplink = findUplink(analysis.host());
        List<PortMapping> out = new ArrayList<>();
        for (PortMapping m : this.analysis.portMappings(Family.IPV4)) {
            if (!kubernetes(m, analysis) && m.hostPorts() != null && out.size() < MAX_MAPPINGS) {
                out.add(m);
            }
        }
        this.mappings = List.copyOf(out);
    }

    public static PortProbes of(CheckContext ctx) {
        return ctx.shared(PROBES);
    }

    /** The bundle has inspect output: containers and their requested ports are facts. */
    public boolean inspectKnown() {
        return inspectKnown;
    }

    /** The bundle has ss-listen.txt: which proxies listen is a fact. */
    public boolean listenersKnown() {
        return listenersKnown;
    }

    public HostAnalysis analysis() {
        return analysis;
    }

    public HostModel host() {
        return analysis.host();
    }

    /** IPv4 published ports from the nat rules, without kube-proxy's services. */
    public List<PortMapping> mappings() {
        return mappings;
    }

    public Optional<Uplink> uplink() {
        return uplink;
    }

    private static boolean kubernetes(PortMapping m, HostAnalysis a) {
        for (Rule r : m.path()) {
            if (r.chain().startsWith("KUBE-") || r.chain().startsWith("cali-")
                    || a.nftOwner(r.table()) == io.nflint.container.NftEngines.Owner.KUBE_PROXY) {
                return true;
            }
        }
        return false;
    }

    /** The container network holding the DNAT target; empty for port forwards to other machines. */
    public Optional<ContainerNetwork> network(PortMapping m) {
        return analysis.networkOf(m.target());
    }

    /** The address a client sends to: the mapping's own host address, else the uplink's address. */
    public Optional<Ip> hostAddress(PortMapping m) {
        if (m.hostAddress() != null && m.hostAddress().length() == 32) {
            return Optional.of(m.hostAddress().address());
        }
        return uplink.map(Uplink::address);
    }

    /**
     * Whether the host-side probes (from the host, from a container through the host's address)
     * mean anything for this mapping: the address clients use must be the host's own, and the
     * target must not be (with an inferred host, a target on a bridge address is a wrong guess).
     */
    public boolean hostSideProbeable(PortMapping m) {
        Optional<Ip> dst = hostAddress(m);
        return dst.isPresent() && (analysis.isLocal(dst.get()) || loopbackOnly(m)) && !analysis.isLocal(m.target());
    }

    public static boolean loopbackOnly(PortMapping m) {
        return m.hostAddress() != null && LOOPBACK.contains(m.hostAddress());
    }

    public static final IpNet LOOPBACK = IpNet.parse("127.0.0.0/8").orElseThrow();

    /**
     * The interface an outside client's packet arrives on: the uplink, or the interface the mapping
     * requires when that is not a container bridge (then it is the uplink the rule was written for).
     */
    Optional<String> arrival(PortMapping m) {
        if (m.requiredInInterface() != null) {
            String want = m.requiredInInterface();
            if (want.endsWith("+") || isBridge(want) || want.equals("lo")) {
                return Optional.empty();
            }
            return Optional.of(want);
        }
        Optional<String> up = uplink.map(Uplink::iface);
        if (up.isPresent() && up.get().equals(m.excludedInInterface())) {
            return Optional.empty();
        }
        return up;
    }

    boolean isBridge(String iface) {
        return analysis.networks().stream().anyMatch(n -> iface.equals(n.bridge()))
                || host().iface(iface).map(i -> i.kind() == InterfaceKind.BRIDGE).orElse(false);
    }

    /** A client address the mapping's own source conditions let through, outside every local net. */
    Ip client(PortMapping m) {
        for (Rule r : m.path()) {
            for (FieldTest a : FieldTests.whole(lowered.apply(r), Field.IP_SADDR)) {
                if (!a.negated() && a.nets().size() == 1 && !a.nets().get(0).isAny() && !a.nets().get(0).v6()) {
                    IpNet n = a.nets().get(0);
                    return n.length() >= 31 ? n.address() : new Ip(false, 0, n.address().lo() + 1);
                }
            }
        }
        return analysis.isLocal(OUTSIDE) ? OUTSIDE_ALT : OUTSIDE;
    }

    /** The first packet of an outside client to the host port; empty when there is no outside. */
    public Optional<Probe> outside(PortMapping m) {
        if (!m.fromPrerouting()) {
            return Optional.empty();
        }
        Optional<String> in = arrival(m);
        Optional<Ip> dst = hostAddress(m);
        if (in.isEmpty() || dst.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(walk(WalkRequest.arriving(in.get(), packet(m, client(m), dst.get()))));
    }

    /** A neighbour on the uplink sending to 127.0.0.1 itself (it routes 127.0.0.1 to the host). */
    public Optional<Probe> neighbourToLoopback(PortMapping m) {
        Optional<String> in = uplink.map(Uplink::iface);
        if (in.isEmpty() || !m.fromPrerouting() || m.requiredInInterface() != null) {
            return Optional.empty();
        }
        Ip dst = m.hostAddress().length() == 32 ? m.hostAddress().address() : ip("127.0.0.1");
        return Optional.of(walk(WalkRequest.arriving(in.get(), packet(m, client(m), dst))));
    }

    /** A connection the host itself opens to {@code dst} and the host port. */
    public Probe local(PortMapping m, Ip dst) {
        return walk(WalkRequest.local(packet(m, null, dst)));
    }

    /** A connection from a container (entering through its bridge) to {@code dst} and the host port. */
    public Probe fromContainer(PortMapping m, String bridge, Ip src, Ip dst) {
        return walk(WalkRequest.arriving(bridge, packet(m, src, dst)));
    }

    public Probe walk(WalkRequest request) {
        String key = request.toString();
        synchronized (walks) {
            Probe p = walks.get(key);
            if (p == null) {
                p = new Probe(request, analysis.walker().walk(request));
                walks.put(key, p);
            }
            return p;
        }
    }

    static Packet packet(PortMapping m, Ip src, Ip dst) {
        int port = m.hostPorts().lo();
        switch (m.protocol()) {
            case Packet.UDP:
                return Packet.udp(src, CLIENT_PORT, dst, port);
            case Packet.SCTP:
                return Packet.of("sctp", src, CLIENT_PORT, dst, port);
            default:
                return Packet.tcp(src, CLIENT_PORT, dst, port);
        }
    }

    /** Whether this outcome went through the mapping's own DNAT rule. */
    public static boolean hitsDnat(Outcome o, PortMapping m) {
        int line = m.dnatRule().span() == null ? -1 : m.dnatRule().span().line();
        // an nft mapping's stand-in rule names its own table (docker-bridges, netavark …)
        return o.steps().stream().anyMatch(s -> s.table().equals(m.dnatRule().table()) && s.line() == line
                && s.chain().equals(m.dnatRule().chain()));
    }

    /**
     * Whether the packet left towards the DNAT target with the target's address: onto the target's
     * container bridge when it has one (a container network without a route on the host sends it out
     * of the default route instead, which is no delivery).
     */
    public boolean reachedTarget(Outcome o, PortMapping m) {
        if (!o.delivered() || o.deliveredLocally() || !m.target().equals(o.packet().dst())) {
            return false;
        }
        Optional<ContainerNetwork> net = network(m);
        return net.isEmpty() || net.get().bridge() == null || net.get().bridge().equals(o.deliveredTo())
                || net.get().bridge().equals(o.outIface());
    }

    /** Whether a walk of a reply (not the first packet's outcome shown instead) is this outcome. */
    public static boolean isReplyWalk(Outcome o) {
        return o.notes().stream().anyMatch(n -> n.startsWith("first packet:"));
    }

    private static Optional<Uplink> findUplink(HostModel host) {
        // the default route's device is the way to "outside"; else the first plain interface
        for (Route r : host.routes(false)) {
            if (r.inMainTable() && r.destination().isAny() && r.device() != null) {
                Optional<Ip> a = v4Address(host, r.device());
                if (a.isPresent()) {
                    return Optional.of(new Uplink(r.device(), a.get()));
                }
            }
        }
        for (NetInterface i : host.interfaces()) {
            if (i.up() && i.kind() != InterfaceKind.LOOPBACK && i.kind() != InterfaceKind.BRIDGE && i.master() == null
                    && !i.name().equals("lo") && !i.name().startsWith("veth")) {
                Optional<Ip> a = v4Address(host, i.name());
                if (a.isPresent()) {
                    return Optional.of(new Uplink(i.name(), a.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Ip> v4Address(HostModel host, String iface) {
        return host.iface(iface).flatMap(i -> i.addresses().stream().filter(a -> !a.v6()).map(IfAddress::address)
                .findFirst());
    }

    public static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }
}
