package io.nflint.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source launcher {@code ./nflint} in a copy of a checkout's layout, with stand-ins for
 * {@code java} and {@code mvn} that print how they were called: the launcher's own logic (finding the
 * checkout through symlinks, building with the right pom, refusing a read-only checkout clearly) is
 * tested without building nflint inside its own test run.
 */
class LauncherTest {

    private static final Path SCRIPT = Path.of(System.getProperty("nflint.root", "../"), "nflint").normalize();

    @TempDir
    Path tmp;

    private Path checkout;
    private Path bin;
    private Path elsewhere;
    private Path tools;

    @BeforeEach
    void layout() throws IOException {
        assumeTrue(Files.isRegularFile(SCRIPT), "the launcher is not at " + SCRIPT);
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(SCRIPT, checkout.resolve("nflint"));
        executable(checkout.resolve("nflint"));
        Files.createDirectories(checkout.resolve("cli/src/main/sh"));
        Files.copy(SCRIPT.resolveSibling("cli/src/main/sh/nflint-run.sh"), checkout.resolve("cli/src/main/sh/nflint-run.sh"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        for (String m : List.of("grammar", "analyzer", "rules", "devtools")) {
            Files.createDirectories(checkout.resolve(m).resolve("src"));
        }
        Files.createDirectories(checkout.resolve("samples"));
        Files.writeString(checkout.resolve("samples/docker-host.rules"), "*filter\nCOMMIT\n");
        bin = Files.createDirectories(tmp.resolve("bin"));
        // java records its arguments and working directory; mvn builds the jar the launcher expects
        script(bin.resolve("java"), "#!/bin/sh\necho \"java cwd=$(pwd) args=$*\"\n");
        script(bin.resolve("mvn"), "#!/bin/sh\necho \"mvn cwd=$(pwd) args=$*\" >&2\n"
                + "for a in \"$@\"; do case \"$prev\" in -f) d=$(dirname \"$a\");; esac; prev=$a; done\n"
                + "mkdir -p \"$d/devtools/target\" && : > \"$d/devtools/target/nflint.jar\"\n");
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        // PATH holds the stand-ins and the few tools the launcher uses, never the machine's java or mvn
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String t : List.of("bash", "sh", "env", "readlink", "dirname", "basename", "find", "cksum", "cut", "mkdir",
                "rm", "sed", "grep", "cat", "unshare", "mount")) {
            for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                Path real = Path.of(dir, t);
                if (Files.isExecutable(real) && !Files.exists(tools.resolve(t))) {
                    Files.createSymbolicLink(tools.resolve(t), real);
                }
            }
        }
    }

    @Test
    void runsThroughAChainOfSymlinksFromAnotherDirectoryAndBuildsWithTheCheckoutsPom() throws Exception {
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("first"), checkout.resolve("nflint"));
        Files.createSymbolicLink(links.resolve("nflint"), links.resolve("first"));

        Result r = run(elsewhere, links.resolve("nflint").toString(), "check", "fw.rules");

        assertThat(r.exit).as(r.err).isZero();
        String root = checkout.toRealPath().toString();
        assertThat(r.err).contains("mvn cwd=" + elsewhere.toRealPath()).contains("-f " + root + "/pom.xml");
        // the tool runs where the user is, so "fw.rules" means the user's file
        assertThat(r.out).contains("java cwd=" + elsewhere.toRealPath())
                .contains("-jar " + root + "/devtools/target/nflint.jar check fw.rules");
        assertThat(r.err).doesNotContain("no POM");
    }

    @Test
    void aBuiltJarRunsWithoutRebuildingAndWithoutMaven() throws Exception {
        Path jar = built();
        Files.delete(bin.resolve("mvn"));

        Result r = run(elsewhere, checkout.resolve("nflint").toString(), "--version");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("-jar " + jar.toRealPath() + " --version");
        assertThat(r.err).doesNotContain("building");
    }

    @Test
    void withoutJavaSaysSoInsteadOfFailingDeepInside() throws Exception {
        built();
        Files.delete(bin.resolve("java"));

        Result r = run(elsewhere, checkout.resolve("nflint").toString(), "--version");

        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("no 'java' on PATH");
    }

    @Test
    void aReadOnlyCheckoutWithoutABuiltJarGivesAClearMessage() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "a read-only bind mount needs root and unshare");
        // the checkout is mounted read-only in a private mount namespace; nothing outside it changes
        String inner = "mount --bind " + checkout + " " + checkout + " && mount -o remount,bind,ro " + checkout
                + " && cd " + elsewhere + " && exec " + checkout.resolve("nflint") + " check fw.rules";
        Result r = exec(elsewhere, List.of(tools.resolve("unshare").toString(), "-m", "--propagation", "private", "sh", "-c", inner));

        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("is not writable (read-only checkout?)").contains("mvn -B -DskipTests package");
        assertThat(r.err).doesNotContain("mvn cwd=");
        assertThat(r.out).isEmpty();
    }

    @Test
    void aReadOnlyCheckoutWithAStaleJarRunsItAndWarns() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "a read-only bind mount needs root and unshare");
        Path jar = built();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        String inner = "mount --bind " + checkout + " " + checkout + " && mount -o remount,bind,ro " + checkout
                + " && cd " + elsewhere + " && exec " + checkout.resolve("nflint") + " check fw.rules";
        Result r = exec(elsewhere, List.of(tools.resolve("unshare").toString(), "-m", "--propagation", "private", "sh", "-c", inner));

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("not writable, so it is not rebuilt").doesNotContain("mvn cwd=");
        assertThat(r.out).contains("-jar " + jar.toRealPath() + " check fw.rules");
    }

    private Path built() throws IOException {
        Path jar = Files.createDirectories(checkout.resolve("devtools/target")).resolve("nflint.jar");
        Files.write(jar, new byte[0]);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        return jar;
    }

    private Result run(Path cwd, String... command) throws Exception {
        return exec(cwd, List.of(command));
    }

    private Result exec(Path cwd, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(cwd.toFile());
        pb.environment().put("PATH", bin + ":" + tools);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().remove("NFLINT_JAVA_OPTS");
        pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    private static void script(Path p, String text) throws IOException {
        Files.writeString(p, text);
        executable(p);
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String out, String err) {
    }
}
