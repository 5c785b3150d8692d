package io.nflint.symbolic.logic;

import io.nflint.symbolic.replay.FlatHost;
import io.nflint.symbolic.slice.Box;
import io.nflint.ir.AddrType;
import io.nflint.ir.CtState;
import io.nflint.ir.Ip;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.lower.Conjuncts;
import io.nflint.lower.Lowered;

import io.nflint.pipeline.PacketPath;
import io.nflint.walk.HostView;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Proves a rule reachable without the solver: one guessed packet, walked by the concrete walker
 * through a host made up to route it the way the rule needs. Most rules of a real rule set are
 * reached by the first packet one would think of, and a walk costs microseconds where a solver call
 * costs milliseconds. A packet the walker takes through the rule is a real witness (the kernel
 * would do the same on such a host); when the guess fails nothing is concluded and the solver runs.
 */
final class ConcreteProbe {

    private final Ruleset rs;
    private final boolean v6;

    /** The host the rule logic is about, or null when routing is arbitrary (any made-up host will do). */
    private final HostView real;

    /** The jumps and gotos into a chain of a table: the rule logic's call graphs answer. */
    private final java.util.function.BiFunction<String, String, List<Rule>> callers;

    /** The rule set's rules lowered once, owned by the queries; the probe's walkers read them too. */
    private final io.nflint.lower.LoweredRuleset lowered;

    /** The host inferred from the rules, for a probe without one (shared by the rule logic's workers). */
    private final java.util.function.Supplier<io.nflint.host.HostModel> inferred;

    ConcreteProbe(Ruleset rs, io.nflint.lower.LoweredRuleset lowered, java.util.function.Supplier<io.nflint.host.HostModel> inferred,
                  io.nflint.host.HostModel host, java.util.function.BiFunction<String, String, List<Rule>> callers) {
        this.rs = rs;
        this.lowered = lowered;
        this.inferred = inferred;
        this.callers = callers;
        this.v6 = rs.family() == io.nflint.ir.Family.IPV6;
        this.real = host == null ? null : new io.nflint.walk.HostModelView(host);
    }

    /**
     * Whether the guessed packet for {@code box} takes {@code rule} on {@code path}, arriving on
     * {@code in} and routed out of {@code out} (interface names; null for the path's default).
     */
    boolean reaches(Rule rule, PacketPath path, Box box, String in, String out) {
        Box.Sample g = box.sample(v6);
        if (g.src().v6() != v6 || g.dst().v6() != v6) {
            return false;
        }
        // without a host, a router may forward multicast (the solver's mc_forwarding): a FORWARD
        // rule for 224.0.0.0/4 is reached by a group the kernel routes, not a link-local one
        forwardGroups = real == null && path == PacketPath.ROUTED;
        if (forwardGroups) {
            g = routedGroup(g, box);
        }
        if (reaches(rule, path, g, in, out)) {
            return true;
        }
        // a chain's last rule often sees only what its TCP and UDP rules let through: any other protocol
        if (box.protoLo() == 0 && box.protoHi() == 255) {
            int icmp = v6 ? Packet.ICMPV6 : Packet.ICMP;
            return reaches(rule, path, new Box.Sample(g.src(), g.dst(), icmp, g.sport(), g.dport()), in, out);
        }
        return false;
    }

    /** Whether the made-up host of this probe forwards multicast groups, and sets route_localnet. */
    private boolean forwardGroups;
    private boolean localnet;

    /** The sample with a group multicast routing forwards when its destination is a link-local group and the box allows one. */
    private Box.Sample routedGroup(Box.Sample g, Box box) {
        Ip dst = g.dst();
        boolean linkLocal = v6 ? (dst.hi() >>> 56) == 0xff && ((dst.hi() >>> 48) & 0xf) <= 2
                : (dst.v4Value() >>> 8) == 0xe00000;
        if (!linkLocal) {
            return g;
        }
        Ip group = v6 ? new Ip(true, 0xff0e_0000_0000_0000L, 0x101L) : Ip.v4(224, 0, 1, 1);
        boolean fits = (box.dstLo() == null || box.dstLo().compareTo(group) <= 0)
                && (box.dstHi() == null || box.dstHi().compareTo(group) >= 0);
        return fits ? new Box.Sample(g.src(), group, g.proto(), g.sport(), g.dport()) : g;
    }

