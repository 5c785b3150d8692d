package io.nflint.lower.nft;

import io.nflint.ir.nft.NftExpr;
import io.nflint.lower.Field;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import java.util.List;
import java.util.Map;

/**
 * Which {@link Field} an nft selector reads, what kind of constant it is compared with, and the
 * protocol dependency nft itself adds in front of it ({@code tcp dport} reads the port only of a
 * TCP packet; {@code ip saddr} in an inet table only of an IPv4 one): that guard holds also under
 * {@code !=}, as the kernel evaluates the dependency as its own expression.
 */
final class NftSelectors {

    private NftSelectors() {
    }

    /** How the constants of a field are read. */
    enum Kind { ADDRESS, NUMBER, NAME, STATE, LOWER_SYMBOL, MARK, TCP_FLAGS, MAC }

    /** A field selector: {@code number} says how to read a NUMBER constant's names. */
    record Sel(Field field, Kind kind, NftConstants.Kind number, Pred guard) {
    }

    private static final Map<String, Long> L4 = Map.of("tcp", 6L, "udp", 17L, "sctp", 132L, "dccp", 33L,
            "udplite", 136L, "icmp", 1L, "icmpv6", 58L);

    /** The selector's field, or null when nflint does not model what it reads. */
    static Sel of(NftExpr e) {
        if (e instanceof NftExpr.Payload p) {
            return payload(p.protocol(), p.field());
        }
        if (e instanceof NftExpr.Meta m) {
            return meta(m.key());
        }
        if (e instanceof NftExpr.Ct c) {
            return ct(c);
        }
        if (e instanceof NftExpr.Fib f) {
            return fib(f);
        }
        return null;
    }

    private static Pred etherType(long type) {
        return new Pred.Implied(new Pred.Test(Field.ETHER_TYPE, Values.Interval.of(type)));
    }

    private static Pred l4(String proto) {
        return new Pred.Implied(new Pred.Test(Field.L4PROTO, Values.Interval.of(L4.get(proto))));
    }

    private static Sel num(Field f, NftConstants.Kind k, Pred guard) {
        return new Sel(f, Kind.NUMBER, k, guard);
    }

    private static Sel payload(String proto, String field) {
        switch (proto) {
            case "ip", "ip6" -> {
                Pred g = etherType(proto.equals("ip") ? 0x0800 : 0x86dd);
                return switch (field) {
                    case "saddr" -> new Sel(Field.IP_SADDR, Kind.ADDRESS, null, g);
                    case "daddr" -> new Sel(Field.IP_DADDR, Kind.ADDRESS, null, g);
                    case "protocol", "nexthdr" -> num(Field.L4PROTO, NftConstants.Kind.PROTOCOL, g);
                    default -> null;
                };
            }
            case "tcp", "udp", "sctp", "dccp", "udplite" -> {
                return switch (field) {
                    case "sport" -> num(Field.TH_SPORT, NftConstants.Kind.PORT, l4(proto));
                    case "dport" -> num(Field.TH_DPORT, NftConstants.Kind.PORT, l4(proto));
                    case "flags" -> proto.equals("tcp") ? new Sel(Field.TCP_FLAGS, Kind.TCP_FLAGS, null, l4(proto)) : null;
                    default -> null;
                };
            }
            case "th" -> {
                return switch (field) {
                    case "sport" -> num(Field.TH_SPORT, NftConstants.Kind.PORT, null);
                    case "dport" -> num(Field.TH_DPORT, NftConstants.Kind.PORT, null);
                    default -> null;
                };
            }
            case "icmp" -> {
                return switch (field) {
                    case "type" -> num(Field.ICMP_TYPE, NftConstants.Kind.ICMP_TYPE, l4(proto));
                    case "code" -> num(Field.ICMP_CODE, NftConstants.Kind.NUMBER, l4(proto));
                    default -> null;
                };
            }
            case "icmpv6" -> {
                return switch (field) {
                    case "type" -> num(Field.ICMPV6_TYPE, NftConstants.Kind.ICMPV6_TYPE, l4(proto));
                    case "code" -> num(Field.ICMPV6_CODE, NftConstants.Kind.NUMBER, l4(proto));
                    default -> null;
                };
            }
            case "ether" -> {
                return switch (field) {
                    case "saddr" -> new Sel(Field.ETHER_SADDR, Kind.MAC, null, null);
                    case "daddr" -> new Sel(Field.ETHER_DADDR, Kind.MAC, null, null);
                    case "type" -> num(Field.ETHER_TYPE, NftConstants.Kind.ETHER_TYPE, null);
                    default -> null;
                };
            }
            default -> {
                return null;
            }
        }
    }

