package io.nflint.rules.support;

import io.nflint.analysis.ContainerEndpointView;
import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.host.HostModel;
import io.nflint.host.NetworkInfo;
import io.nflint.host.Route;
import io.nflint.host.RouteType;
import io.nflint.host.Sysctls;
import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.rules.CheckContext;
import io.nflint.rules.SharedKey;
import io.nflint.rules.Witness;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.Walker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the container checks (NFL2xx, NFL4xx) share: the representative packets they walk, the
 * walker they walk them with, and how a walk becomes a witness and a place in the dump.
 */
public final class ContainerProbes {

    /** An outside host (TEST-NET-1): routed by the default route on any host we will see. */
    public static final Ip OUTSIDE = Ip.parse("192.0.2.10").orElseThrow();
    public static final Ip OUTSIDE6 = Ip.parse("2001:db8:ffff::10").orElseThrow();
    public static final int CLIENT_PORT = 40000;

    private ContainerProbes() {
    }

    public static Optional<Ruleset> v4(CheckContext c) {
        return c.ruleset(Family.IPV4);
    }

    /**
     * The walker for questions about forwarding. When nothing says what net.ipv4.ip_forward is,
     * the kernel default (0) would make every such question moot; container engines switch it on
     * at start, so we assume 1 here and leave the "0" case to NFL203, which says so.
     */
    public static Walker forwardingWalker(CheckContext c) {
        HostAnalysis a = c.analysis();
        HostModel h = a.host();
        if (h.sysctls().get(Sysctls.IP_FORWARD).isPresent() || h.sysctls().get(Sysctls.IPV4_ALL_FORWARDING).isPresent()) {
            return a.walker();
        }
        return c.shared(FORWARDING);
    }

    /** One per input: a walker indexes the chains and remembers host lookups as it goes. */
    private static final SharedKey<Walker> FORWARDING = SharedKey.of("walker with ip_forward=1", c -> {
        HostAnalysis a = c.analysis();
        HostModel h = a.host();
        Map<String, String> s = new LinkedHashMap<>(h.sysctls().raw());
        s.put(Sysctls.IP_FORWARD, "1");
        return a.walkerOn(h.toBuilder().sysctls(Sysctls.of(s)).build());
    });

    /**
     * The analysis for checks that probe forwarded container traffic: empty when there are no IPv4
     * rules, or when sysctl.txt says forwarding is off (NFL203 reports that once, for all of them).
     */
    public static Optional<HostAnalysis> forwardingAnalysis(CheckContext c) {
        if (v4(c).isEmpty()) {
            return Optional.empty();
        }
        HostAnalysis a = c.analysis();
        return forwardingOffForSure(a.host()) ? Optional.empty() : Optional.of(a);
    }

    /** True when the bundle itself says IPv4 forwarding is off. */
    public static boolean forwardingOffForSure(HostModel h) {
        return (h.sysctls().get(Sysctls.IP_FORWARD).isPresent() || h.sysctls().get(Sysctls.IPV4_ALL_FORWARDING).isPresent())
                && !h.sysctls().ipForward();
    }

    /** The route toward the outside, when the host has one that leaves by a non-container link. */
    public static Optional<Route> uplink(HostModel h, Ip outside) {
        return h.routeLookup(outside).filter(r -> r.type() == RouteType.UNICAST && r.device() != null
                && !isContainerBridge(r.device()));
    }

    public static boolean isContainerBridge(String name) {
        return name.equals("docker0") || name.startsWith("br-") || name.startsWith("cni") || name.startsWith("podman")
                || name.equals("cbr0") || name.equals("docker_gwbridge") || name.equals("kube-bridge");
    }

    /** The host's own address on {@code iface}, for messages. */
    public static String addressOn(HostModel h, String iface, boolean v6) {
        return h.iface(iface).flatMap(i -> i.addresses().stream().filter(a -> a.v6() == v6 && !a.address().toString()
                .startsWith("fe80")).findFirst()).map(a -> a.address().toString()).orElse("its address on " + iface);
    }

