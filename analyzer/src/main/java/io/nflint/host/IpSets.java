package io.nflint.host;

import io.nflint.ir.Ip;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's ipsets with the kernel's membership test. Lookups answer with an empty Optional
 * whenever the answer is not determined by what we have (unknown set, unmodelled type, a packet
 * field the set needs but the caller did not give), so that callers can fork on both outcomes.
 */
public final class IpSets {

    private static final IpSets EMPTY = new IpSets(Map.of());

    /** list:set cannot nest in the kernel; the guard only protects us from a crafted file. */
    private static final int MAX_LIST_DEPTH = 4;

    private final Map<String, IpSet> sets;

    private IpSets(Map<String, IpSet> sets) {
        this.sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    }

    public static IpSets of(List<IpSet> sets) {
        Map<String, IpSet> map = new LinkedHashMap<>();
        for (IpSet s : sets) {
            map.put(s.name(), s);
        }
        return new IpSets(map);
    }

    public static IpSets empty() {
        return EMPTY;
    }

    public Map<String, IpSet> all() {
        return sets;
    }

    public Optional<IpSet> get(String name) {
        return Optional.ofNullable(sets.get(name));
    }

    /** A copy with {@code set} added, replacing a set of the same name. */
    public IpSets with(IpSet set) {
        Map<String, IpSet> map = new LinkedHashMap<>(sets);
        map.put(set.name(), set);
        return new IpSets(map);
    }

    /** Single-dimension address lookup, as {@code --match-set NAME src} with {@code addr} as source. */
    public Optional<Boolean> contains(String name, Ip addr) {
        return contains(name, SetPacket.of(addr, null, null, null, null), List.of(SetDir.SRC));
    }

    /** {@code hash:ip,port}-style lookup, as {@code --match-set NAME src,src}. */
    public Optional<Boolean> contains(String name, Ip addr, String proto, int port) {
        return contains(name, SetPacket.of(addr, null, proto, port, null), List.of(SetDir.SRC, SetDir.SRC));
    }

    /**
     * {@code -m set --match-set NAME flags}: dimension i reads the packet side {@code flags[i]};
     * dimensions beyond the given flags read the destination, as xt_set does.
     */
    public Optional<Boolean> contains(String name, SetPacket packet, List<SetDir> flags) {
        return contains(name, packet, flags, 0);
    }

    private Optional<Boolean> contains(String name, SetPacket packet, List<SetDir> flags, int depth) {
        IpSet set = sets.get(name);
        if (set == null || !set.contentsKnown() || !set.modelled() || depth > MAX_LIST_DEPTH) {
            return Optional.empty();
        }
        if (set.method().equals("list")) {
            return listContains(set, packet, flags, depth);
        }
        List<String> dims = set.dimensions();
        // an address of the other family never matches (the kernel looks up inet6 sets only for IPv6)
        for (int i = 0; i < dims.size(); i++) {
            String d = dims.get(i);
            if (d.equals("ip") || d.equals("net")) {
                Ip probe = dir(flags, i) == SetDir.SRC ? packet.src() : packet.dst();
                if (probe != null && probe.v6() != set.v6()) {
                    return Optional.of(false);
                }
            }
        }
        if (set.entries() instanceof PackedAddressEntries packed) {
            // one address dimension, no nomatch entries: whether any interval holds the address
            Ip probe = dir(flags, 0) == SetDir.SRC ? packet.src() : packet.dst();
            return packed.isEmpty() ? Optional.of(false) : probe == null ? Optional.empty() : Optional.of(packed.contains(probe));
        }
        boolean unknown = false;
        IpSetEntry best = null;
        int bestSpecificity = -1;
        for (IpSetEntry entry : set.entries()) {
            Optional<Boolean> m = entryMatches(set, entry, packet, flags);
            if (m.isEmpty()) {
                unknown = true;
            } else if (m.get()) {
                int spec = specificity(entry);
                if (spec > bestSpecificity) {
                    best = entry;
                    bestSpecificity = spec;
                }
            }
        }
        if (unknown) {
            return Optional.empty();
        }
        // hash:*net* sets pick the most specific matching entry; a nomatch entry there excludes
        return Optional.of(best != null && !best.nomatch());
    }

