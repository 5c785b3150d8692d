package io.nflint.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball and .deb that {@code mvn -Pdist package} just built, run the way a host without
 * Java runs them: in a private mount namespace where /usr/lib/jvm and Maven are covered by empty
 * tmpfs mounts, so neither {@code java} nor {@code mvn} is reachable. Needs root and Linux (the mounts);
 * the rest of the machine sees nothing of it.
 */
@Tag("release")
class ReleaseTest {

    private static final Path DIST = Path.of(System.getProperty("nflint.dist.dir", "../dist"));
    private static final String VERSION = System.getProperty("nflint.version", "");
    private static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();
    private static final long MB = 1024 * 1024;

    /** Hides every JDK and Maven; fails loudly if one is still reachable, so a pass means "no JDK". */
    private static final String HIDE_JAVA = String.join("\n",
            "set -e",
            "mount -t tmpfs -o size=1m nojdk /usr/lib/jvm",
            "[ -d /usr/share/maven ] && mount -t tmpfs -o size=1m nomaven /usr/share/maven",
            "[ -d /opt/maven ] && mount -t tmpfs -o size=1m nomaven /opt/maven",
            "export PATH=/usr/sbin:/usr/bin:/sbin:/bin",
            "unset JAVA_HOME JDK_HOME MAVEN_HOME M2_HOME",
            "if java -version >/dev/null 2>&1; then echo 'a java is still reachable' >&2; exit 99; fi",
            "if mvn -v >/dev/null 2>&1; then echo 'a mvn is still reachable' >&2; exit 99; fi",
            "");

    @TempDir
    Path tmp;

