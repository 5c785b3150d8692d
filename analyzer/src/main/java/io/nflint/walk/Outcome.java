package io.nflint.walk;

import java.util.List;

/**
 * Where one packet ended up on one path of the walk.
 *
 * @param deliveredTo  "local", the interface it leaves by, or "none"
 * @param outIface     the interface it leaves by; null when delivered locally or discarded before routing
 * @param rejectWith   the REJECT type or routing ICMP error ("tcp-reset", "icmp-port-unreachable" …) for REJECT
 * @param packet       the header as delivered (or as it was when discarded), after every NAT on the way
 * @param steps        the TRACE steps in order
 * @param notes        what the kernel decided outside the rules, and what was assumed
 * @param choices      the nondeterministic decisions that led here (empty when there were none)
 * @param conntrack    the connection the packet created or belongs to; null for untracked packets
 */
public record Outcome(WalkVerdict verdict, String rejectWith, String deliveredTo, String outIface, Packet packet,
                      List<TraceStep> steps, List<String> notes, List<Choice> choices, ConntrackEntry conntrack) {

    public Outcome {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        choices = List.copyOf(choices);
    }

    public boolean delivered() {
        return verdict == WalkVerdict.ACCEPT;
    }

    public boolean deliveredLocally() {
        return "local".equals(deliveredTo);
    }

    /** One line: {@code accept: delivered to docker0 as tcp 198.51.100.2:40000 -> 172.17.0.2:80}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(verdict.wire());
        if (rejectWith != null) {
            sb.append(" (").append(rejectWith).append(')');
        }
        if (verdict == WalkVerdict.ACCEPT) {
            sb.append(": delivered ").append(deliveredLocally() ? "locally" : "to " + deliveredTo);
        }
        sb.append(" as ").append(packet.describe());
        return sb.toString();
    }
}
