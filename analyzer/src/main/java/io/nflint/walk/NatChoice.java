package io.nflint.walk;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import java.util.List;

/**
 * Which address and port a NAT target picks from its ranges, as nf_nat_core's get_unique_tuple
 * does for one connection without clashes: an address or port already inside the range is kept,
 * otherwise the first of the range is taken (the kernel hashes across address ranges and searches
 * port ranges for a free tuple; both are said in a note when they matter).
 */
final class NatChoice {

    record Picked(Ip address, int port, String note) {
    }

    private NatChoice() {
    }

    static Picked pick(List<NatRange> ranges, Ip currentAddress, int currentPort, boolean hasPorts) {
        NatRange r = ranges.get(0);
        StringBuilder note = new StringBuilder();
        if (ranges.size() > 1) {
            note.append("several --to ranges: took the first (").append(r).append("). ");
        }
        Ip address = currentAddress;
        AddressRange a = r.addresses();
        if (a != null) {
            if (a.contains(currentAddress)) {
                address = currentAddress;
            } else {
                address = a.from();
                if (!a.from().equals(a.to())) {
                    note.append("address range ").append(a).append(": took ").append(a.from())
                            .append(" (the kernel spreads connections over the range by a hash). ");
                }
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
