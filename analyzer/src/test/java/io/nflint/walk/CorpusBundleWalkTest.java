package io.nflint.walk;

import static io.nflint.walk.Walks.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The walker on a bundle dockerd wrote, against the probe its ground-truth.json recorded. */
class CorpusBundleWalkTest {

    static Path bundle(String engine, String name) {
        return io.nflint.host.Corpus.bundle(engine, name);
    }

    @Test
    void outsideToThePublishedPortReachesWebWithTheOutsideSource() throws Exception {
        WalkInput in = WalkInput.load(bundle("docker-20.10.24", "b-default-bridge-publish-8080"));
        // ground truth: "outside->engine:8080 (published)" answered by web, source_address_seen_by_server 198.51.100.2
        WalkResult r = in.walker().walk(WalkRequest.arriving("ext0",
                Packet.tcp(ip("198.51.100.2"), 50438, ip("198.51.100.1"), 8080)));
        Outcome o = r.only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("docker0");
        assertThat(o.packet().dst()).isEqualTo(ip("172.17.0.2"));
        assertThat(o.packet().dport()).isEqualTo(80);
        assertThat(o.packet().src()).isEqualTo(ip("198.51.100.2"));
    }

    @Test
    void unpublishedPortTimesOutAndTheUplinkPortIsRefusedLocally() throws Exception {
        WalkInput in = WalkInput.load(bundle("docker-20.10.24", "b-default-bridge-publish-8080"));
        Outcome direct = in.walker().walk(WalkRequest.arriving("ext0",
                Packet.tcp(ip("198.51.100.2"), 40000, ip("172.17.0.2"), 2222))).only();
        assertThat(direct.verdict()).isEqualTo(WalkVerdict.DROP);
        // "refused": nothing listens, the host's TCP answers RST; the walk delivers it locally
        Outcome local = in.walker().walk(WalkRequest.arriving("ext0",
                Packet.tcp(ip("198.51.100.2"), 40000, ip("198.51.100.1"), 2222))).only();
        assertThat(local.deliveredTo()).isEqualTo("local");
    }

    @Test
    void probesDriveTheWalkerBySourceAddress() throws Exception {
        WalkInput in = WalkInput.load(bundle("docker-20.10.24", "b-default-bridge-publish-8080"));
        Walker w = in.walker();
        // "engine->198.51.100.1:8080": answered by web with source 198.51.100.1 (DNAT in nat OUTPUT)
        WalkRequest engine = w.requestFrom(Packet.tcp(ip("198.51.100.1"), 42572, ip("198.51.100.1"), 8080));
        assertThat(engine.local()).isTrue();
        Outcome o = w.walk(engine).only();
        assertThat(o.packet().dst()).isEqualTo(ip("172.17.0.2"));
        assertThat(o.packet().src()).isEqualTo(ip("198.51.100.1"));
        // "outside->engine:8080": arrives on ext0
        assertThat(w.requestFrom(Packet.tcp(ip("198.51.100.2"), 1, ip("198.51.100.1"), 8080)).inIface()).isEqualTo("ext0");
        // the container's probes arrive from docker0 (its only port)
        WalkRequest web = w.requestFrom(Packet.tcp(ip("172.17.0.2"), 1, ip("198.51.100.2"), 7000));
        Outcome out = w.walk(web).only();
        assertThat(out.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(out.packet().src()).isEqualTo(ip("198.51.100.1"));
    }
}
