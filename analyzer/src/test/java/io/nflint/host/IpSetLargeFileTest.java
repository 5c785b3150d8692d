package io.nflint.host;

import io.nflint.ir.Ip;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 20's multi-gigabyte {@code ipset.save}, scaled down: a generated file of 3 million entries
 * (a blocklist of single addresses and one of networks, the shapes such files have) is read with
 * its entries packed as primitives, looked up by binary search, and a file past the counted limit
 * ends in a positioned message that says how to raise it, never out of memory.
 */
class IpSetLargeFileTest {

    private static final int ADDRESSES = 2_500_000;
    private static final int NETWORKS = 500_000;

    /** Streams the file from a generator: addresses 10.0.0.1 upward (every other one), networks 100.0.0.0/24 upward. */
    private static Path generate(Path dir) throws IOException {
        Path f = dir.resolve("ipset.save");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("create blocklist hash:ip family inet hashsize 1048576 maxelem 4000000\n");
            for (int i = 0; i < ADDRESSES; i++) {
                w.write("add blocklist " + Ip.v4((10 << 24) + 2 * i + 1) + "\n");
            }
            w.write("create nets hash:net family inet hashsize 262144 maxelem 1000000\n");
            for (int i = NETWORKS - 1; i >= 0; i--) {
                w.write("add nets " + Ip.v4((100 << 24) + (i << 8)) + "/24\n");
            }
        }
        return f;
    }

    @Test
    void millionsOfEntriesAreReadPackedAndLookedUp(@TempDir Path dir) throws Exception {
        IpSets sets = IpSetReader.read(generate(dir));
        IpSet block = sets.get("blocklist").orElseThrow();
        IpSet nets = sets.get("nets").orElseThrow();
        assertThat(block.entries()).hasSize(ADDRESSES);
        assertThat(nets.entries()).hasSize(NETWORKS);
        // bounded memory per entry by the set's own accounting (as objects: about 200 bytes each)
        assertThat(block.entryBytes()).isLessThanOrEqualTo(16L * ADDRESSES);
        assertThat(nets.entryBytes()).isLessThanOrEqualTo(16L * NETWORKS);
        assertThat(block.entries().get(0).raw()).isEqualTo("10.0.0.1");
        // the networks were written last first: entries come back in address order
        assertThat(nets.entries().get(1).raw()).isEqualTo("100.0.1.0/24");

        assertThat(sets.contains("blocklist", Ip.v4(10, 0, 0, 1))).contains(true);
        assertThat(sets.contains("blocklist", Ip.v4(10, 0, 0, 2))).contains(false);
        assertThat(sets.contains("blocklist", Ip.v4((10 << 24) + 2 * (ADDRESSES - 1) + 1))).contains(true);
        assertThat(sets.contains("blocklist", Ip.v4(9, 255, 255, 255))).contains(false);
        assertThat(sets.contains("nets", Ip.v4(100, 7, 161, 200))).contains(true);
        assertThat(sets.contains("nets", Ip.v4((100 << 24) + (NETWORKS << 8)))).contains(false);
        assertThat(sets.contains("nets", SetPacket.of(null, null, null, null, null), List.of(SetDir.SRC))).isEmpty();
    }

    @Test
    void aFilePastTheCountedLimitEndsWithItsLineAndHowToRaiseIt(@TempDir Path dir) throws Exception {
        Path f = generate(dir);
        assertThatThrownBy(() -> IpSetReader.read(f, 1_000_000, 1_000_000))
                .isInstanceOf(BundleFormatException.class)
                .satisfies(e -> assertThat(((BundleFormatException) e).line()).isEqualTo(1_000_002))
                .hasMessageContaining("more than 1,000,000 ipset entries")
                .hasMessageContaining("-Dnflint.ipset.maxAddressEntries=N");
    }

    @Test
    void anEntryThatDoesNotPackKeepsEveryEntryAsBefore(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ipset.save");
        Files.writeString(f, "create s hash:net family inet\nadd s 10.0.0.0/8\nadd s 10.1.0.0/16 nomatch\nadd s 192.0.2.1\n");
        IpSets sets = IpSetReader.read(f);
        assertThat(sets.get("s").orElseThrow().entries()).extracting(IpSetEntry::raw)
                .containsExactlyInAnyOrder("10.0.0.0/8", "10.1.0.0/16", "192.0.2.1");
        assertThat(sets.contains("s", Ip.v4(10, 1, 2, 3))).contains(false);
        assertThat(sets.contains("s", Ip.v4(10, 2, 2, 3))).contains(true);
        assertThat(sets.contains("s", Ip.v4(192, 0, 2, 1))).contains(true);
    }
}
