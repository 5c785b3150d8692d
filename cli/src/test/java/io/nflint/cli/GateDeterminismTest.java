package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.gen.DockerHostDumpGenerator;
import io.nflint.gen.KubeProxyDumpGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nflint as a CI gate: the heaviest dumps give byte-identical {@code check --format json} and
 * {@code diff} output in a fresh JVM with one processor, with all of them, with a solver slowed down
 * (every query burns CPU first, as on a saturated machine) and with a small heap (the collector runs
 * all the time). Nothing but the input may decide what nflint reports: not the clock, the thread
 * count, which worker finished first, nor when the collector ran.
 */
class GateDeterminismTest {

    private static final String TUM = "iptables/net-network/"
            + "configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01.rules";
    private static final String AKACHAN = "iptables/net-network/configs_sqrl_shorewall__2014_sep_iptables-saveakachan.rules";
    private static final String HOME_USER = "iptables/net-network/config_home_user__typical_home_user_iptables-save.rules";
    private static final String KUBE = "iptables/kubernetes/proxier_test__TestOverallIPTablesRules.expected.rules";

    /** The JVM settings a run may meet on a CI runner; all must print the same. */
    private static final List<List<String>> MACHINES = List.of(
            List.of("-XX:ActiveProcessorCount=1"),
            List.of("-Xmx256m", "-XX:+UseSerialGC"),
            List.of("-XX:ActiveProcessorCount=1", "-Dnflint.test.slowSolverMillis=15", "-Xmx384m"));

    @TempDir
    static Path dir;
    private static Path docker;
    private static Path kubeOld;
    private static Path kubeNew;
    private static Path akachanChanged;

    @BeforeAll
    static void inputs() throws IOException {
        docker = write("docker-2000.rules", new DockerHostDumpGenerator(2000, 20).generate());
        List<KubeProxyDumpGenerator.Service> services = new KubeProxyDumpGenerator(1000, 42).services();
        kubeOld = write("kube-1000.rules", KubeProxyDumpGenerator.render(services));
        kubeNew = write("kube-1000-moved.rules", KubeProxyDumpGenerator.render(KubeProxyDumpGenerator.oneEndpointMoved(services)));
        // a hand-edited change: every third ACCEPT of the shorewall firewall becomes a DROP
        List<String> lines = Files.readAllLines(corpus(AKACHAN), StandardCharsets.ISO_8859_1);
        int n = 0;
        List<String> changed = new ArrayList<>();
        for (String line : lines) {
            changed.add(line.startsWith("-A ") && line.endsWith("-j ACCEPT") && n++ % 3 == 0
                    ? line.substring(0, line.length() - "ACCEPT".length()) + "DROP" : line);
        }
        akachanChanged = write("akachan-changed.rules", String.join("\n", changed) + "\n");
    }

    @Test
    void checkPrintsTheSameOnEveryMachine() throws Exception {
        List<String> args = List.of("check", "--format", "json", "--fail-on", "none", corpus(TUM).toString(),
                corpus(AKACHAN).toString(), corpus(HOME_USER).toString(), corpus(KUBE).toString(), docker.toString());
        String first = null;
        for (List<String> machine : MACHINES) {
            String out = nflint(machine, args);
            if (first == null) {
                first = out;
                // the rule logic really ran and examined every rule: shadowed rules of the TUM
                // firewall are reported, and nothing was left for lack of solver work
                assertThat(out).contains("\"NFL101\"").contains("2016-06-27").doesNotContain("work limit");
            } else {
                assertThat(out).as("check output with %s", machine).isEqualTo(first);
            }
        }
    }

    @Test
    void diffPrintsTheSameOnEveryMachine() throws Exception {
        for (Path[] pair : new Path[][] {{kubeOld, kubeNew}, {corpus(AKACHAN), akachanChanged}}) {
            List<String> args = List.of("diff", "--format", "json", pair[0].toString(), pair[1].toString());
            String first = null;
            for (List<String> machine : MACHINES) {
                String out = nflint(machine, args);
                if (first == null) {
                    first = out;
                    assertThat(out).as("diff of %s", pair[1]).contains("\"witness\"").doesNotContain("work limit");
                } else {
                    assertThat(out).as("diff of %s with %s", pair[1].getFileName(), machine).isEqualTo(first);
                }
            }
        }
    }

    private static String nflint(List<String> jvm, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".json");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("nflint " + args + " did not end");
        }
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as("exit status of nflint %s with %s; stderr: %s", args, jvm, stderr).isIn(0, 1);
        return Files.readString(out);
    }

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        return p;
    }

    private static Path corpus(String file) {
        String shared = System.getProperty("nflint.shared", "../shared");
        Path p = Path.of(shared, "corpus", file).toAbsolutePath().normalize();
        assertThat(p).as("the shared corpus beside the checkout").exists();
        return p;
    }
}
