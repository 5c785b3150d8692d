package io.nflint.truth;

import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.Listener;
import io.nflint.host.NetInterface;
import io.nflint.host.NetworkInfo;
import io.nflint.host.NetworkSubnet;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.truth.GroundTruth.Container;
import io.nflint.truth.GroundTruth.Probe;
import io.nflint.truth.GroundTruth.Published;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkInput;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.WalkVerdict;
import io.nflint.walk.Walker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one ground-truth probe into walks of the engine's host and reads the probe's result off
 * them. What happens outside the engine namespace (the sender's own routing, the outside's and the
 * containers' sockets, docker-proxy / conmon in user space) is modelled here, from the bundle and
 * scenario.md; everything inside the engine namespace is the walker's answer.
 */
final class ProbeWalks {

    private static final IpNet LOOPNET4 = IpNet.parse("127.0.0.0/8").orElseThrow();

    private final GroundTruth truth;
    private final HostModel host;
    private final Walker walker;
    private final String uplink;
    private int nextPort = 41000;

    ProbeWalks(GroundTruth truth, WalkInput input) {
        this.truth = truth;
        this.host = input.host();
        this.walker = input.walker();
        this.uplink = host.interfaceOf(GroundTruth.ip("198.51.100.1")).map(NetInterface::name)
                .orElseThrow(() -> new AssertionError(truth.scenario() + ": no interface holds 198.51.100.1 (ip-addr.json)"));
    }

    Prediction predict(Probe p) {
        boolean v6 = p.dst().v6();
        int sport = nextPort++;
        if (p.from().startsWith("engine namespace")) {
            return walkAndRead(WalkRequest.local(Packet.of(p.proto(), null, sport, p.dst(), p.dport())), p, true,
                    "engine: generated locally");
        }
        if (p.from().startsWith("outside namespace")) {
            Ip src = truth.outsideAddresses().stream().filter(a -> a.v6() == v6).findFirst().orElse(null);
            if (src == null || !outsideRoutes(p)) {
                return Prediction.of("unreachable", "the outside has no route to " + p.dst());
            }
            return walkAndRead(WalkRequest.arriving(uplink, Packet.of(p.proto(), src, sport, p.dst(), p.dport())), p, true,
                    "outside: arriving on " + uplink + " from " + src);
        }
        if (p.from().startsWith("container ")) {
            String name = p.from().substring("container ".length()).split(" ")[0];
            Container c = truth.container(name);
            if (c.hostNetwork()) {
                return walkAndRead(WalkRequest.local(Packet.of(p.proto(), null, sport, p.dst(), p.dport())), p, true,
                        name + " (host network): generated locally");
            }
            Ip src = c.address(v6);
            if (src == null) {
                return Prediction.of("unreachable", name + " has no " + (v6 ? "IPv6" : "IPv4") + " address");
            }
            NetworkInfo net = host.network(c.network())
                    .orElseThrow(() -> new AssertionError(truth.scenario() + ": network " + c.network() + " not in the inspect output"));
            if (!containerRoutes(net, p.dst())) {
                return Prediction.of("unreachable", name + ": " + net.name()
                        + " is an internal podman network, the container has no default route");
            }
            return walkAndRead(WalkRequest.arriving(net.bridge(), Packet.of(p.proto(), src, sport, p.dst(), p.dport())), p,
                    true, name + ": arriving on " + net.bridge() + " from " + src);
        }
        throw new AssertionError("unknown sender: " + p.from());
    }

    /** The outside namespace: its uplink subnet, the routes it was given via the engine, the 127/8 trick. */
    private boolean outsideRoutes(Probe p) {
        Ip dst = p.dst();
        if (truth.outsideRoutes().stream().anyMatch(r -> r.contains(dst))) {
            return true;
        }
        for (IfAddress a : host.iface(uplink).map(NetInterface::addresses).orElse(List.of())) {
            if (a.v6() == dst.v6() && a.prefixLen() < 128 && a.subnet().contains(dst) && (a.address().hi() >>> 54) != 0x3fa) {
                return true;
            }
        }
        // the scenarios that send to 127.0.0.1 from outside gave it a policy route via the engine (see "note")
        return !dst.v6() && LOOPNET4.contains(dst) && p.note().contains("route 127.0.0.1/32 via the engine");
    }

    /**
     * A container's own routing table (not in the bundle): its subnet on link, and a default route
     * via the gateway — except on podman's internal networks, where the container gets none (the
     * probes there fail in the sender with "Network is unreachable").
     */
    private boolean containerRoutes(NetworkInfo net, Ip dst) {
        for (NetworkSubnet s : net.subnets()) {
            if (s.subnet().contains(dst)) {
                return true;
            }
        }
        return !(net.internal() && truth.engine().startsWith("podman"));
    }

    // ---- walking and reading the outcome ---------------------------------------------------------

    private Prediction walkAndRead(WalkRequest req, Probe p, boolean proxies, String sender) {
        WalkResult r = walker.walk(req);
        Set<Prediction> seen = new LinkedHashSet<>();
        Prediction first = null;
        for (Outcome o : r.outcomes()) {
            Prediction one = read(req, o, p, proxies).because(sender);
            if (first == null) {
                first = one;
            }
            seen.add(new Prediction(one.result(), one.source(), one.answeredBy(), ""));
        }
        if (seen.size() > 1) {
            return Prediction.of("fork", "the walk forked into different results: " + seen);
        }
        return first;
    }

    private Prediction read(WalkRequest req, Outcome o, Probe p, boolean proxies) {
        boolean udp = p.proto().equals("udp");
        String silent = udp ? "no-reply" : "timeout";
        switch (o.verdict()) {
            case DROP:
                return Prediction.of(silent, "walk: " + o.summary() + lastNote(o));
            case REJECT:
                return Prediction.of(rejectResult(o.rejectWith(), udp), "walk: " + o.summary() + lastNote(o));
            default:
                break;
        }
        Packet at = o.packet();
        String walk = "walk: " + o.summary();
        if (o.deliveredLocally()) {
            return localSocket(req, at, p, proxies, walk);
        }
        String out = o.deliveredTo();
        if (out.equals(uplink)) {
            if (!truth.outsideAddresses().contains(at.dst())) {
                return Prediction.of(silent, walk + "; out " + uplink + " to " + at.dst() + ", which the outside does not own (it does not forward)");
            }
            boolean listens = truth.outsideListeners().stream().anyMatch(l -> l.takes(p.proto(), at.v6(), at.dport()));
            return answerOrRefuse(req, at, listens, "outside", udp, walk + "; the outside " + (listens ? "listens" : "has no listener"));
        }
        Optional<Container> c = truth.containerAt(at.dst());
        if (c.isEmpty() || c.get().hostNetwork()) {
            return Prediction.of(silent, walk + "; no running container holds " + at.dst());
        }
        NetworkInfo net = host.network(c.get().network()).orElseThrow();
        if (!containerRoutes(net, at.src())) {
            // the container's answer (data, RST or ICMP) needs a route back to the source it sees
            return Prediction.of(silent, walk + "; " + c.get().name() + " has no route back to " + at.src()
                    + " (internal podman network: no default route)");
        }
        boolean listens = c.get().listens().stream().anyMatch(l -> l.takes(p.proto(), at.v6(), at.dport()));
        return answerOrRefuse(req, at, listens, c.get().name(), udp,
                walk + "; " + c.get().name() + (listens ? " listens" : " has no listener"));
    }

    /** A listener answers when its reply gets back to the sender; nobody listening means RST / port unreachable. */
    private Prediction answerOrRefuse(WalkRequest req, Packet at, boolean listens, String who, boolean udp, String why) {
        if (!listens) {
            return Prediction.of("refused", why);
        }
        Optional<String> replyLost = replyLost(req);
        if (replyLost.isPresent()) {
            return Prediction.of(udp ? "no-reply" : "timeout", why + "; but the reply is lost: " + replyLost.get());
        }
        return Prediction.answered(at.src().toString(), who, why);
    }

    private Optional<String> replyLost(WalkRequest req) {
        for (Outcome r : walker.walk(req.asReply()).outcomes()) {
            if (r.verdict() != WalkVerdict.ACCEPT) {
                return Optional.of(r.summary() + lastNote(r));
            }
        }
        return Optional.empty();
    }

    /** Delivered to the engine itself: which socket (from ss-listen.txt and host-network containers) takes it. */
    private Prediction localSocket(WalkRequest req, Packet at, Probe p, boolean proxies, String walk) {
        boolean udp = p.proto().equals("udp");
        for (Container c : truth.containers()) {
            if (c.running() && c.hostNetwork() && c.listens().stream().anyMatch(l -> l.takes(p.proto(), at.v6(), at.dport()))) {
                return answerOrRefuse(req, at, true, c.name(), udp, walk + "; host-network container " + c.name() + " listens");
            }
        }
        Optional<Listener> l = socket(p.proto(), at.dst(), at.dport());
        if (l.isEmpty()) {
            return Prediction.of("refused", walk + "; nothing listens on the engine on " + p.proto() + "/" + at.dport());
        }
        String process = String.valueOf(l.get().process());
        if (process.equals("docker-proxy") && proxies) {
            Optional<String> lost = replyLost(req);
            if (lost.isPresent()) {
                return Prediction.of(udp ? "no-reply" : "timeout", walk + "; docker-proxy's reply is lost: " + lost.get());
            }
            return proxy(l.get(), at, p, walk);
        }
        // dockerd (userland-proxy=false) and conmon only hold the port: the handshake completes, nothing answers
        Optional<String> lost = replyLost(req);
        if (lost.isPresent()) {
            return Prediction.of(udp ? "no-reply" : "timeout", walk + "; " + process + "'s reply is lost: " + lost.get());
        }
        return Prediction.of("no-reply", walk + "; " + process + " holds the port and never answers");
    }

    /** The listening socket for a local delivery, preferring one of the packet's family ([::] is V6ONLY beside 0.0.0.0). */
    private Optional<Listener> socket(String proto, Ip dst, int port) {
        List<Listener> all = host.listenersFor(proto, dst, port);
        return all.stream().filter(l -> l.address() == null || l.address().v6() == dst.v6()).findFirst()
                .or(() -> all.stream().findFirst());
    }

    /**
     * docker-proxy accepts on the host and opens its own connection to the container's published
     * port: a second walk, generated on the host, whose source routing picks (the bridge gateway).
     */
    private Prediction proxy(Listener l, Packet at, Probe p, String walk) {
        for (Container c : truth.containers()) {
            if (!c.running()) {
                continue;
            }
            for (Published pub : c.ports()) {
                if (pub.proto().equals(p.proto()) && pub.hostPort() == at.dport() && sameBinding(pub.hostIp(), l.address())) {
                    Ip target = at.v6() && c.ipv6() != null ? c.ipv6() : c.ipv4();
                    WalkRequest second = WalkRequest.local(Packet.of(p.proto(), null, nextPort++, target, pub.containerPort()));
                    Prediction behind = walkAndRead(second, p, false, "docker-proxy connects to " + target + ":" + pub.containerPort());
                    if (!behind.result().equals("answered")) {
                        // the proxy accepted the client, then closes it when the backend fails: no data
                        return Prediction.of("no-reply", walk + "; docker-proxy took it, backend: " + behind.why());
                    }
                    return behind.because(walk + "; docker-proxy takes it");
                }
            }
        }
        return Prediction.of("no-reply", walk + "; docker-proxy on " + at.dport() + " has no running container behind it");
    }

    private static boolean sameBinding(String hostIp, Ip listening) {
        if (listening == null) {
            return true;
        }
        if (hostIp.isEmpty()) {
            return listening.hi() == 0 && listening.lo() == 0;
        }
        return GroundTruth.ip(hostIp).equals(listening);
    }

    /**
     * What the client sees for a REJECT or a routing error (the kernel lab's table, scenario i):
     * TCP RST and port unreachable refuse; host/net unreachable and the prohibited types are hard
     * errors for TCP; for UDP only port unreachable and the prohibited types reach the socket, the
     * unreachable ones are soft errors ignored without IP_RECVERR.
     */
    static String rejectResult(String with, boolean udp) {
        String w = with == null ? "icmp-port-unreachable" : with;
        if (w.equals("tcp-reset") || w.contains("port-unreach")) {
            return "refused";
        }
        if (udp && (w.equals("icmp-host-unreachable") || w.equals("icmp-net-unreachable"))) {
            return "no-reply";
        }
        return "unreachable";
    }

    private static String lastNote(Outcome o) {
        return o.notes().isEmpty() ? "" : " (" + o.notes().get(o.notes().size() - 1) + ")";
    }
}
