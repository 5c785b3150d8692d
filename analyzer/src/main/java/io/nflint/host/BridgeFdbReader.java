package io.nflint.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code bridge -j fdb show}: the MAC addresses each bridge port has learned. Entries without
 * a master are the device's own; "permanent" ones are the port's own address, not a neighbour behind it.
 */
final class BridgeFdbReader {

    /** A port and the bridge it belongs to. */
    record Port(String name, String bridge) {
    }

    private BridgeFdbReader() {
    }

    static Map<Port, List<String>> read(LocatedJson doc) throws BundleFormatException {
        Map<Port, List<String>> out = new LinkedHashMap<>();
        for (JsonCursor e : doc.root().array()) {
            e.requireObject();
            String master = e.get("master").optText();
            String mac = e.get("mac").optText();
            String state = e.get("state").optText();
            if (master == null || mac == null || "permanent".equals(state) || e.get("flags").textList().contains("self")) {
                continue;
            }
            String port = e.get("ifname").text();
            out.computeIfAbsent(new Port(port, master), k -> new java.util.ArrayList<>()).add(mac.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
