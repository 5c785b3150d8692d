package io.nflint.host;

import io.nflint.ir.Ip;
import java.util.Locale;

/** One comma-separated component of an ipset entry, typed by the set's dimension. */
public sealed interface SetPart {

    /** An address, CIDR or {@code a-b} range; {@code prefixLen} orders nomatch specificity. */
    record Addr(Ip first, Ip last, int prefixLen) implements SetPart {
        boolean contains(Ip ip) {
            return ip.v6() == first.v6() && ip.compareTo(first) >= 0 && ip.compareTo(last) <= 0;
        }
    }

    /** {@code [proto:]port[-port]}; ICMP entries keep their type/code text in {@code icmp}. */
    record Port(String proto, int lo, int hi, String icmp) implements SetPart {
        boolean isIcmp() {
            return icmp != null;
        }
    }

    record Iface(String name, boolean physdev) implements SetPart {
    }

    record Mark(long value) implements SetPart {
    }

    record Mac(String mac) implements SetPart {
        public Mac {
            mac = mac.toLowerCase(Locale.ROOT);
        }
    }

    /** A member set of a list:set. */
    record SetName(String name) implements SetPart {
    }
}
