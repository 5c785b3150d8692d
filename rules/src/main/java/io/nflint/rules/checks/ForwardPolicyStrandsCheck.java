package io.nflint.rules.checks;

import io.nflint.analysis.HostAnalysis;
import io.nflint.host.IfAddress;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.ir.Chain;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.ContainerProbes;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Docker sets the FORWARD policy to DROP and accepts only its own bridges' traffic. Other
 * forwarding on the same host — a VPN (tun*, wg*), libvirt (virbr*), LXD (lxdbr*) — then stops
 * unless something accepts it. Walks a packet from each such interface toward the outside and
 * reports the ones that end at the FORWARD policy.
 */
@CheckInfo(id = "NFL404", name = "forward-policy-strands-other-traffic", severity = Severity.WARNING,
        engines = Engine.WALKER,
        summary = "FORWARD policy DROP leaves the host's other forwarded traffic (VPN, libvirt, LXD) without an accept")
public final class ForwardPolicyStrandsCheck implements Check {

    static final Pattern OTHER_FORWARDERS = Pattern.compile("tun\\d*.*|tap\\d*.*|wg.*|virbr.*|lxdbr.*|incusbr.*");

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        if (rs.isEmpty()) {
            return;
        }
        Optional<Chain> fwd = rs.get().table("filter").flatMap(t -> t.chain("FORWARD"));
        if (fwd.isEmpty() || !"DROP".equals(fwd.get().policy())) {
            return;
        }
        HostAnalysis a = context.analysis();
        if (ContainerProbes.forwardingOffForSure(a.host())) {
            return;
        }
        Optional<Route> up = ContainerProbes.uplink(a.host(), ContainerProbes.OUTSIDE);
        if (up.isEmpty()) {
            return;
        }
        for (NetInterface i : a.host().interfaces()) {
            if (!OTHER_FORWARDERS.matcher(i.name()).matches() || !i.up()) {
                continue;
            }
            Optional<IfAddress> addr = i.addresses().stream().filter(x -> !x.v6() && x.prefixLen() < 31).findFirst();
            if (addr.isEmpty()) {
                continue;
            }
            Ip peer = addr.get().subnet().first().plus(2);
            if (peer.equals(addr.get().address())) {
                peer = peer.plus(1);
            }
            WalkRequest req = WalkRequest.arriving(i.name(),
                    Packet.tcp(peer, ContainerProbes.CLIENT_PORT, ContainerProbes.OUTSIDE, 443));
            Outcome o = ContainerProbes.forwardingWalker(context).walk(req).outcomes().get(0);
            Optional<TraceStep> last = ContainerProbes.lastStep(o, "ip");
            if (o.delivered() || last.isEmpty() || last.get().kind() != TraceStep.Kind.POLICY
                    || !last.get().chain().equals("FORWARD")) {
                continue;
            }
            SourceSpan at = fwd.get().policySpan() != null ? fwd.get().policySpan() : ContainerProbes.anchor(rs.get(), "filter", "FORWARD");
            sink.at(at, "FORWARD policy DROP strands " + kind(i.name()) + " " + i.name() + " (" + addr.get().subnet()
                            + "): its traffic to the outside by " + up.get().device() + " matches no accept and is dropped")
                    .witness(ContainerProbes.witness(req, o))
                    .location("filter", "FORWARD", "")
                    .help("accept it explicitly (in DOCKER-USER when Docker owns FORWARD, so it survives restarts): -I DOCKER-USER"
                            + " -i " + i.name() + " -o " + up.get().device() + " -j ACCEPT and -I DOCKER-USER -i "
                            + up.get().device() + " -o " + i.name() + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
                    .report();
        }
    }

    private static String kind(String name) {
        if (name.startsWith("virbr")) {
            return "libvirt network";
        }
        if (name.startsWith("lxdbr") || name.startsWith("incusbr")) {
            return "LXD network";
        }
        return "VPN interface";
    }
}
