package io.nflint.host;

import io.nflint.ir.PortRange;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code ipset save}: {@code create NAME TYPE [options]} and {@code add NAME ENTRY [options]}.
 * Entries of modelled types are parsed by dimension; others are kept verbatim.
 */
final class IpSetReader {

    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    private IpSetReader() {
    }

    /** A whitespace-separated word and its 1-based column; quotes group words (comment "a b"). */
    private record Word(String text, int column) {
    }

    private static final class SetDraft {
        final String name;
        final String type;
        final boolean v6;
        final List<String> options;
        final List<IpSetEntry> entries = new ArrayList<>();
        /** The entries while every one packs ({@link PackedAddressEntries}); null once one does not, or for other types. */
        PackedAddressEntries packed;

        SetDraft(String name, String type, boolean v6, List<String> options) {
            this.name = name;
            this.type = type;
            this.v6 = v6;
            this.options = options;
            IpSet shape = new IpSet(name, type, v6, options, List.of(), true);
            boolean oneAddress = shape.dimensions().equals(List.of("ip")) || shape.dimensions().equals(List.of("net"));
            boolean plainIp = !shape.dimensions().equals(List.of("ip")) || shape.createOption("netmask") == null;
            if (shape.modelled() && !v6 && oneAddress && plainIp && !shape.method().equals("list")) {
                packed = new PackedAddressEntries();
            }
        }

        /** Adds {@code e}; false when it was kept as an object (counted against the object limit). */
        boolean add(IpSetEntry e) {
            if (packed != null && !e.nomatch() && e.options().isEmpty() && e.parts().size() == 1
                    && e.parts().get(0) instanceof SetPart.Addr a && packed.add(e.raw(), a)) {
                return true;
            }
            if (packed != null) {
                entries.addAll(packed.freeze());
                packed = null;
            }
            entries.add(e);
            return false;
        }

        IpSet build() {
            return new IpSet(name, type, v6, options, packed != null ? packed.freeze() : entries, true);
        }
    }

    /**
     * Counted limits on what a file may hold, so that a huge file ends in a positioned message instead
     * of running out of memory: packed addresses take 13 bytes each, entries kept as objects a few
     * hundred. The defaults fit the default heap of a machine with 8 GB; raise them (and -Xmx) with
     * the system properties the message names.
     */
    static final long MAX_PACKED = InputFiles.Limit.count("nflint.ipset.maxAddressEntries", 150_000_000L);
    static final long MAX_OBJECTS = InputFiles.Limit.count("nflint.ipset.maxEntries", 4_000_000L);

    /** Streams the file: an ipset save of several gigabytes is real on some hosts, so it has no size limit. */
    static IpSets read(Path file) throws BundleFormatException {
        return read(file, MAX_PACKED, MAX_OBJECTS);
    }

    /** The same with other limits (tests). */
    static IpSets read(Path file, long maxPacked, long maxObjects) throws BundleFormatException {
        try (Lines.Stream lines = Lines.stream(file)) {
            return read(file, lines, maxPacked, maxObjects);
        }
    }

    private static IpSets read(Path file, Lines.Stream lines, long maxPacked, long maxObjects) throws BundleFormatException {
        Map<String, SetDraft> sets = new LinkedHashMap<>();
        long packedCount = 0;
        long objectCount = 0;
        for (String text = lines.next(); text != null; text = lines.next()) {
            int lineNo = lines.number();
            List<Word> words = split(file, lineNo, text);
            if (words.isEmpty() || words.get(0).text.startsWith("#")) {
                continue;
            }
            Word cmd = words.get(0);
            switch (cmd.text) {
                case "create", "-N", "-exist" -> {
                    if (words.size() < 3) {
                        throw new BundleFormatException(file, lineNo, cmd.column, "create needs a set name and a type");
                    }
                    String name = words.get(1).text;
                    if (sets.containsKey(name)) {
                        throw new BundleFormatException(file, lineNo, words.get(1).column,
                                "set " + Lines.quote(name) + " is created twice");
                    }
                    List<String> opts = words.subList(3, words.size()).stream().map(Word::text).toList();
                    int fam = opts.indexOf("family");
                    boolean v6 = fam >= 0 && fam + 1 < opts.size() && opts.get(fam + 1).equals("inet6");
                    sets.put(name, new SetDraft(name, words.get(2).text, v6, opts));
                }
                case "add", "-A" -> {
                    if (words.size() < 3) {
                        throw new BundleFormatException(file, lineNo, cmd.column, "add needs a set name and an entry");
                    }
                    SetDraft set = sets.get(words.get(1).text);
                    if (set == null) {
                        throw new BundleFormatException(file, lineNo, words.get(1).column,
                                "add to set " + Lines.quote(words.get(1).text) + ", which no create line defines above");
                    }
                    if (set.add(entry(file, lineNo, set, words))) {
                        packedCount++;
                    } else {
                        objectCount++;
                    }
                    if (packedCount > maxPacked || objectCount > maxObjects) {
                        boolean addresses = packedCount > maxPacked;
                        throw new BundleFormatException(file, lineNo, cmd.column, String.format(java.util.Locale.ROOT,
                                "more than %,d ipset entries%s: nflint stops here rather than run out of memory;"
                                        + " raise the limit with -D%s=N (and the heap with -Xmx, in NFLINT_JAVA_OPTS)",
                                addresses ? maxPacked : maxObjects,
                                addresses ? " of single IPv4 addresses or networks" : " with options, several dimensions or IPv6",
                                addresses ? "nflint.ipset.maxAddressEntries" : "nflint.ipset.maxEntries"));
                    }
                }
                default -> throw new BundleFormatException(file, lineNo, cmd.column,
                        "expected \"create\" or \"add\", found \"" + Lines.quote(cmd.text) + "\"");
            }
        }
        return IpSets.of(sets.values().stream().map(SetDraft::build).toList());
    }

