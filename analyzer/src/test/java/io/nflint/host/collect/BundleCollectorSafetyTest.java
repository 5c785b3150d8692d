package io.nflint.host.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nflint.host.HostBundleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect runs as root on a production host: what it writes, where, and what it refuses. */
class BundleCollectorSafetyTest {

    @TempDir
    Path tmp;

    /** iptables-save with a comment that is not UTF-8, one container with secrets in its environment. */
    private static final byte[] DUMP = concat("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"caf",
            new byte[] {(byte) 0xe9}, "\" -j ACCEPT\nCOMMIT\n");
    private static final String INSPECT = "[{\"Id\":\"aaa\",\"Name\":\"/db\",\"Args\":[\"--password=hunter2\"],"
            + "\"Config\":{\"Env\":[\"DB_PASSWORD=hunter2\",\"PATH=/usr/bin\"],\"Cmd\":[\"run\",\"--token\",\"s3cret\"],"
            + "\"Entrypoint\":null},\"NetworkSettings\":{\"Networks\":{}}}]";

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] z = c.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }

    private final List<List<String>> calls = new ArrayList<>();

    private CommandRunner host(boolean root) {
        return argv -> {
            calls.add(argv);
            String cmd = String.join(" ", argv);
            if (!root && cmd.endsWith("tables-save")) {
                return new CommandResult(4, "", cmd + " v1.8.9 (nf_tables): Could not fetch rule set generation id: "
                        + "Permission denied (you must be root)\n");
            }
            return switch (cmd) {
                case "iptables-save" -> new CommandResult(0, DUMP, "");
                case "docker ps -aq" -> new CommandResult(0, "aaa\n", "");
                case "docker inspect -- aaa" -> new CommandResult(0, INSPECT, "");
                default -> throw new IOException("Cannot run program \"" + argv.get(0) + "\"");
            };
        };
    }

    @Test
    void dumpBytesAreKeptExactlyAndModesAreOwnerOnly() throws IOException {
        Path dir = tmp.resolve("bundle");
        new BundleCollector(host(true)).collect(dir);
        assertThat(Files.readAllBytes(dir.resolve("iptables.rules"))).isEqualTo(DUMP);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
        assertThat(calls).contains(List.of("docker", "inspect", "--", "aaa"));
    }

    @Test
    void secretsAreRedactedByDefaultAndTheBundleSaysSo() throws Exception {
        Path dir = tmp.resolve("bundle");
        new BundleCollector(host(true)).collect(dir);
        String saved = Files.readString(dir.resolve("docker-inspect.json"));
        assertThat(saved).doesNotContain("hunter2").doesNotContain("s3cret").contains("DB_PASSWORD=<redacted")
                .contains("\"/db\"");
        assertThat(Files.readString(dir.resolve(BundleCollector.RECORD_FILE))).contains("\"secrets\": \"redacted\"")
                .contains("Config.Env values");
        assertThat(HostBundleLoader.load(dir).host().containers()).extracting(c -> c.id()).containsExactly("aaa");

        Path kept = tmp.resolve("kept");
        new BundleCollector(host(true), true).collect(kept);
        assertThat(Files.readString(kept.resolve("docker-inspect.json"))).contains("hunter2");
        assertThat(Files.readString(kept.resolve(BundleCollector.RECORD_FILE))).contains("\"secrets\": \"kept\"");
    }

    @Test
    void aSymlinkPlantedInTheDirectoryIsNeverWrittenThrough() throws IOException {
        Path victim = Files.writeString(tmp.resolve("shadow"), "root:x:0:0\n");
        Path dir = Files.createDirectories(tmp.resolve("planted"));
        Files.createSymbolicLink(dir.resolve("iptables.rules"), victim);
        assertThatThrownBy(() -> new BundleCollector(host(true)).collect(dir)).hasMessageContaining("not empty");
        assertThat(Files.readString(victim)).isEqualTo("root:x:0:0\n");

        Path link = Files.createSymbolicLink(tmp.resolve("linkdir"), Files.createDirectories(tmp.resolve("elsewhere")));
        assertThatThrownBy(() -> new BundleCollector(host(true)).collect(link)).hasMessageContaining("symbolic link");
        assertThat(tmp.resolve("elsewhere")).isEmptyDirectory();
    }

    @Test
    void aLinkThatAppearsWhileWritingIsRefusedNotFollowed() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "keep\n");
        Path dir = tmp.resolve("race");
        CommandRunner racing = argv -> {
            if (String.join(" ", argv).equals("ip -j route")) {
                // another local user wins a race into the directory between the command and the write
                Files.createSymbolicLink(dir.resolve("ip-route.json"), victim);
                return new CommandResult(0, "[]", "");
            }
            return host(true).run(argv);
        };
        assertThatThrownBy(() -> new BundleCollector(racing).collect(dir)).hasMessageContaining("nothing was written over it");
        assertThat(Files.readString(victim)).isEqualTo("keep\n");
    }

    @Test
    void aStaleFileFromAnEarlierRunIsNeverPartOfANewBundle() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(dir.resolve("podman-inspect.json"), "[{\"Id\":\"stale\"}]");
        assertThatThrownBy(() -> new BundleCollector(host(true)).collect(dir)).hasMessageContaining("not empty");
        assertThat(dir.resolve("iptables.rules")).doesNotExist();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        new BundleCollector(host(true)).collect(empty);
        assertThat(empty.resolve("iptables.rules")).exists();
    }

    @Test
    void withoutRootNothingIsWrittenAndTheReasonNamesTheCommand() {
        Path dir = tmp.resolve("nonroot");
        assertThatThrownBy(() -> new BundleCollector(host(false)).collect(dir))
                .isInstanceOf(RulesUnreadableException.class)
                .hasMessageContaining("iptables-save exited with 4")
                .hasMessageContaining("you must be root")
                .hasMessageContaining("CAP_NET_ADMIN");
        assertThat(dir).doesNotExist();
    }
}