    @BeforeAll
    static void rootOnLinux() {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the release is for Linux");
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "hiding the JDK needs root and unshare (a private mount namespace)");
    }

    private static Path tarball() {
        return DIST.resolve("nflint-" + VERSION + "-linux-x86_64.tar.gz");
    }

    private static Path deb() {
        return DIST.resolve("nflint_" + VERSION.replaceFirst("-", "~") + "_amd64.deb");
    }

    @Test
    void tarballRunsWithNoJdkOrMavenReachableAndKeepsAClassDataArchive() throws Exception {
        assertThat(tarball()).as("built by mvn -Pdist package").isRegularFile();
        run(List.of("tar", "-C", tmp.toString(), "-xzf", tarball().toString()));
        Path home = tmp.resolve("nflint-" + VERSION);
        Path nflint = home.resolve("bin/nflint");
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        assertThat(home.resolve("share/man/man1/nflint.1.gz")).isRegularFile();
        assertThat(home.resolve("share/bash-completion/completions/nflint")).content().contains("complete");
        assertThat(home.resolve("share/zsh/site-functions/_nflint")).content().contains("#compdef nflint");
        assertThat(home.resolve("share/doc/nflint/THIRD-PARTY.md")).content().contains("Z3").doesNotContain("@Z3@");
        assertThat(home.resolve("share/doc/nflint/Apache-2.0.txt")).content().contains("Apache License");
        assertThat(home.resolve("runtime/legal/java.base")).isDirectory();
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(home.resolve("lib/nflint.jar").toFile())) {
            // the product only: the bench command and the dump generators stay in a checkout (devtools/)
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith("io/nflint/gen/") || n.startsWith("io/nflint/cli/bench/")
                            || n.equals("io/nflint/walk/StaticHost.class")
                            || n.equals("META-INF/services/io.nflint.cli.MoreSubcommands")).toList())
                    .as("developer tools in the release jar").isEmpty();
            assertThat(jar.getEntry("io/nflint/cli/Main.class")).isNotNull();
        }
        long unpacked = size(home);
        System.out.printf("release: tarball %d MB, unpacked %d MB%n", Files.size(tarball()) / MB, unpacked / MB);
        assertThat(unpacked).as("unpacked size").isLessThanOrEqualTo(80 * MB);

        Path broken = ROOT.resolve("samples/broken/hand-edited.rules");
        Path out = tmp.resolve("report.sarif");
        Result r = hidden(""
                + "cd /\n"
                + "status=0; " + nflint + " check " + broken + " > " + tmp.resolve("text") + " || status=$?\n"
                + "echo \"text=$status\"\n"
                // a malformed value in the sample makes every check of it exit 2: the input was not read completely
                + nflint + " check --format sarif " + broken + " > " + out + " || test $? = 2\n"
                + nflint + " check --format json " + broken + " > " + tmp.resolve("json") + " || test $? = 2\n"
                // diff needs the symbolic engine, so Z3's native library loads from the jar; it refuses
                // a malformed input, so it compares two clean samples that differ (exit 1)
                + nflint + " diff --format json " + ROOT.resolve("samples/trace/a-published-port.rules") + " "
                + ROOT.resolve("samples/trace/c-forward-drop-no-accept.rules") + " > " + tmp.resolve("diff")
                + " || test $? = 1\n"
                + nflint + " --version\n"
                // picocli answers "--help" after an unknown command with the top-level usage and exit 0,
                // so the bench command's own usage line is what must be missing
                + "if " + nflint + " bench --help 2>&1 | grep -q 'Usage: nflint bench'; then echo 'bench in the release' >&2; exit 98; fi\n"
                + home.resolve("runtime/bin/java") + " -XX:SharedArchiveFile=" + home.resolve("lib/nflint.jsa")
                + " -Xshare:on -jar " + home.resolve("lib/nflint.jar") + " rules > /dev/null && echo cds=on\n");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("text=2").contains("nflint " + VERSION).contains("cds=on");
        assertThat(Files.readString(tmp.resolve("text"))).contains("[NFL007]").contains("[NFL011]");
        assertThat(Files.readString(out)).contains("\"version\": \"2.1.0\"").contains("NFL007");
        assertThat(Files.readString(tmp.resolve("json"))).contains("\"id\": \"NFL011\"");
        assertThat(Files.readString(tmp.resolve("diff"))).contains("\"verdict\"");
        assertThat(home.resolve("lib/nflint.jsa")).as("made on first use").isRegularFile();
    }

    @Test
    void debInstallsUnderOptWithUsrBinNflintAndRunsWithNoJdk() throws Exception {
        assertThat(deb()).as("built by mvn -Pdist package").isRegularFile();
        String fields = run(List.of("dpkg-deb", "-f", deb().toString())).out;
        assertThat(fields).contains("Package: nflint").contains("Architecture: amd64")
                .contains("Version: " + VERSION.replaceFirst("-", "~")).doesNotContain("@VERSION@", "@SIZE@");
        String listing = run(List.of("dpkg-deb", "-c", deb().toString())).out;
        assertThat(listing).contains("./opt/nflint/bin/nflint").contains("./usr/bin/nflint -> /opt/nflint/bin/nflint")
                .contains("./usr/share/man/man1/nflint.1.gz").contains("root/root");
        Path x = tmp.resolve("x");
        run(List.of("dpkg-deb", "-R", deb().toString(), x.toString()));

        // the package's tree takes the place of /opt/nflint and its /usr/bin/nflint joins /usr/bin,
        // both only inside the namespace; postinst records the class-data archive as on a real install
        Path broken = ROOT.resolve("samples/broken/hand-edited.rules");
        Result r = hidden(""
                + "mount -t tmpfs -o size=1m opt /opt && mkdir /opt/nflint\n"
                + "mount --bind " + x.resolve("opt/nflint") + " /opt/nflint\n"
                + "mount -t overlay overlay -o lowerdir=" + x.resolve("usr/bin") + ":/usr/bin /usr/bin\n"
                + x.resolve("DEBIAN/postinst") + " configure\n"
                + "test -f /opt/nflint/lib/nflint.jsa && echo jsa=made\n"
                + "cd /tmp\n"
                + "status=0; nflint check --format json " + broken + " > " + tmp.resolve("json") + " || status=$?\n"
                + "echo \"check=$status\"\n"
                + "nflint explain NFL011 | head -1\n"
                + x.resolve("DEBIAN/prerm") + " remove\n"
                + "test ! -e /opt/nflint/lib/nflint.jsa && echo jsa=removed\n");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("jsa=made").contains("check=2").contains("NFL011 ").contains("jsa=removed");
        assertThat(Files.readString(tmp.resolve("json"))).contains("\"id\": \"NFL007\"");
    }

    private Result hidden(String script) throws Exception {
        return run(List.of("unshare", "-m", "--propagation", "private", "bash", "-c", HIDE_JAVA + script));
    }

    private Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().put("HOME", tmp.toString());
        pb.environment().remove("NFLINT_JAVA_OPTS");
        Path o = Files.createTempFile(tmp, "out", ".txt");
        Path e = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(o.toFile()).redirectError(e.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: " + command.get(0)).isTrue();
        Result r = new Result(p.exitValue(), Files.readString(o, StandardCharsets.UTF_8),
                Files.readString(e, StandardCharsets.UTF_8));
        if (!command.get(0).equals("unshare")) {
            assertThat(r.exit).as(command + ": " + r.err).isZero();
        }
        return r;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private record Result(int exit, String out, String err) {
    }
}
