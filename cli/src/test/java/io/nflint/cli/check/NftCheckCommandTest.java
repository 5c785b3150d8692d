package io.nflint.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nflint check} on nft text, nft JSON, includes with -I, and an iptables-nft host bundle. */
class NftCheckCommandTest {

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return runIn(dir, args);
    }

    /** nflint with {@code dir} as its working directory, no terminal, no environment, empty stdin. */
    static CliRun runIn(Path dir, String... args) {
        io.nflint.cli.CliServices s = io.nflint.cli.CliServices.system().withTerminal(false, false)
                .withEnv(java.util.Map.of()).withStdin(new java.io.ByteArrayInputStream(new byte[0]));
        return CliRun.run(new io.nflint.cli.CliServices(s.parser(), s.checks(), s.stdin(), s.env(), dir, false, false), args);
    }

    private static final String CONF = """
            #!/usr/sbin/nft -f
            flush ruleset
            define wan = "eth0"
            include "sets.nft"
            table inet filter {
            \tchain input {
            \t\ttype filter hook input priority filter; policy drop;
            \t\tip saddr @blocked drop
            \t\tiifname $wan tcp dport 22 accept
            \t}
            }
            """;

    @Test
    void readsAConfigWithIncludesFromTheIncludePath() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("nftables.conf"), CONF);
        Files.writeString(dir.resolve("conf.d/sets.nft"),
                "table inet filter {\n\tset blocked {\n\t\ttype ipv4_addr\n\t\telements = { 192.0.2.1 }\n\t}\n}\n");
        CliRun missing = run("check", "nftables.conf");
        assertThat(missing.exitCode()).as(missing.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.out()).contains("nftables.conf:4:9: error: File not found: sets.nft");
        CliRun ok = run("check", "-I", "conf.d", "nftables.conf");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void readsNftJsonAndReportsWhatItFinds() throws IOException {
        Files.writeString(dir.resolve("ruleset.json"), """
                {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
                 {"table": {"family": "ip", "name": "t", "handle": 1}},
                 {"chain": {"family": "ip", "table": "t", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
                 {"rule": {"family": "ip", "table": "t", "chain": "input", "handle": 2, "expr": [{"jump": {"target": "missing"}}]}}]}
                """);
        CliRun r = run("check", "ruleset.json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("jump missing: table ip t has no chain 'missing'").contains("[NFL602]");
    }

    @Test
    void aBadNftFileEndsInExitTwoAtNftsPosition() throws IOException {
        Files.writeString(dir.resolve("fw.nft"), "table ip t {\n\tchain c {\n\t\ttype filter hook input priority filter policy drop;\n\t}\n}\n");
        CliRun r = run("check", "fw.nft");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).contains("fw.nft:3:42: error: syntax error, unexpected policy");
        assertThat(r.err()).doesNotContain("Exception");
    }

    /**
     * An iptables-nft host: iptables-save prints the filter table, and nft list ruleset prints it again
     * as table ip filter next to Docker's native table. The copy is not checked twice; the native
     * table is.
     */
    @Test
    void anIptablesNftBundleChecksTheXtablesTablesOnce() throws IOException {
        Path b = dir.resolve("host");
        Files.createDirectories(b);
        Files.writeString(b.resolve("iptables.rules"), """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                :UNUSED - [0:0]
                -A INPUT -i lo -j ACCEPT
                COMMIT
                """);
        Files.writeString(b.resolve("nft.rules"), """
                table ip filter {
                \tchain INPUT {
                \t\ttype filter hook input priority filter; policy accept;
                \t\tiifname "lo" counter packets 0 bytes 0 accept
                \t}

                \tchain FORWARD {
                \t\ttype filter hook forward priority filter; policy drop;
                \t}

                \tchain OUTPUT {
                \t\ttype filter hook output priority filter; policy accept;
                \t}

                \tchain UNUSED {
                \t}
                }
                table ip docker-bridges {
                \tchain filter-FORWARD {
                \t\ttype filter hook forward priority filter; policy accept;
                \t\tjump no-such-chain
                \t}
                }
                """);
        CliRun r = run("check", "--fail-on", "none", "host");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("host/nft.rules:21:3: error: jump no-such-chain");
        assertThat(r.out()).contains("host/iptables.rules").doesNotContain("chain 'UNUSED' in table ip filter");
    }

    /** A bundle's nft-hooks.txt is read: a base chain the kernel never registered is reported; garbage is exit 2 at its line. */
    @Test
    void aBundlesNftHooksAreCrossCheckedWithItsRuleset() throws IOException {
        Path b = dir.resolve("nfthost");
        Files.createDirectories(b);
        Files.writeString(b.resolve("nft.rules"), """
                table inet filter {
                \tchain input {
                \t\ttype filter hook input priority filter; policy drop;
                \t\ttcp dport 22 accept
                \t}
                }
                table netdev edge {
                \tchain ingress {
                \t\ttype filter hook ingress device "wan9" priority -500; policy accept;
                \t}
                }
                """);
        Files.writeString(b.resolve("nft-hooks.txt"), """
                family ip {
                \thook input {
                \t\t 0000000000 chain inet filter input [nf_tables]
                \t}
                }
                """);
        CliRun r = run("check", "nfthost");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("nfthost/nft.rules:9:3: warning: base chain 'ingress' of table netdev edge")
                .contains("is registered at no hook in nfthost/nft-hooks.txt").contains("[NFL611]");
        Files.writeString(b.resolve("nft-hooks.txt"), "family ip {\n\thook input {\n\t\tgarbage line\n");
        CliRun bad = run("check", "nfthost");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.out() + bad.err()).contains("nfthost/nft-hooks.txt:3:3").doesNotContain("Exception");
    }
}
