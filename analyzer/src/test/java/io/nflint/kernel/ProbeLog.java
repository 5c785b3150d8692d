package io.nflint.kernel;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a probe, prints it with the kernel's answer, and returns the answer for asserting. */
final class ProbeLog {

    private final KernelLab lab;
    private final String scenario;

    ProbeLog(KernelLab lab, String scenario) {
        this.lab = lab;
        this.scenario = scenario;
    }

    Observation probe(String from, Proto proto, String address, int port) {
        Observation o = proto == Proto.ICMP ? lab.ping(from, address) : lab.probe(from, proto, address, port);
        String target = proto == Proto.ICMP ? "icmp echo " + address : proto.wire() + " " + address + ":" + port;
        System.out.printf("[kernel %s] %s -> %s => %s%n", scenario, from, target, o);
        return o;
    }

    void expectAnswered(String from, Proto proto, String address, int port, String by, String sourceSeen) {
        Observation o = probe(from, proto, address, port);
        assertThat(o.result()).as("%s -> %s %s:%d", from, proto, address, port).isEqualTo(ProbeResult.ANSWERED);
        assertThat(o.answeredBy()).as("answered by").isEqualTo(by);
        if (sourceSeen != null) {
            assertThat(o.sourceSeen()).as("source seen by the listener").isEqualTo(sourceSeen);
        }
    }

    Observation expect(String from, Proto proto, String address, int port, ProbeResult result) {
        Observation o = probe(from, proto, address, port);
        assertThat(o.result()).as("%s -> %s %s:%d (%s)", from, proto, address, port, o).isEqualTo(result);
        return o;
    }
}
