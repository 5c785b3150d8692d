package io.nflint.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code ip -j -d link}: the link kind from {@code linkinfo.info_kind} and, for bridge
 * ports, hairpin mode from {@code linkinfo.info_slave_data}.
 */
final class IpLinkReader {

    private IpLinkReader() {
    }

    static List<NetInterface> read(LocatedJson doc) throws BundleFormatException {
        List<NetInterface> out = new ArrayList<>();
        for (JsonCursor link : doc.root().array()) {
            link.requireObject();
            String name = link.get("ifname").text();
            List<String> flags = link.get("flags").textList();
            JsonCursor info = link.get("linkinfo");
            InterfaceKind kind = "loopback".equals(link.get("link_type").optText()) || flags.contains("LOOPBACK")
                    ? InterfaceKind.LOOPBACK
                    : InterfaceKind.fromInfoKind(info.get("info_kind").optText());
            Boolean hairpin = "bridge".equals(info.get("info_slave_kind").optText())
                    ? info.get("info_slave_data").get("hairpin").optBool()
                    : null;
            out.add(new NetInterface(name, link.get("ifindex").optInt(0), kind, link.get("master").optText(),
                    List.of(), flags.contains("UP"), hairpin, link.get("address").optText()));
        }
        return out;
    }
}