    private Optional<Boolean> listContains(IpSet set, SetPacket packet, List<SetDir> flags, int depth) {
        boolean unknown = false;
        for (IpSetEntry entry : set.entries()) {
            if (entry.parts().isEmpty() || !(entry.parts().get(0) instanceof SetPart.SetName member)) {
                unknown = true;
                continue;
            }
            Optional<Boolean> r = contains(member.name(), packet, flags, depth + 1);
            if (r.isEmpty()) {
                unknown = true;
            } else if (r.get()) {
                return Optional.of(true);
            }
        }
        return unknown ? Optional.empty() : Optional.of(false);
    }

    private static SetDir dir(List<SetDir> flags, int i) {
        return i < flags.size() ? flags.get(i) : SetDir.DST;
    }

    private static int specificity(IpSetEntry entry) {
        int s = 0;
        for (SetPart p : entry.parts()) {
            if (p instanceof SetPart.Addr a) {
                s += a.prefixLen();
            }
        }
        return s;
    }

    /** Kleene AND over the entry's dimensions. */
    private static Optional<Boolean> entryMatches(IpSet set, IpSetEntry entry, SetPacket packet, List<SetDir> flags) {
        List<SetPart> parts = entry.parts();
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        boolean unknown = false;
        for (int i = 0; i < parts.size(); i++) {
            Optional<Boolean> m = partMatches(set, parts.get(i), packet, dir(flags, i));
            if (m.isPresent() && !m.get()) {
                return Optional.of(false);
            }
            unknown |= m.isEmpty();
        }
        return unknown ? Optional.empty() : Optional.of(true);
    }

    private static Optional<Boolean> partMatches(IpSet set, SetPart part, SetPacket p, SetDir dir) {
        boolean src = dir == SetDir.SRC;
        if (part instanceof SetPart.Addr a) {
            Ip ip = src ? p.src() : p.dst();
            return ip == null ? Optional.empty() : Optional.of(a.contains(ip));
        }
        if (part instanceof SetPart.Port port) {
            return portMatches(set, port, p, src);
        }
        if (part instanceof SetPart.Iface iface) {
            String name = iface.physdev() ? (src ? p.physIn() : p.physOut()) : (src ? p.inIface() : p.outIface());
            return name == null ? Optional.empty() : Optional.of(name.equals(iface.name()));
        }
        if (part instanceof SetPart.Mark mark) {
            if (p.mark() == null) {
                return Optional.empty();
            }
            String mm = set.createOption("markmask");
            long mask = mm == null ? 0xffffffffL : Long.decode(mm);
            return Optional.of((p.mark() & mask) == (mark.value() & mask));
        }
        if (part instanceof SetPart.Mac mac) {
            String m = src ? p.srcMac() : p.dstMac();
            return m == null ? Optional.empty() : Optional.of(mac.mac().equalsIgnoreCase(m));
        }
        return Optional.empty();
    }

    private static Optional<Boolean> portMatches(IpSet set, SetPart.Port port, SetPacket p, boolean src) {
        if (p.proto() == null) {
            return Optional.empty();
        }
        if (port.isIcmp()) {
            // we do not carry ICMP type/code in SetPacket: an ICMP packet against an ICMP entry is open
            return p.proto().equals(port.proto()) ? Optional.empty() : Optional.of(false);
        }
        Integer value = src ? p.sport() : p.dport();
        // bitmap:port entries carry no protocol; the kernel takes the port of any protocol that has one
        boolean protoOk = set.method().equals("bitmap")
                ? List.of("tcp", "udp", "sctp", "udplite").contains(p.proto())
                : p.proto().equals(port.proto());
        if (!protoOk) {
            return Optional.of(false);
        }
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value >= port.lo() && value <= port.hi());
    }

    public List<String> names() {
        return new ArrayList<>(sets.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpSets s && s.sets.equals(sets);
    }

    @Override
    public int hashCode() {
        return sets.hashCode();
    }

    @Override
    public String toString() {
        return "IpSets" + sets.keySet();
    }
}
