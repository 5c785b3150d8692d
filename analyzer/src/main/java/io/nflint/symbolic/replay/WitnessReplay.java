package io.nflint.symbolic.replay;

import io.nflint.symbolic.WitnessPacket;
import io.nflint.symbolic.SemanticDiff;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.WalkVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays a diff's witness through the concrete walker, once per rule set, on the host the model
 * chose ({@link ReplayHost}), and checks that each walk can end as the solver claims: same verdict
 * and, when accepted, the same translated addresses, ports and out interface. Nondeterministic
 * matches fork the walk; the claim needs one outcome that matches it. A witness the walker cannot
 * start from (not the first packet of a connection, carrying a mark, a fragment) is not replayed.
 */
public final class WitnessReplay {

    private WitnessReplay() {
    }

    public static SemanticDiff.Replay replay(Ruleset oldRs, Ruleset newRs, SemanticDiff.Difference d, HostChoices host,
                                      boolean fragment) {
        ReplayHost view = new ReplayHost(host);
        return replay(oldRs, newRs, d, view, view, fragment);
    }

    /** The host the model chose, as the walker sees hosts (for a side without a host model). */
    public static io.nflint.walk.HostView chosenHost(HostChoices host) {
        return new ReplayHost(host);
    }

    /**
     * The same on a host per side: a bundle's own host ({@link BundleReplayHost}) where the side has
     * one, so the witness replays on the interfaces, addresses and routes the bundle holds.
     */
    public static SemanticDiff.Replay replay(Ruleset oldRs, Ruleset newRs, SemanticDiff.Difference d,
                                             io.nflint.walk.HostView oldView, io.nflint.walk.HostView newView, boolean fragment) {
        WitnessPacket w = d.witness();
        String why = unreplayable(w, fragment);
        if (why != null) {
            return new SemanticDiff.Replay(SemanticDiff.Replay.Status.NOT_REPLAYED, List.of(), List.of(), List.of(why));
        }
        WalkRequest req = request(d.entry(), w);
        List<String> notes = new ArrayList<>();
        List<String> oldTrace = side("old", List.of(oldRs), oldView, req, d.oldOutcome(), notes);
        List<String> newTrace = side("new", List.of(newRs), newView, req, d.newOutcome(), notes);
        if (!notes.isEmpty()) {
            List<String> assumed = new ArrayList<>(oldView.assumptions());
            newView.assumptions().stream().filter(a -> !assumed.contains(a)).forEach(assumed::add);
            notes.add(0, "witness did not replay: the concrete walker, on the host the solver assumed ("
                    + String.join("; ", assumed) + "), does not do what the symbolic engine claims");
        }
        return new SemanticDiff.Replay(notes.isEmpty() ? SemanticDiff.Replay.Status.CONFIRMED
                : SemanticDiff.Replay.Status.DID_NOT_REPLAY, oldTrace, newTrace, notes);
    }

    /**
     * A bridged witness: the frame enters the witness's in port of {@code bridge} and is walked
     * through ebtables and (with bridge-nf-call-iptables) the iptables chains, on each side's rules.
     */
    public static SemanticDiff.Replay replayBridged(Ruleset oldRs, Ruleset newRs, Ruleset ebOld, Ruleset ebNew,
                                             SemanticDiff.Difference d, HostChoices host, String bridge,
                                             boolean bridgeNfOld, boolean bridgeNfNew, boolean fragment) {
        WitnessPacket w = d.witness();
        String why = unreplayable(w, fragment);
        if (why == null && (bridge == null || w.inIface() == null || w.outIface() == null)) {
            why = "not replayed: the witness names no bridge and ports to walk it through";
        }
        if (why != null) {
            return new SemanticDiff.Replay(SemanticDiff.Replay.Status.NOT_REPLAYED, List.of(), List.of(), List.of(why));
        }
        // the witness's ports pinned (a host's bridge does not say which port an address is behind),
        // routing as the solver chose it, bridge-nf-call-iptables as each side's host says
        ReplayHost choices = new ReplayHost(host);
        BridgeReplayHost oldView = new BridgeReplayHost(choices, bridge, w.inIface(), w.outIface(), w.dst(), bridgeNfOld);
        BridgeReplayHost newView = new BridgeReplayHost(choices, bridge, w.inIface(), w.outIface(), w.dst(), bridgeNfNew);
        WalkRequest req = WalkRequest.arriving(w.inIface(), walkPacket(w));
        List<String> notes = new ArrayList<>();
        List<String> oldTrace = side("old", rulesets(oldRs, ebOld), oldView, req, d.oldOutcome(), notes);
        List<String> newTrace = side("new", rulesets(newRs, ebNew), newView, req, d.newOutcome(), notes);
        if (!notes.isEmpty()) {
            notes.add(0, "witness did not replay: the concrete walker, on the host the solver assumed ("
                    + String.join("; ", oldView.assumptions()) + "), does not do what the symbolic engine claims");
        }
        return new SemanticDiff.Replay(notes.isEmpty() ? SemanticDiff.Replay.Status.CONFIRMED
                : SemanticDiff.Replay.Status.DID_NOT_REPLAY, oldTrace, newTrace, notes);
    }

