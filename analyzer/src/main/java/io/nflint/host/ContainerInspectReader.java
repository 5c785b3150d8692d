package io.nflint.host;

import io.nflint.ir.PortRange;
import io.nflint.ir.Ip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code docker inspect} / {@code podman inspect} of containers; podman prints the same
 * Docker-compatible fields that matter here (State, HostConfig, NetworkSettings).
 */
final class ContainerInspectReader {

    private ContainerInspectReader() {
    }

    static List<ContainerInfo> read(LocatedJson doc, String engine) throws BundleFormatException {
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonCursor c : doc.root().array()) {
            c.requireObject();
            String id = c.get("Id").text();
            String name = c.get("Name").optText();
            name = name == null ? id : name.startsWith("/") ? name.substring(1) : name;
            JsonCursor state = c.get("State");
            Boolean running = state.get("Running").optBool();
            if (running == null) {
                running = "running".equals(state.get("Status").optText());
            }
            JsonCursor settings = c.get("NetworkSettings");
            List<ContainerEndpoint> endpoints = new ArrayList<>();
            for (Map.Entry<String, JsonCursor> e : settings.get("Networks").object().entrySet()) {
                endpoints.add(endpoint(e.getKey(), e.getValue()));
            }
            out.add(new ContainerInfo(engine, id, name, running, c.get("HostConfig").get("NetworkMode").optText(),
                    endpoints, ports(c.get("HostConfig").get("PortBindings")), ports(settings.get("Ports"))));
        }
        return out;
    }

    private static ContainerEndpoint endpoint(String network, JsonCursor n) throws BundleFormatException {
        Ip v4 = n.get("IPAddress").optIp();
        Ip v6 = n.get("GlobalIPv6Address").optIp();
        return new ContainerEndpoint(network, v4, n.get("IPPrefixLen").optInt(0), n.get("Gateway").optIp(),
                v6, n.get("GlobalIPv6PrefixLen").optInt(0), n.get("IPv6Gateway").optIp(),
                emptyToNull(n.get("MacAddress").optText()));
    }

    /** {"80/tcp": [{"HostIp": "", "HostPort": "8080"}], "443/tcp": null} — null means exposed, not published. */
    private static List<PortBinding> ports(JsonCursor map) throws BundleFormatException {
        List<PortBinding> out = new ArrayList<>();
        for (Map.Entry<String, JsonCursor> e : map.object().entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
            PortRange container = PortRanges.parse(slash < 0 ? key : key.substring(0, slash));
            if (container == null || proto.isEmpty()) {
                throw e.getValue().fail("not a container port such as \"80/tcp\": \"" + key + "\"");
            }
            for (JsonCursor b : e.getValue().array()) {
                JsonCursor hostPortField = b.get("HostPort");
                String hostPort = hostPortField.optText();
                PortRange host = null;
                if (hostPort != null && !hostPort.isEmpty()) {
                    host = PortRanges.parse(hostPort);
                    if (host == null) {
                        throw hostPortField.fail("not a port or port range: \"" + hostPort + "\"");
                    }
                }
                out.add(new PortBinding(b.get("HostIp").optIp(), host, container, proto));
            }
        }
        return out;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
