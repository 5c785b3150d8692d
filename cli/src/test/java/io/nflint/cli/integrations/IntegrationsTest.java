package io.nflint.cli.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The CI integrations as written in the repository, run as far as this machine allows: the composite
 * action's two scripts with a real nflint (this module's classes in a fresh JVM), the pre-commit hook
 * (through pre-commit itself where it is installed; .ci installs it), the reviewdog SARIF contract,
 * and the systemd units through systemd-analyze with /usr/bin/nflint present only in a private mount
 * namespace.
 */
class IntegrationsTest {

    private static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** An nflint executable that runs this build's CLI: what install.sh leaves in $NFLINT. */
    private Path nflint;

    @BeforeEach
    void realNflint() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        nflint = script(tmp.resolve("bin/nflint"), "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' io.nflint.cli.Main \"$@\"\n");
    }

    @Test
    void actionYmlIsACompositeActionWhoseStepsRunScriptsThatExist() throws IOException {
        Map<?, ?> action = yaml(ROOT.resolve("action.yml"));
        Map<?, ?> runs = (Map<?, ?>) action.get("runs");
        assertThat(runs.get("using")).isEqualTo("composite");
        List<?> steps = (List<?>) runs.get("steps");
        assertThat(steps).hasSize(2);
        for (Object s : steps) {
            String run = (String) ((Map<?, ?>) s).get("run");
            String script = run.replaceAll(".*\\$NFLINT_ACTION_PATH/([^\"]+)\".*", "$1").strip();
            assertThat(ROOT.resolve(script)).isExecutable();
            assertThat(((Map<?, ?>) s).get("shell")).isEqualTo("bash");
        }
        assertThat(((Map<?, ?>) action.get("inputs")).keySet().stream().map(String::valueOf).toList())
                .contains("paths", "sarif-file", "fail-on", "baseline");
    }

    @Test
    void installUnpacksAReleaseTarballKeptInTheActionsDistAndNamesItInGithubEnv() throws Exception {
        Path action = Files.createDirectories(tmp.resolve("action/dist"));
        Path tree = tmp.resolve("pack/nflint-9.9.9");
        script(tree.resolve("bin/nflint"), "#!/bin/sh\necho 'nflint 9.9.9'\n");
        run(tmp, Map.of(), "tar", "-C", tmp.resolve("pack").toString(), "-czf",
                action.resolve("nflint-9.9.9-linux-x86_64.tar.gz").toString(), "nflint-9.9.9");
        Path env = tmp.resolve("github_env");
        Files.writeString(env, "");

        Result r = run(tmp, Map.of("NFLINT_ACTION_PATH", action.getParent().toString(), "RUNNER_TEMP",
                tmp.resolve("runner").toString(), "GITHUB_ENV", env.toString()),
                "bash", ROOT.resolve("integrations/github-action/install.sh").toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("using the release nflint-9.9.9-linux-x86_64.tar.gz").contains("nflint 9.9.9");
        assertThat(Files.readString(env)).isEqualTo("NFLINT=" + tmp.resolve("runner/nflint/nflint-9.9.9/bin/nflint") + "\n");
    }

    @Test
    void checkWritesSarifForFindingsAndFailsTheStepWithNflintsStatus() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo/firewall"));
        Files.copy(ROOT.resolve("samples/broken/hand-edited.rules"), repo.resolve("host.rules"));
        Result r = check(repo.getParent(), "firewall/", "warning");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).contains("firewall/host.rules:13:46: error:");
        JsonNode sarif = JSON.readTree(repo.getParent().resolve("out/nflint.sarif").toFile());
        assertThat(sarif.at("/runs/0/results")).isNotEmpty();
        assertThat(Files.readString(tmp.resolve("github_output"))).contains("sarif-file=out/nflint.sarif\n")
                .contains("exit-code=2\n");
    }

    @Test
    void noFindingsStillLeavesAnUploadableSarifAndPasses() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo/firewall"));
        Files.copy(ROOT.resolve("samples/docker-host.rules"), repo.resolve("host.rules"));
        Result r = check(repo.getParent(), "firewall", "warning");

        assertThat(r.exit).as(r.err).isZero();
        JsonNode sarif = JSON.readTree(repo.getParent().resolve("out/nflint.sarif").toFile());
        assertThat(sarif.at("/version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.at("/runs/0/results").isArray()).isTrue();
        assertThat(sarif.at("/runs/0/results")).isEmpty();
        assertThat(sarif.at("/runs/0/tool/driver/name").asText()).isEqualTo("nflint");
    }

    @Test
    void anUnreadableInputStillLeavesASarifFileSoTheUploadStepDoesNotFail() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Result r = check(repo, "missing/", "warning");

        assertThat(r.exit).isEqualTo(2);
        assertThat(JSON.readTree(repo.resolve("out/nflint.sarif").toFile()).at("/runs/0/results")).isEmpty();
    }

    private Result check(Path repo, String paths, String failOn) throws Exception {
        Path out = tmp.resolve("github_output");
        Files.writeString(out, "");
        return run(repo, Map.of("NFLINT", nflint.toString(), "NFLINT_PATHS", paths, "NFLINT_SARIF", "out/nflint.sarif",
                "NFLINT_FAIL_ON", failOn, "GITHUB_OUTPUT", out.toString()),
                "bash", ROOT.resolve("integrations/github-action/check.sh").toString());
    }

    @Test
    void workflowExampleUsesTheActionAndPinnedMajorVersionsAndUploadsEvenAfterFindings() throws IOException {
        Map<?, ?> wf = yaml(ROOT.resolve("examples/github-actions/nflint.yml"));
        Map<?, ?> job = (Map<?, ?>) ((Map<?, ?>) wf.get("jobs")).get("nflint");
        List<String> uses = new ArrayList<>();
        String uploadIf = null;
        for (Object s : (List<?>) job.get("steps")) {
            Map<?, ?> step = (Map<?, ?>) s;
            if (step.get("uses") != null) {
                uses.add((String) step.get("uses"));
            }
            if (String.valueOf(step.get("uses")).startsWith("github/codeql-action/upload-sarif")) {
                uploadIf = (String) step.get("if");
            }
        }
        assertThat(uses).containsExactly("actions/checkout@v7", "./tools/nflint", "github/codeql-action/upload-sarif@v4");
        assertThat(uploadIf).startsWith("always()");
        assertThat(Files.readString(ROOT.resolve("examples/github-actions/nflint.yml"))).doesNotContain("://");
    }

    @Test
    void preCommitHookPassesWholeBundlesAndLooseDumpsOnce() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("hosts/web1"));
        Files.writeString(repo.resolve("hosts/web1/iptables.rules"), "*filter\nCOMMIT\n");
        Files.writeString(repo.resolve("hosts/web1/sysctl.txt"), "net.ipv4.ip_forward = 1\n");
        Files.createDirectories(repo.resolve("fw"));
        Files.writeString(repo.resolve("fw/edge.rules"), "*filter\nCOMMIT\n");
        Files.writeString(repo.resolve("fw/other.json"), "{}\n");
        Path echo = script(tmp.resolve("echo-nflint"), "#!/bin/sh\necho \"args: $*\"\n");

        Result r = run(repo, Map.of("NFLINT", echo.toString()), ROOT.resolve("integrations/pre-commit/nflint-hook").toString(),
                "hosts/web1/sysctl.txt", "fw/edge.rules", "hosts/web1/iptables.rules", "fw/other.json");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).isEqualTo("args: check hosts/web1 fw/edge.rules\n");
        List<?> hooks = (List<?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(ROOT.resolve(".pre-commit-hooks.yaml")));
        Map<?, ?> hook = (Map<?, ?>) hooks.get(0);
        assertThat(hook.get("id")).isEqualTo("nflint");
        assertThat(ROOT.resolve((String) hook.get("entry"))).isExecutable();
        String files = (String) hook.get("files");
        for (String f : List.of("a/iptables.rules", "rules.v4", "h/sysctl.txt", "h/docker-inspect.json", "h/ip-route.json")) {
            assertThat(java.util.regex.Pattern.compile(files).matcher(f).find()).as(f).isTrue();
        }
    }

    @Test
    void preCommitItselfRunsTheHookFromThisRepository() throws Exception {
        assumeTrue(onPath("pre-commit") && onPath("git"), "pre-commit is not installed (.ci/install-integration-tools installs it)");
        assumeTrue(Files.isDirectory(ROOT.resolve(".git")) || Files.isRegularFile(ROOT.resolve(".git")), "not a git checkout");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("hosts/web1"));
        Files.copy(ROOT.resolve("samples/broken/hand-edited.rules"), repo.resolve("hosts/web1/iptables.rules"));
        Map<String, String> env = Map.of("NFLINT", nflint.toString(), "PRE_COMMIT_HOME", tmp.resolve("pc").toString(),
                "GIT_CONFIG_GLOBAL", "/dev/null");
        run(repo, env, "git", "init", "-q");
        run(repo, env, "git", "add", ".");

        Result r = run(repo, env, "pre-commit", "try-repo", ROOT.toString(), "nflint", "--files", "hosts/web1/iptables.rules");

        assertThat(r.exit).as(r.out + r.err).isEqualTo(1);
        assertThat(r.out).contains("nflint (netfilter rule sets)").contains("Failed")
                .contains("hosts/web1/iptables.rules:13:46: error:");
    }

    @Test
    void sarifCarriesWhatReviewdogReads() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(ROOT.resolve("samples/broken/hand-edited.rules"), repo.resolve("fw.rules"));
        Result r = run(repo, Map.of(), nflint.toString(), "check", "--fail-on", "none", "--format", "sarif", "fw.rules");
        // reviewdog -f=sarif: ruleId, level, message.text, and a location whose uri (against
        // originalUriBaseIds) names the file in the working directory, with startLine/startColumn
        JsonNode run = JSON.readTree(r.out).at("/runs/0");
        String base = run.at("/originalUriBaseIds/SRCROOT/uri").asText();
        for (JsonNode res : run.at("/results")) {
            assertThat(res.at("/ruleId").asText()).matches("NFL\\d{3}");
            assertThat(res.at("/level").asText()).isIn("error", "warning", "note");
            assertThat(res.at("/message/text").asText()).isNotBlank();
            JsonNode loc = res.at("/locations/0/physicalLocation");
            assertThat(loc.at("/artifactLocation/uriBaseId").asText()).isEqualTo("SRCROOT");
            assertThat(Path.of(java.net.URI.create(base).resolve(loc.at("/artifactLocation/uri").asText())))
                    .isEqualTo(repo.resolve("fw.rules").toRealPath());
            assertThat(loc.at("/region/startLine").asInt()).isPositive();
        }
    }

    @Test
    void systemdUnitsVerifyWithTheInstalledNflint() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && onPath("systemd-analyze") && onPath("unshare"),
                "needs root, unshare and systemd-analyze");
        Path units = Files.createDirectories(tmp.resolve("units"));
        for (String u : List.of("nflint-check.service", "nflint-check.timer")) {
            Files.copy(ROOT.resolve("examples/systemd").resolve(u), units.resolve(u));
        }
        Path bin = Files.createDirectories(tmp.resolve("usrbin"));
        script(bin.resolve("nflint"), "#!/bin/sh\nexit 0\n");
        // /usr/bin/nflint exists only inside this mount namespace, as the .deb would install it
        Result r = run(units, Map.of(), "unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t overlay overlay -o lowerdir=" + bin + ":/usr/bin /usr/bin && "
                        + "systemd-analyze verify --man=no ./nflint-check.service ./nflint-check.timer");
        assertThat(r.exit).as(r.out + r.err).isZero();
        assertThat(r.err).doesNotContain("nflint-check");
        String cron = Files.readString(ROOT.resolve("examples/cron/nflint"));
        assertThat(cron).contains("/usr/bin/nflint collect").contains("/usr/bin/nflint check").doesNotContain("/usr/local/bin");
    }

    private static Map<?, ?> yaml(Path p) throws IOException {
        return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(p));
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Path script(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private Result run(Path cwd, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(cwd.toFile());
        pb.environment().putAll(env);
        Path o = Files.createTempFile(tmp, "out", ".txt");
        Path e = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(o.toFile()).redirectError(e.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: " + String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), Files.readString(o, StandardCharsets.UTF_8), Files.readString(e, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
    }
}