    private static Sel meta(String key) {
        return switch (key) {
            case "l4proto" -> num(Field.L4PROTO, NftConstants.Kind.PROTOCOL, null);
            case "iifname", "iif" -> new Sel(Field.IIFNAME, Kind.NAME, null, null);
            case "oifname", "oif" -> new Sel(Field.OIFNAME, Kind.NAME, null, null);
            case "ibrname", "ibridgename" -> new Sel(Field.IBRNAME, Kind.NAME, null, null);
            case "obrname", "obridgename" -> new Sel(Field.OBRNAME, Kind.NAME, null, null);
            case "mark" -> new Sel(Field.META_MARK, Kind.MARK, null, null);
            case "pkttype" -> new Sel(Field.PKTTYPE, Kind.LOWER_SYMBOL, null, null);
            case "nfproto", "protocol" -> num(Field.ETHER_TYPE, NftConstants.Kind.ETHER_TYPE, null);
            default -> null;
        };
    }

    private static Sel ct(NftExpr.Ct c) {
        String dir = c.direction();
        if (dir == null || dir.isEmpty()) {
            return switch (c.key()) {
                case "state" -> new Sel(Field.CT_STATE, Kind.STATE, null, null);
                case "status" -> new Sel(Field.CT_STATUS, Kind.STATE, null, null);
                case "mark" -> new Sel(Field.CT_MARK, Kind.MARK, null, null);
                case "protocol" -> num(Field.CT_PROTO, NftConstants.Kind.PROTOCOL, null);
                default -> null;
            };
        }
        boolean original = dir.equals("original");
        return switch (c.key()) {
            case "saddr", "ip saddr", "ip6 saddr" ->
                    new Sel(original ? Field.CT_ORIGINAL_SADDR : Field.CT_REPLY_SADDR, Kind.ADDRESS, null, null);
            case "daddr", "ip daddr", "ip6 daddr" ->
                    new Sel(original ? Field.CT_ORIGINAL_DADDR : Field.CT_REPLY_DADDR, Kind.ADDRESS, null, null);
            case "proto-src" -> num(original ? Field.CT_ORIGINAL_SPORT : Field.CT_REPLY_SPORT, NftConstants.Kind.PORT, null);
            case "proto-dst" -> num(original ? Field.CT_ORIGINAL_DPORT : Field.CT_REPLY_DPORT, NftConstants.Kind.PORT, null);
            case "protocol" -> num(Field.CT_PROTO, NftConstants.Kind.PROTOCOL, null);
            default -> null;
        };
    }

    private static Sel fib(NftExpr.Fib f) {
        if (!"type".equals(f.result())) {
            return null;
        }
        List<String> flags = f.flags();
        boolean s = flags.contains("saddr");
        boolean d = flags.contains("daddr");
        if (s == d || flags.contains("mark")) {
            return null;
        }
        boolean iif = flags.contains("iif");
        boolean oif = flags.contains("oif");
        Field field = s ? (iif ? Field.FIB_SADDR_IIF_TYPE : oif ? Field.FIB_SADDR_OIF_TYPE : Field.FIB_SADDR_TYPE)
                : (iif ? Field.FIB_DADDR_IIF_TYPE : oif ? Field.FIB_DADDR_OIF_TYPE : Field.FIB_DADDR_TYPE);
        return new Sel(field, Kind.STATE, null, null);
    }
}
