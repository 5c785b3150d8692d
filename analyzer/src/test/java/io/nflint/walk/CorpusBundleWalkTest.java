package io.nflint.walk;

import static io.nflint.walk.Walks.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The walker on a bundle dockerd wrote, against the probe its ground-truth.json recorded. */
class CorpusBundleWalkTest {

    static Path bundle(String engine, String name) {
        String shared = System.getProperty("nflint.shared");
        if (shared == null) {
            throw new AssertionError("system property nflint.shared is not set (surefire sets it)");
        }
        Path p = Path.of(shared, "corpus", "generated", engine, name);
        if (!Files.isDirectory(p)) {
            throw new AssertionError("corpus bundle not found: " + p.toAbsolutePath().normalize());
        }
        return p;
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
}
