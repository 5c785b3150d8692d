package io.nflint.walk;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the walk knows about its packet: the header and interfaces now, the connection
 * (original tuple, NAT done, confirmed), the routing decision, and how it ended. The steps that
 * follow ({@link RoutingStep}, {@link NatStep}, {@link Run}) read and change it.
 */
abstract class RunState {

    enum Phase { FIRST, ESTABLISHED, REPLY }

    static final Ip LOOPBACK4 = Ip.v4(127, 0, 0, 1);
    static final IpNet LOOPNET4 = IpNet.of(Ip.v4(127, 0, 0, 0), 8);

    final Walker walker;
    final HostView host;
    final Forks forks;
    final Phase phase;
    final ConntrackEntry previous;

    final List<TraceStep> steps = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Packet pkt;
    String curIn;
    String curOut;
    boolean locallyGenerated;
    boolean bridgeInfo;
    boolean brouted;

    // the connection
    Flow original;
    boolean untracked;
    boolean natDstDone;
    boolean natSrcDone;
    boolean dnat;
    boolean snat;
    boolean confirmed;

    // the routing decision
    boolean routeLocal;
    String routeOut;

    // how it ended
    boolean ended;
    WalkVerdict verdict;
    String rejectWith;
    String deliveredTo = "none";
    String outIface;
    String physOutAtEnd;

    /**
     * The first packet belongs to a connection a conntrack helper (ftp, sip, tftp, …) expects: its
     * state is RELATED, and since no NAT binding exists yet (unless the helper's NAT half set one up,
     * which the walker does not model) the nat table sees it as it sees a NEW packet.
     */
    boolean relatedFirst;

    void relatedFirst() {
        this.relatedFirst = true;
        notes.add("assumed: a conntrack helper (ftp, sip, tftp, …) expects this connection, so its first packet is"
                + " RELATED and passes the nat table like a NEW one");
    }

    RunState(Walker walker, Forks forks, Phase phase, ConntrackEntry previous) {
        this.walker = walker;
        this.host = walker.host();
        this.forks = forks;
        this.phase = phase;
        this.previous = previous;
    }

    void end(WalkVerdict v, String with, String note) {
        ended = true;
        verdict = v;
        rejectWith = with;
        if (note != null) {
            notes.add(note);
        }
    }

    void deliverLocal() {
        ended = true;
        verdict = WalkVerdict.ACCEPT;
        deliveredTo = "local";
        outIface = null;
        for (String l : host.listeners(pkt.protoName(), pkt.dst(), pkt.dport())) {
            notes.add("on the host, " + l + " takes it (a user-space proxy; not followed further)");
        }
    }

    void deliver(String iface) {
        ended = true;
        verdict = WalkVerdict.ACCEPT;
        deliveredTo = iface;
        outIface = iface;
    }

    ConntrackEntry connection() {
        if (phase != Phase.FIRST) {
            return previous == null ? null : new ConntrackEntry(previous.original(), previous.reply(),
                    pkt.ctMark(), previous.dnat(), previous.snat(), true);
        }
        if (untracked || original == null) {
            return null;
        }
        return new ConntrackEntry(original, Flow.of(pkt).inverse(), pkt.ctMark(), dnat, snat, confirmed);
    }

    Outcome outcome() {
        if (!ended) {
            end(WalkVerdict.DROP, null, "the walk stopped without a decision (a bug in nflint's model)");
        }
        return new Outcome(verdict, rejectWith, deliveredTo, outIface, pkt, steps, notes, forks.taken(), connection());
    }

    boolean wasLocal() {
        return locallyGenerated;
    }
}
