package io.nflint.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One corpus bundle's ground-truth.json, read into what the translation needs: the probes, the
 * outside namespace (addresses, routes through the engine, listeners) and the containers (addresses
 * per network, published ports, and what serve.sh listens on, taken from scenario.md).
 */
record GroundTruth(Path dir, String engine, String scenario, List<Ip> outsideAddresses, List<IpNet> outsideRoutes,
                   List<Listen> outsideListeners, List<Container> containers, List<Probe> probes) {

    /** A socket a test process listens on: {@code tcp}, {@code udp} or {@code tcp6}, and a port. */
    record Listen(String proto, int port, boolean v6) {
        boolean takes(String p, boolean isV6, int dport) {
            return proto.equals(p) && port == dport && v6 == isV6;
        }
    }

    /** A published port as the engine reported it: host address ("" or 0.0.0.0 = all), host port, container port. */
    record Published(String proto, String hostIp, int hostPort, int containerPort) {
    }

    /** A container: its network (name → IPv4, IPv6), whether it runs, its ports and listeners. */
    record Container(String name, boolean running, String network, Ip ipv4, Ip ipv6, List<Published> ports,
                     List<Listen> listens) {
        boolean hostNetwork() {
            return "host".equals(network);
        }

        Ip address(boolean v6) {
            return v6 ? ipv6 : ipv4;
        }
    }

    /** One probe: who sent it, to which {@code ip:port/proto}, and what the engine's host saw. */
    record Probe(String name, String from, Ip dst, int dport, String proto, String result, String sourceSeen,
                 String answeredBy, String note) {
        String id() {
            return name;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN = Pattern.compile("^(?:docker|podman) run .*--name (\\S+) .*serve\\.sh (.*)$");

    /** Every bundle under shared/corpus/generated/{docker-20.10.24,podman-4.3.1}, sorted by path. */
    static List<Path> bundles() {
        String shared = System.getProperty("nflint.shared");
        if (shared == null) {
            throw new AssertionError("system property nflint.shared is not set (surefire sets it from the parent pom)");
        }
        List<Path> out = new ArrayList<>();
        for (String engine : List.of("docker-20.10.24", "podman-4.3.1")) {
            Path root = Path.of(shared, "corpus", "generated", engine);
            if (!Files.isDirectory(root)) {
                throw new AssertionError("corpus not found: " + root.toAbsolutePath().normalize());
            }
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> Files.isRegularFile(p.resolve("ground-truth.json"))).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new AssertionError("cannot list " + root, e);
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no ground-truth.json under " + shared + "/corpus/generated");
        }
        return out;
    }

    static GroundTruth load(Path dir) throws IOException {
        JsonNode root = JSON.readTree(dir.resolve("ground-truth.json").toFile());
        JsonNode topo = root.path("topology");
        List<Ip> outside = new ArrayList<>();
        for (String a : topo.path("outside_address").asText().split(",")) {
            outside.add(ip(a.strip()));
        }
        List<IpNet> routes = new ArrayList<>();
        for (JsonNode r : topo.path("outside_routes_via_engine")) {
            routes.add(IpNet.parse(r.asText()).orElseThrow());
        }
        List<Listen> outsideListens = new ArrayList<>();
        // "tcp 7000, udp 7001, tcp6 7006 (reply with …)"
        Matcher m = Pattern.compile("(tcp6|udp6|tcp|udp) (\\d+)").matcher(topo.path("outside_listeners").asText());
        while (m.find()) {
            outsideListens.add(listen(m.group(1), Integer.parseInt(m.group(2))));
        }
        Map<String, List<Listen>> serves = serveCommands(dir.resolve("scenario.md"));
        List<Container> containers = new ArrayList<>();
        for (JsonNode c : topo.path("containers")) {
            String name = c.path("name").asText();
            Iterator<Map.Entry<String, JsonNode>> nets = c.path("networks").fields();
            Map.Entry<String, JsonNode> net = nets.next();
            if (nets.hasNext()) {
                throw new AssertionError(dir + ": container " + name + " on several networks is not handled");
            }
            List<Published> ports = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> ps = c.path("ports").fields();
            while (ps.hasNext()) {
                Map.Entry<String, JsonNode> p = ps.next();
                String[] cp = p.getKey().split("/");
                for (JsonNode b : p.getValue()) {
                    ports.add(new Published(cp[1], b.path("HostIp").asText(), Integer.parseInt(b.path("HostPort").asText()),
                            Integer.parseInt(cp[0])));
                }
            }
            containers.add(new Container(name, c.path("running").asBoolean(), net.getKey(),
                    optIp(net.getValue().path("IPAddress").asText()), optIp(net.getValue().path("GlobalIPv6Address").asText()),
                    ports, serves.getOrDefault(name, List.of())));
        }
        List<Probe> probes = new ArrayList<>();
        for (JsonNode p : root.path("probes")) {
            String to = p.path("to").asText();
            int slash = to.lastIndexOf('/');
            int colon = to.lastIndexOf(':', slash);
            String seen = p.path("source_address_seen_by_server").isTextual()
                    ? p.path("source_address_seen_by_server").asText() : null;
            String by = p.path("answered_by_container").isTextual() ? p.path("answered_by_container").asText()
                    : p.path("answered_by").isTextual() ? p.path("answered_by").asText() : null;
            String result = p.path("result").asText().split(" ")[0];
            probes.add(new Probe(p.path("name").asText(), p.path("from").asText(), ip(to.substring(0, colon)),
                    Integer.parseInt(to.substring(colon + 1, slash)), to.substring(slash + 1), result, seen, by,
                    p.path("note").asText("")));
        }
        return new GroundTruth(dir, dir.getParent().getFileName().toString(), dir.getFileName().toString(), outside,
                routes, outsideListens, containers, probes);
    }

    /** {@code docker run … --name web … /bin/serve.sh tcp:80 tcp6:80 udp:53}: what each container listens on. */
    private static Map<String, List<Listen>> serveCommands(Path scenario) throws IOException {
        Map<String, List<Listen>> out = new java.util.HashMap<>();
        for (String line : Files.readAllLines(scenario)) {
            Matcher m = RUN.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            List<Listen> l = new ArrayList<>();
            for (String spec : m.group(2).strip().split("\\s+")) {
                String[] pp = spec.split(":");
                l.add(listen(pp[0], Integer.parseInt(pp[1])));
            }
            out.put(m.group(1), l);
        }
        return out;
    }

    private static Listen listen(String proto, int port) {
        boolean v6 = proto.endsWith("6");
        return new Listen(v6 ? proto.substring(0, proto.length() - 1) : proto, port, v6);
    }

    Container container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(scenario + ": no container " + name + " in the topology"));
    }

    java.util.Optional<Container> containerAt(Ip address) {
        return containers.stream().filter(c -> c.running() && (address.equals(c.ipv4()) || address.equals(c.ipv6())))
                .findFirst();
    }

    static Ip ip(String s) {
        return Ip.parse(s).orElseThrow(() -> new AssertionError("not an address: " + s));
    }

    private static Ip optIp(String s) {
        return s == null || s.isEmpty() ? null : ip(s);
    }
}
