package io.nflint.lower;

import io.nflint.ir.AddressRange;
import io.nflint.ir.IpNet;
import java.util.List;
import java.util.Set;

/** The values a field is tested against: a set written the way the rule wrote it. */
public sealed interface Values {

    /** Addresses under a mask (prefixes and iptables' non-contiguous masks); any of the list. */
    record Nets(List<IpNet> nets) implements Values {
        public Nets {
            nets = List.copyOf(nets);
        }
    }

    /** An inclusive address range. */
    record Addresses(AddressRange range) implements Values {
    }

    /** An inclusive integer interval: ports, protocol numbers, ICMP types and codes, TTLs, ether types. */
    record Interval(long lo, long hi) implements Values {
        public static Interval of(long v) {
            return new Interval(v, v);
        }

        public boolean contains(long v) {
            return v >= lo && v <= hi;
        }
    }

    /**
     * {@code (field & mask) == value}: marks and TCP flags. {@code normalized} says the rule compares
     * {@code value & mask} (mark, connmark) rather than the value as written (tcp flags).
     */
    record Masked(long value, long mask) implements Values {
        public boolean matches(long v) {
            return (v & mask) == value;
        }
    }

    /** A device name, or every name with a prefix when it ends in {@code +}. */
    record Name(String pattern) implements Values {
        public boolean matches(String name) {
            return pattern.endsWith("+") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
        }
    }

    /** A MAC address under a mask (all ones when null); lower-case, colon-separated. */
    record Mac(String mac, String mask) implements Values {
    }

    /** Named values of an enumerated field (ct state, ct status, address types, packet types), in the rule's order. */
    record Symbols(Set<String> names) implements Values {
    }
}
