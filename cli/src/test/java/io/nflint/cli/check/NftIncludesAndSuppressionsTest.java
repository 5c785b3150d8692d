package io.nflint.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings in files an nft config includes are shown like any other (path, line, the quoted line with
 * the span marked; json and sarif locations), and {@code nflint-disable} directives work in nft files
 * and in the files they include, unless {@code --no-suppress}.
 */
class NftIncludesAndSuppressionsTest {

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return NftCheckCommandTest.runIn(dir, args);
    }

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static final String MAIN = """
            #!/usr/sbin/nft -f
            flush ruleset
            table inet filter {
            \tinclude "rules.d/input.nft"
            }
            """;

    private static final String INCLUDED = """
            chain input {
            \ttype filter hook input priority filter; policy drop;
            \ttcp dport 22 jump nowhere
            }
            """;

    @Test
    void aFindingInAnIncludedFileQuotesThatFilesLine() throws IOException {
        write("nftables.conf", MAIN);
        write("rules.d/input.nft", INCLUDED);
        CliRun r = run("check", "nftables.conf");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("rules.d/input.nft:3:15: error: jump nowhere")
                .contains("    3 | \ttcp dport 22 jump nowhere\n")
                .contains("      | \t             ^~~~~~~~~~~~\n");
        assertThat(r.err()).contains("in 2 files");
    }

    @Test
    void jsonAndSarifLocationsNameTheIncludedFile() throws Exception {
        write("nftables.conf", MAIN);
        write("rules.d/input.nft", INCLUDED);
        CliRun json = run("check", "--format", "json", "nftables.conf");
        JsonNode findings = new ObjectMapper().readTree(json.out()).get("findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).toString()).contains("rules.d/input.nft").contains("\"line\":3");
        CliRun sarif = run("check", "--format", "sarif", "nftables.conf");
        JsonNode loc = new ObjectMapper().readTree(sarif.out()).at("/runs/0/results/0/locations/0/physicalLocation");
        assertThat(loc.at("/artifactLocation/uri").asText()).isEqualTo("rules.d/input.nft");
        assertThat(loc.at("/region/startLine").asInt()).isEqualTo(3);
        assertThat(loc.at("/region/startColumn").asInt()).isEqualTo(15);
    }

    @Test
    void aDirectiveInTheIncludedFileSuppressesItsFindings() throws IOException {
        write("nftables.conf", MAIN);
        write("rules.d/input.nft", INCLUDED.replace("\ttcp dport 22", "\t# nflint-disable=NFL602 chain comes from a drop-in\n\ttcp dport 22"));
        CliRun r = run("check", "nftables.conf");
        assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).doesNotContain("NFL602");
        assertThat(r.err()).contains("1 suppressed");
        CliRun audit = run("check", "--no-suppress", "nftables.conf");
        assertThat(audit.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(audit.out()).contains("rules.d/input.nft:4:15: error: jump nowhere");
    }

    @Test
    void aDirectiveInTheMainFileDoesNotCoverTheIncludedFile() throws IOException {
        write("nftables.conf", "# nflint-disable-file=NFL602\n" + MAIN);
        write("rules.d/input.nft", INCLUDED);
        CliRun r = run("check", "nftables.conf");
        assertThat(r.out()).contains("rules.d/input.nft:3:15: error: jump nowhere")
                .contains("suppression of NFL602 is unused");
        write("rules.d/input.nft", "# nflint-disable-file=NFL602 generated\n" + INCLUDED);
        assertThat(run("check", "nftables.conf").out()).doesNotContain("jump nowhere");
    }

    @Test
    void trailingCommentsAndRuleCommentsCoverTheirOwnLine() throws IOException {
        write("a.nft", """
                table ip t {
                \tchain input {
                \t\ttype filter hook input priority filter; policy drop;
                \t\ttcp dport 22 jump nowhere # nflint-disable=NFL602 provided at run time
                \t\ttcp dport 23 jump elsewhere comment "nflint-disable NFL602 provided at run time"
                \t\ttcp dport 24 jump third
                \t}
                }
                """);
        CliRun r = run("check", "a.nft");
        assertThat(r.out()).doesNotContain("jump nowhere").doesNotContain("jump elsewhere")
                .contains("a.nft:6:16: error: jump third");
        assertThat(r.err()).contains("2 suppressed");
    }

    @Test
    void aRuleCommentSuppressesInNftJsonToo() throws IOException {
        write("ruleset.json", """
                {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
                 {"table": {"family": "ip", "name": "t", "handle": 1}},
                 {"chain": {"family": "ip", "table": "t", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
                 {"rule": {"family": "ip", "table": "t", "chain": "input", "handle": 2, "comment": "nflint-disable NFL602 at run time", "expr": [{"jump": {"target": "missing"}}]}}]}
                """);
        CliRun r = run("check", "ruleset.json");
        assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCode.OK);
        assertThat(run("check", "--no-suppress", "ruleset.json").out()).contains("[NFL602]");
    }
}
