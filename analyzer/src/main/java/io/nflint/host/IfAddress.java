package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

/**
 * An address configured on an interface, with the prefix length it was configured with, whether the
 * kernel made it a secondary (a second address in a subnet the interface already has: never chosen
 * as a source) and its scope ({@link #SCOPE_GLOBAL}, {@link #SCOPE_LINK}, {@link #SCOPE_HOST}, as
 * {@code ip addr} prints it), which decides where the kernel may use it as a source.
 */
public record IfAddress(Ip address, int prefixLen, boolean secondary, int scope) {

    public static final int SCOPE_GLOBAL = 0;
    public static final int SCOPE_SITE = 200;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;

    public IfAddress {
        if (prefixLen < 0 || prefixLen > address.bits()) {
            throw new IllegalArgumentException("prefix length " + prefixLen + " for " + address);
        }
    }

    /** A primary address with the scope the kernel gives it by default (host for 127/8 and ::1, link for fe80::/10). */
    public IfAddress(Ip address, int prefixLen) {
        this(address, prefixLen, false, defaultScope(address));
    }

    public static int defaultScope(Ip ip) {
        if (!ip.v6()) {
            return (ip.v4Value() >>> 24) == 127 ? SCOPE_HOST : SCOPE_GLOBAL;
        }
        if (ip.hi() == 0 && ip.lo() == 1) {
            return SCOPE_HOST;
        }
        return (ip.hi() >>> 54) == 0x3fa ? SCOPE_LINK : SCOPE_GLOBAL;
    }

    /** {@code ip addr}'s scope word (or number) as a scope value; null for a word it does not know. */
    public static Integer scopeOf(String text) {
        return switch (text) {
            case "global", "universe" -> SCOPE_GLOBAL;
            case "site" -> SCOPE_SITE;
            case "link" -> SCOPE_LINK;
            case "host" -> SCOPE_HOST;
            default -> text.matches("\\d{1,3}") ? Integer.valueOf(Integer.parseInt(text)) : null;
        };
    }

    /** The on-link subnet this address implies. */
    public IpNet subnet() {
        return IpNet.of(address, prefixLen);
    }

    public boolean v6() {
        return address.v6();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLen;
    }
}
