package io.nflint.host;

import java.util.Arrays;
import java.util.List;

/**
 * One set from {@code ipset save}.
 *
 * @param type           verbatim, e.g. {@code hash:net,port}
 * @param v6             {@code family inet6}
 * @param createOptions  everything after the type on the create line, verbatim
 * @param contentsKnown  false for sets known only by name (inferred from rules): lookups are unknown
 */
public record IpSet(String name, String type, boolean v6, List<String> createOptions,
                    List<IpSetEntry> entries, boolean contentsKnown) {

    private static final List<String> DIMENSIONS = List.of("ip", "net", "port", "iface", "mark", "mac", "set");

    public IpSet {
        createOptions = List.copyOf(createOptions);
        // a packed list (millions of addresses as primitives) is read-only already: copying would unpack it
        entries = entries instanceof PackedAddressEntries ? entries : List.copyOf(entries);
    }

    /** A set the rules mention but whose members we do not have. */
    public static IpSet unknownContents(String name) {
        return new IpSet(name, "", false, List.of(), List.of(), false);
    }

    /** {@code hash}, {@code bitmap} or {@code list}. */
    public String method() {
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(0, colon);
    }

    /** The dimensions after the colon, e.g. [net, port]. */
    public List<String> dimensions() {
        int colon = type.indexOf(':');
        return colon < 0 ? List.of() : Arrays.asList(type.substring(colon + 1).split(","));
    }

    /** True when entries were parsed into typed parts and lookups can be answered. */
    public boolean modelled() {
        String m = method();
        if (!(m.equals("hash") || m.equals("bitmap") || m.equals("list"))) {
            return false;
        }
        List<String> dims = dimensions();
        if (dims.isEmpty() || !DIMENSIONS.containsAll(dims)) {
            return false;
        }
        return m.equals("list") ? dims.equals(List.of("set")) : !dims.contains("set");
    }

    /**
     * The memory its entries take, by the set's own accounting: exact for packed single addresses and
     * networks ({@link PackedAddressEntries#BYTES_PER_ENTRY} each), an estimate for entries kept as objects.
     */
    public long entryBytes() {
        return entries instanceof PackedAddressEntries p ? p.bytes() : entries.size() * OBJECT_ENTRY_BYTES;
    }

    /** An entry as objects: the record, its text, its parts and their addresses (measured with a heap histogram). */
    static final long OBJECT_ENTRY_BYTES = 200;

    /** The value of a create option such as {@code netmask 24}, or null. */
    public String createOption(String key) {
        for (int i = 0; i + 1 < createOptions.size(); i++) {
            if (createOptions.get(i).equals(key)) {
                return createOptions.get(i + 1);
            }
        }
        return null;
    }
}
