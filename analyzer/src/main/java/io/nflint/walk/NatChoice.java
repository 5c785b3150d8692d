package io.nflint.walk;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import java.util.List;

/**
 * Which address and port a NAT target picks from its ranges, as nf_nat_core's get_unique_tuple
 * does for one connection without clashes: SNAT keeps a source already inside the range (address
 * and, when given, port); otherwise the address is the kernel's hash choice ({@link NatRangeHash}),
 * and a port already inside the port range is kept, else the first of the range is taken (DNAT
 * searches from the range's start; SNAT starts at a random offset, which a note says).
 */
final class NatChoice {

    record Picked(Ip address, int port, String note) {
    }

    private NatChoice() {
    }

    /**
     * @param forSource SNAT (rewrites the source) rather than DNAT
     */
    static Picked pick(List<NatRange> ranges, Packet pkt, boolean forSource, boolean persistent) {
        NatRange r = ranges.get(0);
        StringBuilder note = new StringBuilder();
        if (ranges.size() > 1) {
            note.append("several --to ranges: took the first (").append(r).append("). ");
        }
        Ip current = forSource ? pkt.src() : pkt.dst();
        int currentPort = forSource ? pkt.sport() : pkt.dport();
        boolean hasPorts = pkt.hasPorts();
        AddressRange a = r.addresses();
        boolean portInRange = r.ports() == null || !hasPorts || r.ports().contains(currentPort);
        if (forSource && (a == null || a.contains(current)) && portInRange) {
            return new Picked(current, currentPort, note.toString().strip());
        }
        Ip address = current;
        if (a != null) {
            address = NatRangeHash.pick(a, pkt.src(), pkt.dst(), persistent, forSource);
            if (!a.from().equals(a.to())) {
                note.append("address range ").append(a).append(": the kernel's hash of the addresses")
                        .append(persistent ? " (persistent: of the source alone)" : "").append(" picks ")
                        .append(address).append(". ");
            }
        }
        int port = pickPort(r.ports(), currentPort, hasPorts, note);
        return new Picked(address, port, note.toString().strip());
    }

    static int pickPort(PortRange ports, int currentPort, boolean hasPorts, StringBuilder note) {
        if (ports == null || !hasPorts) {
            return currentPort;
        }
        if (ports.contains(currentPort)) {
            return currentPort;
        }
        if (ports.size() > 1) {
            note.append("port range ").append(ports).append(": took ").append(ports.lo())
                    .append(" (the kernel takes the first free port it finds from a starting offset). ");
        }
        return ports.lo();
    }
}
