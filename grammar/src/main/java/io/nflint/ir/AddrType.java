package io.nflint.ir;

import java.util.Locale;
import java.util.Optional;

/** Address types of {@code -m addrtype}, as the kernel's routing classifies addresses. */
public enum AddrType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE;

    public static Optional<AddrType> parse(String s) {
        try {
            return Optional.of(valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
