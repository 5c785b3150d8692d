package io.nflint.truth;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.KernelTrace;
import io.nflint.kernel.Proto;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The walker's TRACE steps against the kernel's own (xtables-monitor --trace in the engine): for
 * the first packet of a connection and for its reply, the sequence of table:chain decisions and the
 * text of every rule that matched (or "policy") must be the same. The raw table is left out of the
 * kernel's side: it exists there only for the TRACE rules the capture inserts. The walker's implicit
 * returns are left out of its side: nf_tables does not trace them (iptables-legacy's TRACE did).
 */
@Tag("kernel")
class TraceAgreementTest {

    record Case(String name, String sample, LabSpec spec, String from, Proto proto, String address, int port) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    static List<Case> cases() {
        return List.of(
                new Case("a: published port from outside", "a-published-port.rules", LabSpec.oneWeb(), OUTSIDE, Proto.TCP,
                        "198.51.100.1", 8080),
                new Case("a: container egress with MASQUERADE", "a-published-port.rules", LabSpec.oneWeb(), "web", Proto.TCP,
                        "198.51.100.2", 7000),
                new Case("c: published port dropped by the FORWARD policy", "c-forward-drop-no-accept.rules", LabSpec.oneWeb(),
                        OUTSIDE, Proto.TCP, "198.51.100.1", 8080),
                new Case("f: DOCKER-USER drops the reply of container egress", "f-docker-user-drop-source.rules",
                        LabSpec.oneWeb(), "web", Proto.TCP, "198.51.100.2", 7000),
                new Case("k: hairpin to its own published port (hairpin on)", "k-userland-proxy-false-hairpin.rules",
                        LabSpec.oneWeb().hairpin(true), "web", Proto.TCP, "198.51.100.1", 8080));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void walkerTraceMatchesTheKernelTrace(Case c) {
        String dump = KernelAssumptions.traceSample(c.sample());
        Ruleset rules = DumpParser.parse(c.sample(), dump, ParseOptions.DETECT);
        String[] lines = dump.split("\n", -1);
        LabWalks walks = new LabWalks(c.spec(), rules);
        KernelTrace.Traced traced;
        try (KernelLab lab = KernelLab.open()) {
            c.spec().topology().build(lab).restoreEngine(dump);
            c.spec().listens.forEach(l -> lab.listen(l.ns(), l.proto(), l.port()));
            traced = KernelTrace.probe(lab, ENGINE, c.from(), c.proto(), c.address(), c.port());
        }
        List<KernelTraceLines.Packet> packets = KernelTraceLines.packets(traced.lines());
        assertThat(packets).as("kernel trace packets for " + c.name() + ":\n" + String.join("\n", traced.lines()))
                .isNotEmpty();
        WalkRequest req = walks.request(c.from(), c.proto(), c.address(), c.port(), 45000);
        Outcome first = walks.walker().walk(req).outcomes().get(0);
        compare(c.name() + ", first packet", packets.get(0), first, lines);
        if (first.delivered()) {
            Outcome reply = walks.walker().walk(req.asReply()).outcomes().get(0);
            assertThat(packets).as("the kernel traced a reply").hasSizeGreaterThan(1);
            compare(c.name() + ", reply", packets.get(1), reply, lines);
        }
        System.out.println("[trace " + c.name() + "] kernel " + traced.observation() + "; walker " + first.summary());
    }

    private static void compare(String what, KernelTraceLines.Packet kernel, Outcome walk, String[] dumpLines) {
        List<String> k = kernel.steps().stream().filter(s -> !s.table().equals("raw")).map(KernelTraceLines.Step::key)
                .toList();
        List<String> w = walkerSteps(walk, dumpLines);
        System.out.println("[trace " + what + "] " + kernel.header());
        System.out.println("  kernel: " + String.join("\n          ", k));
        System.out.println("  walker: " + String.join("\n          ", w));
        assertThat(w).as(what + ": walker steps vs kernel TRACE").containsExactlyElementsOf(k);
    }

    /** The walker's steps in the kernel's terms: rule text from the dump line, "policy" for policies. */
    static List<String> walkerSteps(Outcome o, String[] dumpLines) {
        List<String> out = new ArrayList<>();
        for (TraceStep s : o.steps()) {
            String head = s.table() + ":" + s.chain() + ":" + s.kind().wire();
            if (s.kind() == TraceStep.Kind.RULE) {
                String text = dumpLines[s.line() - 1].strip();
                String prefix = "-A " + s.chain() + " ";
                out.add(head + " " + (text.startsWith(prefix) ? text.substring(prefix.length()) : text));
            } else if (s.kind() == TraceStep.Kind.POLICY) {
                out.add(head);
            }
            // RETURN steps (falling off the end of a user chain) are left out: xt_TRACE (legacy) logs
            // them as ":return:N", but nf_tables emits no trace event for an implicit return
        }
        return out.stream().collect(Collectors.toList());
    }
}
