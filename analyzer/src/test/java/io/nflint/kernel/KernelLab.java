package io.nflint.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away set of Linux network namespaces in which dumps are restored and real packets sent.
 *
 * <p>Everything addresses namespaces by a logical name ("engine", "outside", "web"); the real
 * namespace is {@code nflt-<jvm pid>-<random>-<logical>}, so a later run can tell namespaces of a
 * crashed JVM (pid gone) from those of a JVM still running, and only deletes the former.
 *
 * <p>Safety: every network-changing command runs with {@code ip -n} or {@code ip netns exec}; this
 * class never touches the root namespace's interfaces, routes, sysctls or rule sets.
 */
public final class KernelLab implements AutoCloseable {

    public static final String PREFIX = "nflt-";
    private static final Pattern OWNED_NAME = Pattern.compile("nflt-(\\d+)-.*");
    private static final List<String> REQUIRED_TOOLS =
            List.of("ip", "iptables-restore", "iptables-save", "ip6tables-restore", "ip6tables-save", "ebtables-restore",
                    "conntrack", "socat", "ping", "ss", "sysctl");

    /** Which iptables binaries restore and save; both program the same hooks, only the kernel API differs. */
    public enum Backend {
        NFT("iptables", "ip6tables", "ebtables"),
        LEGACY("iptables-legacy", "ip6tables-legacy", "ebtables-legacy");

        final String iptables;
        final String ip6tables;
        final String ebtables;

        Backend(String iptables, String ip6tables, String ebtables) {
            this.iptables = iptables;
            this.ip6tables = ip6tables;
            this.ebtables = ebtables;
        }
    }

    private final String labId;
    private final Backend backend;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Listeners listeners = new Listeners(this);
    private Duration probeTimeout = Duration.ofMillis(1500);

    private KernelLab(Backend backend) {
        this.backend = backend;
        this.labId = ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }

    /** Why kernel tests cannot run here, or empty when they can. Cheap; creates and deletes one namespace. */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("not Linux");
        }
        CommandResult id = Commands.run(List.of("id", "-u"));
        if (!id.ok() || !id.stdout().trim().equals("0")) {
            return Optional.of("not root (id -u = " + id.stdout().trim() + ")");
        }
        for (String tool : REQUIRED_TOOLS) {
            if (!onPath(tool)) {
                return Optional.of("missing tool '" + tool + "' (run .ci/install-kernel-deps)");
            }
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        CommandResult add = Commands.run(List.of("ip", "netns", "add", probe));
        if (!add.ok()) {
            return Optional.of("cannot create network namespaces: " + add.stderr().trim());
        }
        try {
            CommandResult nft = Commands.run(List.of("ip", "netns", "exec", probe, "iptables-save"));
            if (!nft.ok()) {
                return Optional.of("iptables does not work inside a namespace: " + nft.stderr().trim());
            }
        } finally {
            Commands.run(List.of("ip", "netns", "del", probe));
        }
        return Optional.empty();
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public static KernelLab open() {
        return open(Backend.NFT);
    }

    public static KernelLab open(Backend backend) {
        deleteStaleNamespaces();
        return new KernelLab(backend);
    }

    /**
     * Deletes lab namespaces ({@code nflt-<pid>-…}) whose owning JVM is gone; first kills the processes still
     * inside them (only our listeners ever run there), found by {@code ip netns pids}.
     */
    static void deleteStaleNamespaces() {
        CommandResult list = Commands.run(List.of("ip", "netns", "list"));
        for (String line : list.stdout().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            Matcher m = OWNED_NAME.matcher(name);
            // other tests and tools use nflt-<tool>-… names and clean up after themselves; only a
            // lab namespace whose JVM is gone is ours to remove
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                continue;
            }
            CommandResult pids = Commands.run(List.of("ip", "netns", "pids", name));
            for (String pid : pids.stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Commands.run(List.of("ip", "netns", "del", name));
            System.out.println("[kernel-lab] deleted stale namespace " + name);
        }
    }

    public Backend backend() {
        return backend;
    }

    public KernelLab probeTimeout(Duration timeout) {
        this.probeTimeout = timeout;
        return this;
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    // ---------------------------------------------------------------- namespaces and links

    /**
     * Creates a namespace with loopback up and ICMP error rate limiting off: the kernel otherwise
     * sends at most about one ICMP error per second to a peer, and a suite of REJECT probes would
     * see timeouts where the rule set says "unreachable".
     */
    public String addNamespace(String logical) {
        if (namespaces.containsKey(logical)) {
            throw new IllegalArgumentException("namespace already exists: " + logical);
        }
        String real = PREFIX + labId + "-" + logical;
        Commands.run(List.of("ip", "netns", "add", real)).orThrow();
        namespaces.put(logical, real);
        // no duplicate address detection: a fresh IPv6 address would stay "tentative" (unusable as a
        // source, not answering neighbour solicitations) for a second or two after it is added
        sysctl(logical, "net.ipv6.conf.all.accept_dad", "0");
        sysctl(logical, "net.ipv6.conf.default.accept_dad", "0");
        ip(logical, "link", "set", "lo", "up");
        sysctl(logical, "net.ipv4.icmp_ratelimit", "0");
        sysctl(logical, "net.ipv4.icmp_msgs_per_sec", "100000");
        sysctl(logical, "net.ipv6.icmp.ratelimit", "0");
        return real;
    }

    public String realName(String logical) {
        String real = namespaces.get(logical);
        if (real == null) {
            throw new IllegalArgumentException("no namespace " + logical + " in this lab (have " + namespaces.keySet() + ")");
        }
        return real;
    }

    public Set<String> namespaces() {
        return Collections.unmodifiableSet(namespaces.keySet());
    }

    /** {@code ip -n NS args...}, failing on error. */
    public CommandResult ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", realName(ns)));
        cmd.addAll(List.of(args));
        return Commands.run(cmd).orThrow();
    }

    /** {@code ip netns exec NS args...}; the caller decides whether failure matters. */
    public CommandResult exec(String ns, String... args) {
        return exec(ns, null, List.of(args));
    }

    public CommandResult exec(String ns, String stdin, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", realName(ns)));
        cmd.addAll(args);
        return Commands.run(cmd, stdin, Commands.DEFAULT_DEADLINE);
    }

    List<String> execCommand(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", realName(ns)));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public void addBridge(String ns, String bridge) {
        ip(ns, "link", "add", bridge, "type", "bridge");
        ip(ns, "link", "set", bridge, "up");
    }

    /** A veth pair with one end in each namespace (they may be the same); both ends up. */
    public void addVeth(String nsA, String ifA, String nsB, String ifB) {
        ip(nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", realName(nsB));
        ip(nsA, "link", "set", ifA, "up");
        ip(nsB, "link", "set", ifB, "up");
    }

    public void attachToBridge(String ns, String port, String bridge) {
        ip(ns, "link", "set", port, "master", bridge);
    }

    /** Hairpin lets the bridge send a frame back out of the port it came in on (Docker's userland-proxy=false mode). */
    public void setHairpin(String ns, String port, boolean on) {
        ip(ns, "link", "set", "dev", port, "type", "bridge_slave", "hairpin", on ? "on" : "off");
    }

    /** An IPv4 or IPv6 address ({@code nodad}: usable at once, see {@link #addNamespace}). */
    public void addAddress(String ns, String dev, String cidr) {
        if (cidr.contains(":")) {
            ip(ns, "-6", "addr", "add", cidr, "dev", dev, "nodad");
        } else {
            ip(ns, "addr", "add", cidr, "dev", dev);
        }
    }

    /** {@code dest} is a prefix or "default"; the family is the gateway's. */
    public void addRoute(String ns, String dest, String via) {
        if (via.contains(":")) {
            ip(ns, "-6", "route", "add", dest, "via", via);
        } else {
            ip(ns, "route", "add", dest, "via", via);
        }
    }

    /** The kernel's own answer for locally generated packets: {@code ip route get DST} (its "src" is the source it picks). */
    public String routeGet(String ns, String dst) {
        return ip(ns, "route", "get", dst).stdout().trim();
    }

    /** The link-layer address of {@code dev} in {@code ns} (lower case, colon separated). */
    public String macOf(String ns, String dev) {
        String out = ip(ns, "-br", "link", "show", "dev", dev).stdout().trim();
        String[] f = out.split("\\s+");
        return f.length >= 3 ? f[2] : "";
    }

    // ---------------------------------------------------------------- sysctls

    public void sysctl(String ns, String key, String value) {
        exec(ns, "sysctl", "-q", "-w", key + "=" + value).orThrow();
    }

    public String sysctlValue(String ns, String key) {
        return exec(ns, "sysctl", "-n", key).orThrow().stdout().trim();
    }

    public void setIpForward(String ns, boolean on) {
        sysctl(ns, "net.ipv4.ip_forward", on ? "1" : "0");
    }

    /** IPv6 forwarding (conf.all.forwarding; a router also stops accepting router advertisements). */
    public void setIp6Forward(String ns, boolean on) {
        sysctl(ns, "net.ipv6.conf.all.forwarding", on ? "1" : "0");
    }

    /**
     * Per namespace, default 1 in a new namespace. On this kernel br_netfilter is built in
     * (CONFIG_BRIDGE_NETFILTER=y), so /proc/sys/net/bridge exists in every namespace; where it is a
     * module that is not loaded, the key is missing and this fails with that message.
     */
    public void setBridgeNfCallIptables(String ns, boolean on) {
        sysctl(ns, "net.bridge.bridge-nf-call-iptables", on ? "1" : "0");
    }

    /** The same for ip6tables on bridged IPv6 frames. */
    public void setBridgeNfCallIp6tables(String ns, boolean on) {
        sysctl(ns, "net.bridge.bridge-nf-call-ip6tables", on ? "1" : "0");
    }

    // ---------------------------------------------------------------- rule sets

    public void restore(String ns, String dump) {
        restoreWith(ns, backend.iptables + "-restore", dump);
    }

    public void restore6(String ns, String dump) {
        restoreWith(ns, backend.ip6tables + "-restore", dump);
    }

    /** ebtables-restore takes no comment lines, so a sample's header comments are left out. */
    public void restoreEbtables(String ns, String dump) {
        StringBuilder rules = new StringBuilder();
        for (String line : dump.split("\n")) {
            if (!line.startsWith("#")) {
                rules.append(line).append('\n');
            }
        }
        restoreWith(ns, backend.ebtables + "-restore", rules.toString());
    }

    private void restoreWith(String ns, String tool, String dump) {
        CommandResult r = exec(ns, dump, List.of(tool));
        if (!r.ok()) {
            throw new IllegalStateException(tool + " in " + ns + " failed (exit " + r.exitCode() + "): " + r.stderr().trim());
        }
    }

    public String save(String ns) {
        return exec(ns, backend.iptables + "-save").orThrow().stdout();
    }

    public String save6(String ns) {
        return exec(ns, backend.ip6tables + "-save").orThrow().stdout();
    }

    /** {@code ebtables -t TABLE -L --Lc}: every rule with its packet counter ("pcnt = N"). */
    public String listEbtablesWithCounters(String ns, String table) {
        return exec(ns, backend.ebtables, "-t", table, "-L", "--Lc").orThrow().stdout();
    }

    /** {@code ip6tables-save -c}, as {@link #saveWithCounters}. */
    public String save6WithCounters(String ns) {
        return exec(ns, backend.ip6tables + "-save", "-c").orThrow().stdout();
    }

    /** {@code iptables-save -c}: every rule prefixed with its [packets:bytes] counters. */
    public String saveWithCounters(String ns) {
        return exec(ns, backend.iptables + "-save", "-c").orThrow().stdout();
    }

    /** Packet counter of the first saved rule containing {@code ruleFragment} (e.g. "--dport 8080 -j DNAT"). */
    public long packetsMatching(String ns, String ruleFragment) {
        return packetsIn(saveWithCounters(ns), ns, ruleFragment);
    }

    /** {@link #packetsMatching} for the ip6tables rule set. */
    public long packets6Matching(String ns, String ruleFragment) {
        return packetsIn(save6WithCounters(ns), ns, ruleFragment);
    }

    private static long packetsIn(String saved, String ns, String ruleFragment) {
        for (String line : saved.split("\n")) {
            if (line.startsWith("[") && line.contains(ruleFragment)) {
                return Long.parseLong(line.substring(1, line.indexOf(':')));
            }
        }
        throw new IllegalArgumentException("no rule containing '" + ruleFragment + "' in " + ns);
    }

    /** {@code iptables -args...} in the namespace (for a test's own extra rules, e.g. TRACE). */
    public CommandResult iptables(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(backend.iptables, "-w"));
        cmd.addAll(List.of(args));
        return exec(ns, null, cmd);
    }

    /** {@code conntrack -L} lines, one flow per line, as conntrack-tools prints them. */
    public List<String> conntrack(String ns) {
        CommandResult r = exec(ns, "conntrack", "-L");
        List<String> lines = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    /**
     * Writes a host bundle of namespace {@code ns} into {@code dir} with nflint's own collector, every
     * command run inside the namespace: the walker then sees the host exactly as {@code nflint collect} would.
     */
    public void collectBundle(String ns, Path dir) {
        io.nflint.host.collect.CommandRunner inside = argv -> {
            CommandResult r = exec(ns, null, argv);
            if (r.exitCode() == 255 && r.stderr().contains("exec of")) {
                throw new IOException(r.stderr().trim());
            }
            return new io.nflint.host.collect.CommandResult(r.exitCode(), r.stdout(), r.stderr());
        };
        try {
            new io.nflint.host.collect.BundleCollector(inside).collect(dir);
        } catch (IOException e) {
            throw new IllegalStateException("collecting a bundle of " + ns + " failed", e);
        }
    }

    // ---------------------------------------------------------------- traffic

    /** Starts a background listener that replies with the peer address it sees; waits until it listens. */
    public void listen(String ns, Proto proto, int port) {
        listeners.start(ns, proto, port);
    }

    /** The same on IPv6 only; the reply names the peer's IPv6 address. */
    public void listen6(String ns, Proto proto, int port) {
        listeners.start(ns, proto, port, true);
    }

    public Observation probe(String fromNs, Proto proto, String address, int port) {
        return probe(fromNs, proto, address, port, 0);
    }

    /**
     * Probe with a fixed client source port (lets a trace rule pick out exactly this connection).
     * A UDP probe that got no answer is sent up to twice more: the lab occasionally loses a datagram
     * on a working path (so did the corpus's ground-truth runs), while a real drop stays silent.
     */
    public Observation probe(String fromNs, Proto proto, String address, int port, int sourcePort) {
        Observation o = Prober.probe(this, fromNs, proto, address, port, sourcePort);
        for (int attempt = 1; proto == Proto.UDP && attempt < UDP_ATTEMPTS && isSilent(o); attempt++) {
            o = Prober.probe(this, fromNs, proto, address, port, sourcePort);
        }
        return o;
    }

    private static final int UDP_ATTEMPTS = 3;

    private static boolean isSilent(Observation o) {
        return o.result() == ProbeResult.TIMEOUT || o.result() == ProbeResult.NO_REPLY;
    }

    /** ICMP echo; {@code answeredBy} is the namespace whose echo-reply counter went up. */
    public Observation ping(String fromNs, String address) {
        return Prober.probe(this, fromNs, Proto.ICMP, address, 0, 0);
    }

    @Override
    public void close() {
        listeners.stopAll();
        List<String> reals = new ArrayList<>(namespaces.values());
        Collections.reverse(reals);
        for (String real : reals) {
            Commands.run(List.of("ip", "netns", "del", real));
        }
        namespaces.clear();
    }

    static String readFile(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