    private static IpSetEntry entry(Path file, int line, SetDraft set, List<Word> words) throws BundleFormatException {
        Word elem = words.get(2);
        List<String> options = new ArrayList<>();
        boolean nomatch = false;
        for (Word w : words.subList(3, words.size())) {
            if (w.text.equals("nomatch")) {
                nomatch = true;
            } else {
                options.add(w.text);
            }
        }
        IpSet shape = new IpSet(set.name, set.type, set.v6, set.options, List.of(), true);
        if (!shape.modelled()) {
            return new IpSetEntry(elem.text, List.of(), nomatch, options);
        }
        List<String> dims = shape.dimensions();
        String[] comps = elem.text.split(",", -1);
        if (comps.length != dims.size()) {
            throw new BundleFormatException(file, line, elem.column,
                    set.type + " entry needs " + dims.size() + " comma-separated part(s), found \"" + Lines.quote(elem.text) + "\"");
        }
        List<SetPart> parts = new ArrayList<>();
        int col = elem.column;
        for (int d = 0; d < dims.size(); d++) {
            String c = comps[d];
            SetPart part = part(shape, dims.get(d), c);
            if (part == null) {
                throw new BundleFormatException(file, line, col, "not a valid " + dims.get(d) + " for "
                        + set.type + (set.v6 ? " (family inet6)" : "") + ": \"" + Lines.quote(c) + "\"");
            }
            parts.add(part);
            col += c.length() + 1;
        }
        return new IpSetEntry(elem.text, parts, nomatch, options);
    }

    /** Null when {@code text} is not a valid value of dimension {@code dim}. */
    private static SetPart part(IpSet set, String dim, String text) {
        switch (dim) {
            case "ip", "net" -> {
                return addr(set, dim, text);
            }
            case "port" -> {
                return port(set, text);
            }
            case "iface" -> {
                boolean phys = text.startsWith("physdev:");
                String name = phys ? text.substring("physdev:".length()) : text;
                return name.isEmpty() ? null : new SetPart.Iface(name, phys);
            }
            case "mark" -> {
                try {
                    return new SetPart.Mark(Long.decode(text));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case "mac" -> {
                return MAC.matcher(text).matches() ? new SetPart.Mac(text) : null;
            }
            case "set" -> {
                return text.isEmpty() ? null : new SetPart.SetName(text);
            }
            default -> {
                return null;
            }
        }
    }

    private static SetPart addr(IpSet set, String dim, String text) {
        int dash = text.indexOf('-');
        if (dash > 0) {
            Optional<Ip> lo = Ip.parse(text.substring(0, dash));
            Optional<Ip> hi = Ip.parse(text.substring(dash + 1));
            if (lo.isEmpty() || hi.isEmpty() || lo.get().v6() != set.v6() || hi.get().v6() != set.v6()
                    || lo.get().compareTo(hi.get()) > 0) {
                return null;
            }
            return new SetPart.Addr(lo.get(), hi.get(), lo.get().bits());
        }
        Optional<IpNet> net = IpNet.parse(text);
        if (net.isEmpty() || net.get().v6() != set.v6() || net.get().length() < 0) {
            return null;
        }
        IpNet n = net.get();
        // hash:ip with "netmask N" stores and looks up whole /N networks
        String netmask = set.createOption("netmask");
        if (dim.equals("ip") && netmask != null && !text.contains("/")) {
            if (!netmask.matches("\\d{1,3}") || Integer.parseInt(netmask) > n.address().bits()) {
                return null;
            }
            n = IpNet.of(n.address(), Integer.parseInt(netmask));
        }
        return new SetPart.Addr(n.first(), n.last(), n.length());
    }

    private static SetPart port(IpSet set, String text) {
        int colon = text.indexOf(':');
        String proto = colon < 0 ? "tcp" : text.substring(0, colon);
        String value = colon < 0 ? text : text.substring(colon + 1);
        if (proto.equals("icmp") || proto.equals("icmpv6")) {
            return value.isEmpty() ? null : new SetPart.Port(proto, 0, 0, value);
        }
        PortRange range = PortRanges.parse(value);
        if (range == null || proto.isEmpty()) {
            return null;
        }
        return new SetPart.Port(set.method().equals("bitmap") ? "any" : proto, range.lo(), range.hi(), null);
    }

    private static List<Word> split(Path file, int line, String text) throws BundleFormatException {
        List<Word> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder sb = new StringBuilder();
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                char c = text.charAt(i);
                if (c == '"') {
                    int close = text.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new BundleFormatException(file, line, i + 1, "unterminated quoted string");
                    }
                    sb.append(text, i + 1, close);
                    i = close + 1;
                } else {
                    sb.append(c);
                    i++;
                }
            }
            out.add(new Word(sb.toString(), start + 1));
        }
        return out;
    }
}
