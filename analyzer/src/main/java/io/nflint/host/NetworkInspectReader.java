package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code docker network inspect} and {@code podman network inspect}; their schemas differ. */
final class NetworkInspectReader {

    private NetworkInspectReader() {
    }

    static List<NetworkInfo> readDocker(LocatedJson doc) throws BundleFormatException {
        List<NetworkInfo> out = new ArrayList<>();
        for (JsonCursor n : doc.root().array()) {
            n.requireObject();
            String name = n.get("Name").text();
            String id = n.get("Id").optText();
            String driver = n.get("Driver").optText();
            var options = n.get("Options").textMap();
            String bridge = options.get(NetworkInfo.OPT_BRIDGE_NAME);
            if (bridge == null && "bridge".equals(driver) && id != null && id.length() >= 12) {
                // dockerd names a user-defined bridge after the network id unless told otherwise
                bridge = "br-" + id.substring(0, 12);
            }
            List<NetworkSubnet> subnets = new ArrayList<>();
            for (JsonCursor cfg : n.get("IPAM").get("Config").array()) {
                subnets.add(subnet(cfg.get("Subnet"), cfg.get("Gateway")));
            }
            out.add(new NetworkInfo("docker", name, id, driver, bridge, subnets, n.get("Internal").optBool(false),
                    n.get("EnableIPv6").optBool(false), options));
        }
        return out;
    }

    static List<NetworkInfo> readPodman(LocatedJson doc) throws BundleFormatException {
        List<NetworkInfo> out = new ArrayList<>();
        for (JsonCursor n : doc.root().array()) {
            n.requireObject();
            List<NetworkSubnet> subnets = new ArrayList<>();
            for (JsonCursor s : n.get("subnets").array()) {
                subnets.add(subnet(s.get("subnet"), s.get("gateway")));
            }
            out.add(new NetworkInfo("podman", n.get("name").text(), n.get("id").optText(), n.get("driver").optText(),
                    ContainerInspectReader.emptyToNull(n.get("network_interface").optText()), subnets,
                    n.get("internal").optBool(false), n.get("ipv6_enabled").optBool(false),
                    n.get("options").textMap()));
        }
        return out;
    }

    private static NetworkSubnet subnet(JsonCursor subnetField, JsonCursor gatewayField) throws BundleFormatException {
        String text = subnetField.text();
        IpNet net = IpNet.parse(text).filter(x -> x.length() >= 0)
                .orElseThrow(() -> subnetField.fail("not a subnet: \"" + text + "\""));
        Ip gw = gatewayField.optIp();
        return new NetworkSubnet(net, gw);
    }
}
