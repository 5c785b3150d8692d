package io.nflint.walk;

import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: the Docker-like host of the kernel lab, dumps, and short walk calls. */
final class Walks {

    private Walks() {
    }

    static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    /** The kernel lab's engine: ext0 198.51.100.1/24 (default via .2), docker0 172.17.0.1/16, web .2 and db .3. */
    static StaticHost.Builder dockerHost() {
        return StaticHost.builder()
                .iface("ext0", "198.51.100.1/24")
                .bridge("docker0", "172.17.0.1/16")
                .port("v-web", "docker0", "172.17.0.2", false)
                .port("v-db", "docker0", "172.17.0.3", false)
                .route("default", "198.51.100.2", "ext0");
    }

    static Ruleset dump(String text) {
        Ruleset rs = DumpParser.parse("t.rules", text, ParseOptions.DETECT);
        if (!rs.diagnostics().isEmpty()) {
            throw new AssertionError("dump does not parse cleanly: " + rs.diagnostics());
        }
        return rs;
    }

    static Ruleset sample(String name) {
        return DumpParser.parse(name, KernelAssumptions.traceSample(name), ParseOptions.DETECT);
    }

    static WalkResult walk(HostView host, Ruleset rs, WalkRequest req) {
        List<Ruleset> all = new ArrayList<>();
        all.add(rs);
        return new Walker(host, all).walk(req);
    }

    static WalkRequest tcpFrom(String iface, String src, int sport, String dst, int dport) {
        return WalkRequest.arriving(iface, Packet.tcp(ip(src), sport, ip(dst), dport));
    }

    static WalkRequest tcpLocal(String dst, int dport) {
        return WalkRequest.local(Packet.tcp(null, 40000, ip(dst), dport));
    }

    static List<String> trace(Outcome o) {
        return o.steps().stream().map(s -> s.table() + ":" + s.chain() + ":" + s.kind().wire() + ":" + s.ruleNumber())
                .toList();
    }
}
