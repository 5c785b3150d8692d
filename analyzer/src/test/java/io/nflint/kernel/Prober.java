package io.nflint.kernel;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sends one probe with socat (TCP, UDP) or ping (ICMP) from inside a namespace. */
final class Prober {

    /** UDP datagrams are retried once: the first can be lost while ARP resolves on a fresh link. */
    private static final int UDP_ATTEMPTS = 2;

    private Prober() {
    }

    static Observation probe(KernelLab lab, String fromNs, Proto proto, String address, int port, int sourcePort) {
        return switch (proto) {
            case TCP -> tcp(lab, fromNs, address, port, sourcePort);
            case UDP -> udp(lab, fromNs, address, port, sourcePort);
            case ICMP -> icmp(lab, fromNs, address);
        };
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
    }

    /** TCP4/UDP4, or TCP6/UDP6 for an IPv6 address. */
    static String family(String address, String proto) {
        return proto + (address.contains(":") ? "6" : "4");
    }

    /** socat writes an IPv6 address in brackets before ":port". */
    static String hostPart(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static Observation tcp(KernelLab lab, String ns, String address, int port, int sourcePort) {
        String t = seconds(lab.probeTimeout());
        String target = family(address, "TCP") + ":" + hostPart(address) + ":" + port + ",connect-timeout=" + t
                + (sourcePort > 0 ? ",sourceport=" + sourcePort + ",reuseaddr" : "");
        // -d -d makes socat say "successfully connected", which separates no-reply from timeout.
        CommandResult r = Commands.runUntil(
                lab.execCommand(ns, "socat", "-d", "-d", "-T", t, "-u", target, "-"),
                null, lab.probeTimeout().plusSeconds(2), line -> line.contains("nflint-listener"));
        boolean connected = r.stderr().contains("successfully connected");
        return ProbeOutputs.fromSocat(r.stdout(), r.stderr(), connected);
    }

    private static Observation udp(KernelLab lab, String ns, String address, int port, int sourcePort) {
        String t = seconds(lab.probeTimeout());
        String target = family(address, "UDP") + ":" + hostPart(address) + ":" + port + (sourcePort > 0 ? ",sourceport=" + sourcePort + ",reuseaddr" : "");
        Observation last = null;
        for (int attempt = 0; attempt < UDP_ATTEMPTS; attempt++) {
            // -t: after our one datagram (stdin EOF) keep listening this long for the answer.
            CommandResult r = Commands.runUntil(
                    lab.execCommand(ns, "socat", "-t", t, "-T", t, "-", target),
                    "nflint-probe\n", lab.probeTimeout().plusSeconds(2), line -> line.contains("nflint-listener"));
            last = ProbeOutputs.fromSocat(r.stdout(), r.stderr(), false);
            if (last.result() != ProbeResult.TIMEOUT) {
                return last;
            }
        }
        return last;
    }

    private static Observation icmp(KernelLab lab, String ns, String address) {
        Map<String, Long> before = echoReplies(lab);
        int wait = (int) Math.max(1, Math.round(lab.probeTimeout().toMillis() / 1000.0));
        CommandResult r = lab.exec(ns, "ping", "-n", "-c", "1", "-W", Integer.toString(wait), address);
        Map<String, Long> after = echoReplies(lab);
        String by = null;
        for (var e : after.entrySet()) {
            if (e.getValue() > before.getOrDefault(e.getKey(), 0L)) {
                by = e.getKey();
            }
        }
        return ProbeOutputs.fromPing(r.stdout() + "\n" + r.stderr(), by);
    }

    /**
     * Echo replies sent by every lab namespace (Icmp OutEchoReps from /proc/net/snmp plus
     * Icmp6OutEchoReplies from /proc/net/snmp6): who answered a ping, without touching rules.
     */
    static Map<String, Long> echoReplies(KernelLab lab) {
        Map<String, Long> counts = new HashMap<>();
        for (String ns : lab.namespaces()) {
            CommandResult r = lab.exec(ns, "cat", "/proc/net/snmp", "/proc/net/snmp6");
            String[] header = null;
            long v6 = 0;
            for (String line : r.stdout().split("\n")) {
                if (line.startsWith("Icmp6OutEchoReplies")) {
                    v6 = Long.parseLong(line.trim().split("\\s+")[1]);
                }
                if (!line.startsWith("Icmp: ")) {
                    continue;
                }
                String[] fields = line.substring(6).trim().split("\\s+");
                if (header == null) {
                    header = fields;
                } else {
                    int i = List.of(header).indexOf("OutEchoReps");
                    if (i >= 0 && i < fields.length) {
                        counts.merge(ns, Long.parseLong(fields[i]), Long::sum);
                    }
                }
            }
            counts.merge(ns, v6, Long::sum);
        }
        return counts;
    }
}
