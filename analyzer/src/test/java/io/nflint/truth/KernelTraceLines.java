package io.nflint.truth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's TRACE lines (xtables-monitor --trace, see the kernel lab's README) read into the
 * steps the walker's trace can be compared with. xtables-monitor's quirks, handled here: the number
 * after "rule:" is an nft handle (so the rule is identified by its text); a DNAT prints as ACCEPT and
 * RETURN as 0xfffffffb (so verdicts are not compared); a PACKET line per base chain and trace ids
 * that recur within a flow (so packets are told apart by where their traversal starts, not by id).
 */
final class KernelTraceLines {

    /** One decision: {@code table:chain}, rule or policy, and the rule as iptables prints it (without "-A CHAIN"). */
    record Step(String table, String chain, String kind, String rule) {
        String key() {
            return table + ":" + chain + ":" + kind + (rule.isEmpty() ? "" : " " + rule);
        }
    }

    /** The steps of one packet: the PACKET header that started them and every TRACE line up to the next packet. */
    record Packet(String header, List<Step> steps) {
    }

    private static final Pattern TRACE = Pattern.compile(
            "^TRACE: \\d+ \\S+ ([^:]+):([^:]+):(rule|policy|return)(?::\\S+)?(?:\\s+-4 -t \\S+ -A \\S+ (.*))?$");

    private KernelTraceLines() {
    }

    /**
     * Groups the lines by packet. Every packet of the traced flow starts at the TRACE rule the lab
     * put first in raw PREROUTING / OUTPUT (the earliest hooks), so each match of that rule opens a
     * new packet — also for a retransmission, whose header is the same. The TRACE rules themselves
     * are left out; the header kept is the PACKET line that came just before.
     */
    static List<Packet> packets(List<String> lines) {
        List<Packet> out = new ArrayList<>();
        List<Step> current = null;
        String header = null;
        String lastPacketLine = null;
        for (String line : lines) {
            if (line.startsWith("PACKET:")) {
                lastPacketLine = line;
                continue;
            }
            Matcher m = TRACE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String rule = m.group(4) == null ? "" : m.group(4).strip();
            if (rule.endsWith("-j TRACE")) {
                if (current != null) {
                    out.add(new Packet(header, current));
                }
                current = new ArrayList<>();
                header = lastPacketLine;
                continue;
            }
            if (current != null) {
                current.add(new Step(m.group(1), m.group(2), m.group(3), rule));
            }
        }
        if (current != null) {
            out.add(new Packet(header, current));
        }
        return out;
    }

    /** The TCP flags at the end of a PACKET line ("SYN", "ACK SYN", …); "" for other protocols. */
    static String tcpFlags(String packetLine) {
        Matcher m = Pattern.compile("DPORT=\\d+ (.*)$").matcher(packetLine);
        return m.find() ? m.group(1).strip() : "";
    }
}
