package io.nflint.walk;

import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The concrete packet walk: follows one packet through the host's hooks the way the kernel does
 * and reports every outcome, with the TRACE steps, the NAT'd header and what the kernel decided
 * outside the rules. Nondeterministic matches fork the walk; at most {@code maxOutcomes} outcomes
 * are followed ({@link WalkResult#truncated()} says when there were more).
 *
 * <pre>
 * Walker w = new Walker(host, List.of(iptables, ebtables));
 * WalkResult r = w.walk(WalkRequest.arriving("eth0", Packet.tcp(src, 40000, dst, 8080)));
 * </pre>
 */
public final class Walker {

    public static final int DEFAULT_MAX_OUTCOMES = 64;

    private final HostView host;
    private final Ruleset v4;
    private final Ruleset v6;
    private final Ruleset bridge;
    private final int maxOutcomes;
    /**
     * By identity: long iptables chains of the v4 and v6 rule sets (ebtables chains are scanned),
     * built when a walk first enters the chain; shared with the walkers {@link #sharingIndexes} makes.
     */
    private final Map<Chain, ChainIndex> indexes;
    private final int indexFrom;
    /** Each rule lowered once, on first use; shared like the indexes (and read by them). */
    private final io.nflint.lower.LoweredRuleset lowered;
    /** The native nftables tables walked with the xtables ones; null when there are none. */
    private final NftPipeline nft;

    public Walker(HostView host, List<Ruleset> rulesets) {
        this(host, rulesets, DEFAULT_MAX_OUTCOMES);
    }

    /** {@code rulesets}: any of an iptables, an ip6tables and an ebtables dump (others are ignored). */
    public Walker(HostView host, List<Ruleset> rulesets, int maxOutcomes) {
        this(host, rulesets, maxOutcomes, ChainIndex.MIN_RULES);
    }

    /** The same, reading the rules from {@code lowered}, the lowered form the rule sets' owner keeps. */
    public Walker(HostView host, List<Ruleset> rulesets, int maxOutcomes, io.nflint.lower.LoweredRuleset lowered) {
        this(host, rulesets, maxOutcomes, ChainIndex.MIN_RULES, new IdentityHashMap<>(), lowered, null);
    }

    /** Indexes the chains of at least {@code indexFrom} rules (tests compare indexing all and none). */
    Walker(HostView host, List<Ruleset> rulesets, int maxOutcomes, int indexFrom) {
        this(host, rulesets, maxOutcomes, indexFrom, new IdentityHashMap<>(), io.nflint.lower.LoweredRuleset.lazy(), null);
    }

    /**
     * A walker over xtables dumps and an nftables ruleset together: at each hook every base chain of
     * every table of the packet's family runs in priority order (see {@link io.nflint.pipeline.HookOrder};
     * {@code nft} may be null).
     */
    public Walker(HostView host, List<Ruleset> rulesets, io.nflint.ir.nft.NftRuleset nft) {
        this(host, rulesets, DEFAULT_MAX_OUTCOMES, ChainIndex.MIN_RULES, new IdentityHashMap<>(),
                io.nflint.lower.LoweredRuleset.lazy(), nft == null ? null : new NftPipeline(nft, rulesets));
    }

    private Walker(HostView host, List<Ruleset> rulesets, int maxOutcomes, int indexFrom, Map<Chain, ChainIndex> indexes,
                   io.nflint.lower.LoweredRuleset lowered, NftPipeline nft) {
        this.nft = nft == null || nft.isEmpty() ? null : nft;
        this.indexes = indexes;
        this.lowered = lowered;
        this.indexFrom = indexFrom;
        this.host = host;
        Ruleset a = null;
        Ruleset b = null;
        Ruleset c = null;
        for (Ruleset rs : rulesets) {
            if (rs == null) {
                continue;
            }
            if (rs.family() == Family.IPV4) {
                a = rs;
            } else if (rs.family() == Family.IPV6) {
                b = rs;
            } else if (rs.family() == Family.BRIDGE) {
                c = rs;
            }
        }
        this.v4 = a;
        this.v6 = b;
        this.bridge = c;
        this.maxOutcomes = maxOutcomes;
    }

    /**
     * A walker for other rule sets or another host that reuses this one's chain indexes: chains
     * the rule sets share (by identity) are not indexed again. Many short walks over one big rule
     * set on made-up hosts (the symbolic engine's probes) cost a walk each, not an index each.
     */
    public Walker sharingIndexes(HostView otherHost, List<Ruleset> rulesets, int outcomes) {
        return new Walker(otherHost, rulesets, outcomes, indexFrom, indexes, lowered, nft);
    }

    /** The rule's lowered form, built once per walker (and the walkers sharing its indexes). */
    io.nflint.lower.LoweredRule lowered(io.nflint.ir.Rule rule) {
        return lowered.get(rule);
    }

    /** The index of an iptables chain long enough to have one; null otherwise. */
    ChainIndex index(Chain chain) {
        if (chain.rules().size() < indexFrom) {
            return null;
        }
        synchronized (indexes) {
            return indexes.computeIfAbsent(chain, c -> ChainIndex.of(c, lowered));
        }
    }

    /** How many chain indexes this walker and those sharing its indexes have built (tests). */
    int indexedChains() {
        synchronized (indexes) {
            return indexes.size();
        }
    }

    HostView host() {
        return host;
    }

    NftPipeline nft() {
        return nft;
    }

    /** The stages a run follows: {@code base} with the nft base chains of the packet's family in their places. */
    List<io.nflint.pipeline.Stage> plan(List<io.nflint.pipeline.Stage> base, boolean v6) {
        return nft == null ? base : nft.plan(base, v6);
    }

    /**
     * The stages a walk of a packet of this family follows where the host model has {@code base}
     * (one of {@link io.nflint.pipeline.HookPlan}'s plans): the nft base chains placed in it as
     * {@link io.nflint.pipeline.HookOrder} orders them. Reports draw the hooks from this.
     */
    public List<io.nflint.pipeline.Stage> stages(List<io.nflint.pipeline.Stage> base, boolean v6) {
        return plan(base, v6);
    }

    /** The nft tables left out because the iptables dump shows them (iptables-nft's "ip filter" …). */
    public List<String> nftTablesShownByIptables() {
        return nft == null ? List.of() : nft.skipped();
    }

    private java.util.function.Predicate<io.nflint.ir.Rule> matchFirst = r -> true;

    /**
     * Which value an undecidable match takes in the first run (the other one in a later run): by
     * default "matches". A search for a packet that reaches one rule prefers "does not match" for
     * every other rule, so the first run is the one most likely to get there.
     */
    public Walker matchFirst(java.util.function.Predicate<io.nflint.ir.Rule> first) {
        this.matchFirst = first;
        return this;
    }

    boolean matchFirst(io.nflint.ir.Rule rule) {
        return matchFirst.test(rule);
    }

    private io.nflint.ir.Rule removed;

    /**
     * Walks as if {@code rule} (by identity) were deleted from its chain: it never matches and never
     * forks. A copy of the rule set without it would give each probe a new chain, indexed again
     * from scratch and kept in the shared indexes: on the 5.5k-rule TUM firewall that was most of
     * rule logic's time and 1.4 GB of memory.
     */
    public Walker without(io.nflint.ir.Rule rule) {
        this.removed = rule;
        return this;
    }

    boolean removed(io.nflint.ir.Rule rule) {
        return rule == removed;
    }

    Ruleset ipRules(boolean isV6) {
        return isV6 ? v6 : v4;
    }

    Ruleset bridgeRules() {
        return bridge;
    }

    public WalkResult walk(WalkRequest request) {
        Packet p = request.packet();
        if (p.src() != null && p.src().v6() != p.dst().v6()) {
            throw new IllegalArgumentException("source " + p.src() + " and destination " + p.dst()
                    + " are of different address families");
        }
        java.util.Optional<Outcome> unresolved = NeighbourDiscovery.blockedArrival(this, request);
        if (unresolved.isPresent()) {
            return new WalkResult(request, List.of(unresolved.get()), false, host.assumptions());
        }
        List<Outcome> outcomes = new ArrayList<>();
        Deque<List<Boolean>> pending = new ArrayDeque<>();
        pending.add(List.of());
        boolean truncated = false;
        while (!pending.isEmpty()) {
            if (outcomes.size() >= maxOutcomes) {
                truncated = true;
                break;
            }
            Forks forks = new Forks(pending.pollFirst(), pending);
            outcomes.add(once(request, forks));
        }
        return new WalkResult(request, outcomes, truncated, host.assumptions());
    }

    /**
     * The request for a packet whose sender is known only by its address, as a probe description
     * gives it: a local address means the host sends it; otherwise it arrives on the interface the
     * host routes that address through (symmetric routing assumed; a container's address gives its
     * bridge, or its port when the host model knows it).
     */
    public WalkRequest requestFrom(Packet packet) {
        if (host.isLocal(packet.src())) {
            return WalkRequest.local(packet);
        }
        java.util.Optional<HostView.RouteHit> back = host.route(packet.src());
        if (back.isEmpty() || back.get().iface() == null) {
            throw new IllegalArgumentException("no route back to " + packet.src() + ": cannot tell where it arrives");
        }
        String iface = back.get().iface();
        if (host.isBridge(iface)) {
            iface = host.portFor(iface, packet.src()).orElse(iface);
        }
        return WalkRequest.arriving(iface, packet);
    }

    /** One run: the first packet, and then the reply or later packet when asked for. */
    private Outcome once(WalkRequest req, Forks forks) {
        Run first = new Run(this, forks, Run.Phase.FIRST, null);
        if (req.related()) {
            first.relatedFirst();
        }
        if (req.local()) {
            first.local(req.packet());
        } else {
            first.arrive(req.packet(), req.inIface());
        }
        Outcome o = first.outcome();
        if (!req.reply() && !req.established()) {
            return o;
        }
        if (!o.delivered()) {
            List<String> notes = new ArrayList<>(o.notes());
            notes.add("no connection: the first packet did not get through, so there is no "
                    + (req.reply() ? "reply" : "later packet") + " to walk (shown: the first packet)");
            return new Outcome(o.verdict(), o.rejectWith(), o.deliveredTo(), o.outIface(), o.packet(), o.steps(),
                    notes, o.choices(), o.conntrack());
        }
        ConntrackEntry ct = o.conntrack();
        if (ct == null) {
            return untrackedFollowUp(req, o, first, forks);
        }
        Run second = new Run(this, forks, req.reply() ? Run.Phase.REPLY : Run.Phase.ESTABLISHED, ct);
        second.notes.add("first packet: " + o.summary());
        Flow r = ct.reply();
        Flow original = ct.original();
        return followUp(req, o, first, second, r.src(), r.sport(), r.dst(), r.dport(), original.src(), original.sport());
    }

    /**
     * Walks the reply (to {@code replySrc}:port from {@code replyDst}:port, answering the first
     * packet: SYN-ACK, echo reply) back from where the first packet ended, or a later packet of the
     * original direction (ACK) from where the first one started.
     */
    private static Outcome followUp(WalkRequest req, Outcome o, Run first, Run second, Ip replySrc, int replySport,
                                    Ip replyDst, int replyDport, Ip originalSrc, int originalSport) {
        if (req.reply()) {
            Packet p = req.packet().withSrc(replySrc, replySport).withDst(replyDst, replyDport);
            if (p.proto() == Packet.TCP) {
                p = p.withTcpFlags(Packet.SYN | Packet.ACK);
            } else if (p.isIcmp()) {
                p = p.withIcmp(p.proto() == Packet.ICMP ? 0 : 129, 0);
            }
            if (o.deliveredLocally()) {
                second.local(p);
            } else {
                second.arrive(p.withPhys(first.physOutAtEnd, null), o.outIface());
            }
        } else {
            Packet p = req.packet().proto() == Packet.TCP ? req.packet().withTcpFlags(Packet.ACK) : req.packet();
            if (req.local()) {
                second.local(p.src() == null ? p.withSrc(originalSrc, originalSport) : p);
            } else {
                second.arrive(p, req.inIface());
            }
        }
        return second.outcome();
    }

    /**
     * The first packet got through without a conntrack entry: it was NOTRACK'd, or it was bridged
     * with bridge-nf-call-iptables=0 and never met an iptables hook. There is no connection to
     * look up, so the reply (the reversed header) or the later packet is walked as a new packet of
     * its own: the rules decide again, with no recorded NAT and no ESTABLISHED state.
     */
    private Outcome untrackedFollowUp(WalkRequest req, Outcome o, Run first, Forks forks) {
        Run second = new Run(this, forks, Run.Phase.FIRST, null);
        second.notes.add("first packet: " + o.summary());
        second.notes.add("the first packet has no conntrack entry (untracked, or bridged without iptables): the "
                + (req.reply() ? "reply" : "later packet") + " is walked as a packet of its own");
        Packet sent = o.packet();
        return followUp(req, o, first, second, sent.dst(), sent.dport(), sent.src(), sent.sport(), sent.src(), sent.sport());
    }
}
