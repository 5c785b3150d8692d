package io.nflint.host;

import io.nflint.ir.Ip;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code ip -j addr}: interfaces with their addresses; kinds are only LOOPBACK or OTHER here. */
final class IpAddrReader {

    private IpAddrReader() {
    }

    static List<NetInterface> read(LocatedJson doc) throws BundleFormatException {
        List<NetInterface> out = new ArrayList<>();
        for (JsonCursor link : doc.root().array()) {
            link.requireObject();
            String name = link.get("ifname").text();
            int index = link.get("ifindex").optInt(0);
            List<String> flags = link.get("flags").textList();
            InterfaceKind kind = "loopback".equals(link.get("link_type").optText()) || flags.contains("LOOPBACK")
                    ? InterfaceKind.LOOPBACK : InterfaceKind.OTHER;
            List<IfAddress> addrs = new ArrayList<>();
            for (JsonCursor a : link.get("addr_info").array()) {
                // older iproute2 prints {} for addresses it filtered out
                if (a.get("local").missing()) {
                    continue;
                }
                Ip ip = a.get("local").optIp();
                int len = a.get("prefixlen").optInt(ip.bits());
                if (len < 0 || len > ip.bits()) {
                    throw a.get("prefixlen").fail("prefix length " + len + " out of range for " + ip);
                }
                String family = a.get("family").optText();
                if (family != null && (family.equals("inet6") != ip.v6())) {
                    throw a.get("local").fail("address " + ip + " does not match family " + family);
                }
                String scopeText = a.get("scope").optText();
                Integer scope = scopeText == null ? null : IfAddress.scopeOf(scopeText);
                if (scopeText != null && scope == null) {
                    throw a.get("scope").fail("unknown address scope '" + scopeText + "'");
                }
                addrs.add(new IfAddress(ip, len, a.get("secondary").optBool(false),
                        scope == null ? IfAddress.defaultScope(ip) : scope));
            }
            out.add(new NetInterface(name, index, kind, link.get("master").optText(), addrs, flags.contains("UP"),
                    null, link.get("address").optText()));
        }
        return out;
    }
}