    private boolean reaches(Rule rule, PacketPath path, Box.Sample g, String in, String out) {
        Ip src = g.src();
        Ip dst = g.dst();
        // 127.0.0.0/8 from a wire is routed only with route_localnet, which the solver leaves open without a host
        localnet = real == null && !v6 && ((src.v4Value() >>> 24) == 127 || (dst.v4Value() >>> 24) == 127);
        int proto = g.proto();
        int sport = g.sport();
        int dport = g.dport();
        boolean ported = proto == Packet.TCP || proto == Packet.UDP || proto == Packet.SCTP;
        int icmpType = proto == Packet.ICMP ? 8 : proto == Packet.ICMPV6 ? 128 : -1;
        Packet p = new Packet(v6 ? io.nflint.ir.Family.IPV6 : io.nflint.ir.Family.IPV4, proto, src,
                ported ? sport : -1, dst, ported ? dport : -1, icmpType, icmpType < 0 ? -1 : 0,
                proto == Packet.TCP ? Packet.SYN : 0, null, null, 0, 0, null, null, null, null, null);
        // the made-up host owns the address the path or an addrtype LOCAL match needs (the Docker
        // OUTPUT rule "! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL" is reached only that way)
        Ip local = path == PacketPath.LOCAL_IN || wantsLocal(rule, true) ? dst : wantsLocal(rule, false) ? src : null;
        if (walk(rule, path, p, in != null ? in : "nflint-in0", out != null ? out : "nflint-out0", local)) {
            return true;
        }
        // second guess: the interfaces the rule set's own topology gives the addresses (a container
        // network's bridge for its subnet), for rules that only say which addresses they are about
        String inByRoute = in != null ? in : topology().route(src).map(HostView.RouteHit::iface).orElse(null);
        String outByRoute = out != null ? out : topology().route(dst).map(HostView.RouteHit::iface).orElse(null);
        if ((inByRoute == null || inByRoute.equals(in)) && (outByRoute == null || outByRoute.equals(out))) {
            return false;
        }
        return walk(rule, path, p, inByRoute != null ? inByRoute : "nflint-in0", outByRoute != null ? outByRoute : "nflint-out0", local);
    }

    private HostView topology;

    private HostView topology() {
        if (real != null) {
            return real;
        }
        if (topology == null) {
            topology = new io.nflint.walk.HostModelView(inferred.get());
        }
        return topology;
    }

    private boolean walk(Rule rule, PacketPath path, Packet p, String inName, String outName, Ip local) {
        if ("lo".equals(outName) && local == null) {
            // only local addresses route out of lo
            local = p.dst();
        }
        if (!wantsEstablished(rule)) {
            HostView host = host(new MadeUpHost(outName, local, null, null, forwardGroups, localnet));
            return walk(rule, host, path == PacketPath.LOCAL_OUT ? WalkRequest.local(p) : WalkRequest.arriving(inName, p));
        }
        // a later packet of a connection the far side opened: the reply to the reversed packet
        if (path != PacketPath.LOCAL_OUT) {
            Packet reversed = new Packet(p.family(), p.proto(), p.dst(), p.dport(), p.src(), p.sport(), p.icmpType(), p.icmpCode(),
                    p.proto() == Packet.TCP ? Packet.SYN : 0, null, null, 0, 0, null, null, null, null, null);
            HostView host = host(new MadeUpHost(outName, local, p.src(), inName, forwardGroups, localnet));
            WalkRequest open = local != null ? WalkRequest.local(reversed) : WalkRequest.arriving(outName, reversed);
            if (walk(rule, host, open.asReply())) {
                return true;
            }
        }
        HostView host = host(new MadeUpHost(outName, local, null, null, forwardGroups, localnet));
        return walk(rule, host, (path == PacketPath.LOCAL_OUT ? WalkRequest.local(p) : WalkRequest.arriving(inName, p)).asEstablished());
    }