    private static List<Ruleset> rulesets(Ruleset ip, Ruleset eb) {
        List<Ruleset> out = new ArrayList<>();
        out.add(ip);
        if (eb != null) {
            out.add(eb);
        }
        return out;
    }

    private static String unreplayable(WitnessPacket w, boolean fragment) {
        if (!"NEW".equals(w.ctState())) {
            return "not replayed: the witness is a " + w.ctState()
                    + " packet, and the walker replays only the first packet of a connection";
        }
        if (w.mark() != 0 || w.connmark() != 0) {
            return "not replayed: the witness arrives with a mark, and the walker starts every packet unmarked";
        }
        if (fragment) {
            return "not replayed: the witness is a non-first fragment, which the walker does not model";
        }
        return null;
    }

    static WalkRequest request(String entry, WitnessPacket w) {
        io.nflint.walk.Packet p = walkPacket(w);
        return "local-out".equals(entry) ? WalkRequest.local(p) : WalkRequest.arriving(w.inIface(), p);
    }

    /** The witness as the walker's packet: ports only for protocols with ports, ICMP fields only for ICMP. */
    static io.nflint.walk.Packet walkPacket(WitnessPacket w) {
        boolean ports = hasPorts(w.proto());
        boolean icmp = w.proto() == io.nflint.walk.Packet.ICMP || w.proto() == io.nflint.walk.Packet.ICMPV6;
        return new io.nflint.walk.Packet(w.dst().v6() ? Family.IPV6 : Family.IPV4, w.proto(), w.src(),
                ports ? w.sport() : -1, w.dst(), ports ? w.dport() : -1, icmp ? w.icmpType() : -1, icmp ? w.icmpCode() : -1,
                w.proto() == io.nflint.walk.Packet.TCP ? w.tcpFlags() : 0, null, null, 0, 0, null, null, null, null, null);
    }

    private static boolean hasPorts(int proto) {
        return proto == io.nflint.walk.Packet.TCP || proto == io.nflint.walk.Packet.UDP || proto == io.nflint.walk.Packet.SCTP;
    }

    /** Walks one side; adds a note when no outcome matches the claim; returns the trace to show. */
    private static List<String> side(String label, List<Ruleset> rulesets, io.nflint.walk.HostView host, WalkRequest req,
                                     SemanticDiff.Outcome claim, List<String> notes) {
        WalkResult r = new io.nflint.walk.Walker(host, rulesets).walk(req);
        for (Outcome o : r.outcomes()) {
            if (matches(claim, o)) {
                return render(o);
            }
        }
        Outcome first = r.outcomes().get(0);
        notes.add(label + ": claimed " + claimed(claim) + ", the walker " + (r.outcomes().size() > 1
                ? "has " + r.outcomes().size() + (r.truncated() ? "+" : "") + " outcomes, none of them that (first: " + first.summary() + ")"
                : "says " + first.summary()));
        return render(first);
    }

    private static List<String> render(Outcome o) {
        List<String> out = new ArrayList<>();
        for (TraceStep s : o.steps()) {
            out.add(s.render().substring("TRACE: ".length()));
        }
        return out;
    }

    private static String claimed(SemanticDiff.Outcome c) {
        return c.verdict() + (c.verdict().equals("ACCEPT") ? " as " + c.translated().describe() : "");
    }

    /**
     * Whether a walk outcome is the claimed one: UNKNOWN (a target nflint does not model) is any
     * outcome that took a nondeterministic decision; an accept must leave with the same header and
     * by the same interface (none for local delivery).
     */
    static boolean matches(SemanticDiff.Outcome claim, Outcome o) {
        switch (claim.verdict()) {
            case "UNKNOWN":
                return !o.choices().isEmpty();
            case "DROP":
                return o.verdict() == WalkVerdict.DROP;
            case "REJECT":
                return o.verdict() == WalkVerdict.REJECT;
            case "ACCEPT":
                break;
            default:
                return false;
        }
        if (o.verdict() != WalkVerdict.ACCEPT) {
            return false;
        }
        WitnessPacket t = claim.translated();
        io.nflint.walk.Packet p = o.packet();
        boolean ports = hasPorts(t.proto());
        // a bridged frame leaves by a port of the bridge the walker names as the outcome's interface
        // a locally generated packet the solver routes out of lo is one the walker delivers locally
        return t.src().equals(p.src()) && t.dst().equals(p.dst())
                && (!ports || t.sport() == p.sport() && t.dport() == p.dport())
                && (Objects.equals(t.outIface(), o.outIface()) || t.outIface() != null && t.outIface().equals(p.physOut())
                    || "lo".equals(t.outIface()) && o.outIface() == null && o.deliveredLocally());
    }
}
