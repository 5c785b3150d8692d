package io.nflint.truth;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Ruleset;
import io.nflint.kernel.DockerLikeTopology;
import io.nflint.kernel.Proto;
import io.nflint.walk.HostModelView;
import io.nflint.walk.NeighbourDiscovery;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.WalkVerdict;
import io.nflint.walk.Walker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The walker's answer for a kernel-lab probe: the same packet the lab sends, walked over the
 * {@link LabSpec}'s host model, read in the lab's vocabulary (no docker-proxy; a silent UDP probe
 * is a timeout; the engine's kernel answers pings to its own addresses).
 */
final class LabWalks {

    private static final IpNet LOOPNET4 = IpNet.parse("127.0.0.0/8").orElseThrow();
    private static final IpNet OUTSIDE_NET = IpNet.parse("198.51.100.0/24").orElseThrow();
    private static final IpNet OUTSIDE_ROUTED = IpNet.parse("172.16.0.0/12").orElseThrow();
    private static final IpNet OUTSIDE_NET6 = IpNet.parse("2001:db8:1::/64").orElseThrow();
    private static final IpNet OUTSIDE_ROUTED6 = IpNet.parse("fd00::/8").orElseThrow();

    private final LabSpec spec;
    private final Walker walker;

    LabWalks(LabSpec spec, Ruleset rules) {
        this(spec, List.of(rules));
    }

    /** {@code rules}: the iptables, ip6tables and ebtables dumps the engine has restored. */
    LabWalks(LabSpec spec, List<Ruleset> rules) {
        this.spec = spec;
        this.walker = new Walker(new HostModelView(spec.hostModel()), rules);
    }

    /** The request the lab's probe amounts to, or null when the sender has no route. */
    WalkRequest request(String from, Proto proto, String address, int port, int sport) {
        Ip dst = GroundTruth.ip(address);
        String p = proto.wire();
        if (from.equals(ENGINE)) {
            return WalkRequest.local(Packet.of(p, null, sport, dst, port));
        }
        if (from.equals(OUTSIDE)) {
            boolean routed = dst.v6() ? OUTSIDE_NET6.contains(dst) || OUTSIDE_ROUTED6.contains(dst)
                    : OUTSIDE_NET.contains(dst) || OUTSIDE_ROUTED.contains(dst) || (spec.loopbackTrick && LOOPNET4.contains(dst));
            Ip src = GroundTruth.ip(dst.v6() ? DockerLikeTopology.OUTSIDE_ADDRESS6 : DockerLikeTopology.OUTSIDE_ADDRESS);
            return routed ? WalkRequest.arriving("ext0", Packet.of(p, src, sport, dst, port)) : null;
        }
        LabSpec.Container c = spec.container(from);
        // containers have their subnet and a default route via the gateway: everything is routed
        return WalkRequest.arriving(c.port(), Packet.of(p, spec.containerAddress(c, dst.v6()), sport, dst, port));
    }

    Walker walker() {
        return walker;
    }

    Prediction predict(String from, Proto proto, String address, int port, int sport) {
        WalkRequest req = request(from, proto, address, port, sport);
        if (req == null) {
            return Prediction.of("unreachable", from + " has no route to " + address);
        }
        WalkResult r = walker.walk(req);
        Set<String> distinct = new LinkedHashSet<>();
        Prediction first = null;
        for (Outcome o : r.outcomes()) {
            Prediction one = read(req, o, proto);
            first = first == null ? one : first;
            distinct.add(one.brief());
        }
        return distinct.size() > 1 ? Prediction.of("fork", "forked: " + distinct) : first;
    }

    private Prediction read(WalkRequest req, Outcome o, Proto proto) {
        String walk = o.summary();
        if (o.verdict() == WalkVerdict.DROP && o.notes().stream().anyMatch(n -> n.startsWith(NeighbourDiscovery.NOTE))) {
            // the sender gives up resolving (3 solicitations, 1 s apart) and reports EHOSTUNREACH
            return Prediction.of("unreachable", walk + last(o));
        }
        if (o.verdict() == WalkVerdict.DROP) {
            return Prediction.of("timeout", walk + last(o));
        }
        if (o.verdict() == WalkVerdict.REJECT) {
            String r = ProbeWalks.rejectResult(o.rejectWith(), proto == Proto.UDP);
            return Prediction.of(r.equals("no-reply") ? "timeout" : r, walk + last(o));
        }
        Packet at = o.packet();
        String who;
        boolean listens;
        if (o.deliveredLocally()) {
            who = ENGINE;
            listens = proto == Proto.ICMP || spec.listens(ENGINE, proto, at.dport(), at.v6());
        } else if (o.deliveredTo().equals("ext0")) {
            if (!spec.outsideOwns(at.dst())) {
                return Prediction.of("timeout", walk + "; the outside does not own " + at.dst());
            }
            who = OUTSIDE;
            listens = proto == Proto.ICMP || spec.listens(OUTSIDE, proto, at.dport(), at.v6());
        } else {
            LabSpec.Container c = spec.containerAt(at.dst());
            if (c == null) {
                return Prediction.of("timeout", walk + "; nobody holds " + at.dst());
            }
            who = c.name();
            listens = proto == Proto.ICMP || spec.listens(c.name(), proto, at.dport(), at.v6());
        }
        if (!listens) {
            return Prediction.of("refused", walk + "; " + who + " has no listener");
        }
        for (Outcome reply : walker.walk(req.asReply()).outcomes()) {
            if (reply.verdict() != WalkVerdict.ACCEPT) {
                return Prediction.of("timeout", walk + "; the reply is lost: " + reply.summary() + last(reply));
            }
        }
        // the lab cannot see the source of an ICMP echo
        return Prediction.answered(proto == Proto.ICMP ? null : at.src().toString(), who, walk);
    }

    private static String last(Outcome o) {
        return o.notes().isEmpty() ? "" : " (" + o.notes().get(o.notes().size() - 1) + ")";
    }
}