    /** On a given host, a witness must be one of that host's packets: its routes, not made-up ones. */
    private HostView host(MadeUpHost madeUp) {
        return real != null ? real : madeUp;
    }

    private boolean walk(Rule rule, HostView host, WalkRequest req) {
        // unknown matches (MAC filters, recent, …) first let the packet pass every rule but this one
        if (!walk(rule, host, req, NO_RULE)) {
            return false;
        }
        if (witness.firstRun()) {
            return true;
        }
        // reached only where some other rule's unknown match matched: often the calls into the
        // rule's chain (-m recent ... -j LOG_DROP). A first run where those calls match too is one
        // world both walks of changesWithout can share; keep the later-run witness otherwise
        Witness later = witness;
        Set<Rule> calls = callsInto(rule);
        if (calls.isEmpty() || !walk(rule, host, req, calls::contains) || !witness.firstRun()) {
            witness = later;
        }
        return true;
    }

    private static final java.util.function.Predicate<Rule> NO_RULE = x -> false;

    /** {@code world}: the other rules whose unknown matches the first run takes as matching. */
    private boolean walk(Rule rule, HostView host, WalkRequest req, java.util.function.Predicate<Rule> world) {
        io.nflint.walk.Walker walker = base().sharingIndexes(host, List.of(rs), 16).matchFirst(x -> x == rule || world.test(x));
        // no catch: the walker refuses only a request of mixed address families, which reaches() never
        // makes; anything else it throws is a bug, reported as one (exit 3) rather than hidden by the solver
        WalkResult result = walker.walk(req);
        for (int i = 0; i < result.outcomes().size(); i++) {
            Outcome o = result.outcomes().get(i);
            for (TraceStep s : o.steps()) {
                if (s.kind() == TraceStep.Kind.RULE && s.line() == rule.span().line() && s.table().equals(rule.table())
                        && s.chain().equals(rule.chain())) {
                    witness = new Witness(rule, req, host, o, i == 0, world);
                    return true;
                }
            }
        }
        return false;
    }

    private final java.util.Map<String, Set<Rule>> callsInto = new java.util.HashMap<>();

