package io.nflint.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .nflint.yaml} discovery does not cross into what another user could have written. */
class ConfigDiscoveryTrustTest {

    @TempDir
    Path dir;

    @Test
    void aWorldWritableConfigIsNeverReadAndTheUserIsTold() throws IOException {
        Path cfg = dir.resolve(".nflint.yaml");
        Files.writeString(cfg, "disable: [NFL103]\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path sub = Files.createDirectories(dir.resolve("hosts"));
        Files.writeString(sub.resolve("a.rules"), "*filter\n-A INPUT FLAG\nCOMMIT\n");
        List<String> told = new ArrayList<>();
        assertThat(ConfigLocator.find(sub.resolve("a.rules"), Path.of("/nonexistent-home"), told::add)).isEmpty();
        assertThat(told).singleElement().asString().contains("world-writable").contains("--config");
        CliRun r = CliRun.run(dir, "check", "hosts/a.rules");
        assertThat(r.exitCode()).as("NFL103 still runs").isEqualTo(ExitCode.FINDINGS);
        assertThat(r.err()).contains("nflint: warning: " + cfg + " is not read: it is world-writable");
        CliRun explicit = CliRun.run(dir, "check", "--config", ".nflint.yaml", "hosts/a.rules");
        assertThat(explicit.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void theSearchStopsAtHomeAndAtAWorldWritableDirectory() throws IOException {
        Files.writeString(dir.resolve(".nflint.yaml"), "disable: [NFL103]\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path sub = Files.createDirectories(home.resolve("work"));
        assertThat(ConfigLocator.find(sub, home, s -> { })).isEmpty();
        assertThat(ConfigLocator.find(sub, Path.of("/nonexistent-home"), s -> { })).contains(dir.resolve(".nflint.yaml"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ConfigLocator.find(sub, Path.of("/nonexistent-home"), s -> { })).isEmpty();
    }

    @Test
    void theSearchStopsAtADirectoryOwnedByAnotherUser() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a directory's owner needs root");
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve(".nflint.yaml"), "disable: [NFL103]\n");
        Path mine = Files.createDirectories(shared.resolve("mine"));
        Files.setOwner(shared, nobody);
        assertThat(ConfigLocator.find(mine, Path.of("/nonexistent-home"), s -> { })).isEmpty();
        Files.setOwner(shared, Files.getOwner(mine));
        Files.setOwner(shared.resolve(".nflint.yaml"), nobody);
        List<String> told = new ArrayList<>();
        assertThat(ConfigLocator.find(mine, Path.of("/nonexistent-home"), told::add)).isEmpty();
        assertThat(told).singleElement().asString().contains("belongs to nobody");
    }
}