    /** Container addresses on {@code n}; when none is known, the subnet's second host stands for one. */
    public static List<Ip> sources(HostAnalysis a, ContainerNetwork n) {
        Set<Ip> found = new LinkedHashSet<>();
        for (ContainerEndpointView c : a.containers()) {
            // a DNAT "container" at the bridge's own address is the host: its traffic is not forwarded
            if (c.network().equals(n) && !c.address().equals(n.gateway()) && !a.isLocal(c.address())) {
                found.add(c.address());
            }
        }
        List<Ip> out = new ArrayList<>(found);
        if (out.isEmpty()) {
            Ip guess = n.subnet().first().plus(2);
            if (!guess.equals(n.gateway()) && n.subnet().contains(guess)) {
                out.add(guess);
            }
        }
        return out;
    }

    public static String nameOf(HostAnalysis a, Ip ip) {
        return a.containerAt(ip).map(c -> c.inferred() ? ip.toString() : c.name() + " (" + ip + ")").orElse(ip.toString());
    }

    /** The engine that created network {@code n} ("docker", "podman"), or "" when inferred. */
    public static String engineOf(HostModel h, ContainerNetwork n) {
        return h.networks().stream().filter(i -> n.bridge().equals(i.bridge())).map(NetworkInfo::engine).findFirst()
                .orElse("");
    }

    /** "dropped" / "rejected", for messages. */
    public static String verdictWord(Outcome o) {
        return o.verdict() == io.nflint.walk.WalkVerdict.REJECT ? "rejected" : "dropped";
    }

    public static Witness witness(WalkRequest req, Outcome o) {
        List<String> trace = new ArrayList<>();
        for (TraceStep s : o.steps()) {
            trace.add(s.render().replaceFirst("^TRACE: ", ""));
        }
        StringBuilder outcome = new StringBuilder(o.summary());
        for (String n : o.notes()) {
            outcome.append("; ").append(n);
        }
        return new Witness(req.describe(), trace, outcome.toString());
    }

    /** The rule a TRACE step names, found by its dump line. */
    public static Optional<Rule> ruleOf(Ruleset rs, TraceStep s) {
        if (s.kind() != TraceStep.Kind.RULE || s.line() <= 0) {
            return Optional.empty();
        }
        for (Rule r : rs.rules()) {
            if (r.span() != null && r.span().line() == s.line() && r.table().equals(s.table())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Where a TRACE step stands: its rule, or the chain's declaration (policy) for policies and returns. */
    public static Optional<SourceSpan> spanOf(Ruleset rs, TraceStep s) {
        Optional<Rule> r = ruleOf(rs, s);
        if (r.isPresent()) {
            return Optional.of(r.get().span());
        }
        return rs.table(s.table()).flatMap(t -> t.chain(s.chain()))
                .map(c -> c.policySpan() != null ? c.policySpan() : c.span());
    }

    /** The last step of a walk that decided something: the drop, the policy, the accept. */
    public static Optional<TraceStep> lastStep(Outcome o, String family) {
        for (int i = o.steps().size() - 1; i >= 0; i--) {
            TraceStep s = o.steps().get(i);
            if (s.family().equals(family)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The last filter-table rule that accepted the packet, if any. */
    public static Optional<TraceStep> acceptingStep(Outcome o) {
        for (int i = o.steps().size() - 1; i >= 0; i--) {
            TraceStep s = o.steps().get(i);
            if (s.table().equals("filter") && ("ACCEPT".equals(s.target()))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * A place in the dump for a finding about a chain: its declaration, else the table header, else
     * the first line of the file (an empty dump still has one).
     */
    public static SourceSpan anchor(Ruleset rs, String table, String chain) {
        Optional<Table> t = rs.table(table);
        if (t.isPresent()) {
            Optional<Chain> c = t.get().chain(chain);
            if (c.isPresent() && c.get().span() != null) {
                return c.get().span();
            }
            if (c.isPresent() && !c.get().rules().isEmpty()) {
                return c.get().rules().get(0).span();
            }
            if (t.get().span() != null) {
                return t.get().span();
            }
        }
        return new SourceSpan(rs.file(), 1, 1, 1, 0, 0);
    }
}