    /** The jumps and gotos that lead to the rule's chain, directly or through other user chains. */
    private Set<Rule> callsInto(Rule rule) {
        return callsInto.computeIfAbsent(rule.table() + " " + rule.chain(), k -> {
            Set<Rule> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(rule.chain()));
            Set<String> seen = new java.util.HashSet<>(todo);
            while (!todo.isEmpty()) {
                for (Rule j : callers.apply(rule.table(), todo.pop())) {
                    out.add(j);
                    if (seen.add(j.chain())) {
                        todo.add(j.chain());
                    }
                }
            }
            return out;
        });
    }

    private io.nflint.walk.Walker base;

    /** Holds the chain indexes every probe's walker shares. */
    private io.nflint.walk.Walker base() {
        if (base == null) {
            base = new io.nflint.walk.Walker(topology(), List.of(rs), 16, lowered);
        }
        return base;
    }

    /**
     * The last packet that reached a rule, with the host it was walked on. {@code firstRun}: the
     * walk's first run, where the undecidable matches of the rules in {@code world} (and the rule's
     * own) matched and every other rule's did not: one fixed choice per rule, which the solver's
     * unknowns can take too.
     */
    private record Witness(Rule rule, WalkRequest request, HostView host, Outcome outcome, boolean firstRun,
                           java.util.function.Predicate<Rule> world) {
    }

    private Witness witness;

    /**
     * Whether the packet that last reached {@code rule} ends differently when the rule is removed:
     * another verdict, header or out interface, or decided by a policy instead of a rule. Then the
     * rule is not redundant; when the ends agree nothing is concluded.
     */
    boolean changesWithout(Rule rule) {
        if (witness == null || witness.rule() != rule || !witness.firstRun()) {
            return false;
        }
        if (!inRuleset(rule)) {
            return false;
        }
        // the original rule set with the rule skipped, so every chain keeps its shared index
        WalkResult other = base().sharingIndexes(witness.host(), List.of(rs), 16).matchFirst(witness.world())
                .without(rule).walk(witness.request());
        // the same world: both first runs, where the same other rules' undecidable matches matched
        // (the rule's own matches do not exist without it)
        return !other.outcomes().isEmpty()
                && !end(other.outcomes().get(0), rule.table()).equals(end(witness.outcome(), rule.table()));
    }

    private static List<Object> end(Outcome o, String table) {
        boolean policy = false;
        for (TraceStep s : o.steps()) {
            policy |= s.kind() == TraceStep.Kind.POLICY && s.table().equals(table);
        }
        return java.util.Arrays.asList(o.verdict(), o.rejectWith(), o.deliveredTo(), o.outIface(), o.packet(), policy);
    }

    private boolean inRuleset(Rule rule) {
        for (io.nflint.ir.Table t : rs.tables()) {
            if (t.name().equals(rule.table())) {
                for (io.nflint.ir.Chain c : t.chains()) {
                    if (c.name().equals(rule.chain()) && c.rules().contains(rule)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the rule asks for a LOCAL destination ({@code dst}) or source address type. */
    private boolean wantsLocal(Rule r, boolean dst) {
        return Conjuncts.requiresAddrType(lowered.get(r), dst, AddrType.LOCAL.name());
    }

    /** Whether the rule only takes later packets of a connection: its state match has ESTABLISHED, not NEW. */
    boolean wantsEstablished(Rule r) {
        for (Lowered m : lowered.get(r).matches()) {
            Set<CtState> states = Conjuncts.requiredStates(m);
            if (states != null && !states.contains(CtState.NEW) && states.contains(CtState.ESTABLISHED)) {
                return true;
            }
        }
        return false;
    }

    /** A host that routes everything out of one interface (but {@code back} out of its own), with one local address (or none). */
    private static final class MadeUpHost extends FlatHost {

        private final String out;
        private final Ip local;
        private final Ip back;
        private final String backIface;
        private final boolean groups;
        private final boolean localnet;

        MadeUpHost(String out, Ip local, Ip back, String backIface, boolean groups, boolean localnet) {
            this.out = out;
            this.local = local;
            this.back = back;
            this.backIface = backIface;
            this.groups = groups;
            this.localnet = localnet;
        }

        @Override
        public boolean routeLocalnet(String iface) {
            return localnet;
        }

        @Override
        public boolean forwardsMulticast() {
            return groups;
        }

        @Override
        public Optional<RouteHit> route(Ip dst) {
            if (isLocal(dst)) {
                return Optional.of(new RouteHit("lo", RouteHit.Type.LOCAL, null, null, "local " + dst));
            }
            if (dst.equals(back)) {
                return Optional.of(new RouteHit(backIface, RouteHit.Type.UNICAST, null, null, dst + " dev " + backIface));
            }
            return Optional.of(new RouteHit(out, RouteHit.Type.UNICAST, null, null, "default dev " + out));
        }

        @Override
        public boolean isLocal(Ip ip) {
            return ip.equals(local) || loopbackAddress(ip);
        }

        @Override
        public Optional<Ip> primaryAddress(String iface, boolean v6) {
            return Ip.parse(v6 ? "2001:db8::fe" : "192.0.2.254");
        }

        @Override
        public List<String> assumptions() {
            return List.of();
        }
    }
}
