package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that are not a dump nflint can check get exit 2 and one sentence naming what they are;
 * trace's --expect, --related, standard input and interface checks (issue 13).
 */
class InputHonestyTest {

    @TempDir
    Path dir;

    private CliRun real(String stdin, String... args) {
        CliServices s = CliServices.system().withTerminal(false, false).withEnv(Map.of())
                .withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        s = new CliServices(s.parser(), s.checks(), s.stdin(), s.env(), dir, false, false);
        return CliRun.run(s, args);
    }

    @Test
    void emptyStandardInputIsBadInputNotAPass() {
        CliRun r = real("", "check", "-");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("holds no rules (it is empty)").contains("nft list ruleset");
        assertThat(r.out()).doesNotContain("NFL001");
    }

    @Test
    void legacyTablesWarningAloneIsNamed() {
        CliRun r = real("# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n", "check", "-");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("iptables-legacy-save");
    }

    @Test
    void iptablesListOutputIsNamed() {
        CliRun r = real("Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination\n"
                + "ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0\n", "check", "-");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("`iptables -L` output").contains("iptables-save");
        assertThat(r.out()).doesNotContain("NFL001");
    }

    @Test
    void nftRulesetTextAndJsonAreReadByCheckAndTraceAndNamedByMatrix() {
        String ruleset = "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t}\n}\n";
        CliRun checked = real(ruleset, "check", "-");
        assertThat(checked.exitCode()).isEqualTo(ExitCode.OK);
        // trace and matrix walk native nft tables; diff (whose symbolic side does not read nft yet) refuses them
        CliRun traced = real(ruleset, "trace", "-", "--local", "--dst", "127.0.0.1:80");
        assertThat(traced.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(traced.out()).contains("inet filter input policy accept (<stdin>:3)");
        CliRun text = real(ruleset, "matrix", "-");
        assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("endpoints:");
        CliRun json = real("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}\n",
                "matrix", "-");
        assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void ip6tablesContentInABundlesIptablesFileIsNamed() throws IOException {
        Path b = Files.createDirectories(dir.resolve("host"));
        Files.writeString(b.resolve("iptables.rules"), "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::1/128 -j DROP\nCOMMIT\n");
        CliRun r = real("", "check", "host");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("IPv6 addresses where IPv4 rules were expected");
    }

    @Test
    void natListingTakesItsTableFromItsBuiltinChains() {
        String listing = "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n"
                + "-N DOCKER\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n"
                + "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n-A DOCKER -i docker0 -j RETURN\n";
        CliRun r = real(listing, "check", "--fail-on", "warning", "-");
        assertThat(r.out()).doesNotContain("error");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        CliRun forced = real(listing, "check", "--table", "filter", "-");
        assertThat(forced.out()).contains("error");
    }

    private static final String NAT = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -i eth0 -m state --state RELATED -j DNAT --to-destination 10.0.0.5
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT
            -A FORWARD -i eth0 -m state --state RELATED -j ACCEPT
            COMMIT
            """;

    @Test
    void traceReadsStandardInputAndExpectSetsTheExitStatus() {
        CliRun ok = real(NAT, "trace", "-", "--in", "eth0", "--dst", "203.0.113.1:22", "--expect", "accept");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCode.OK);
        CliRun differs = real(NAT, "trace", "-", "--in", "eth0", "--dst", "203.0.113.1:23", "--expect", "accept");
        assertThat(differs.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(differs.err()).contains("expected accept, got drop");
        CliRun bad = real(NAT, "trace", "-", "--in", "eth0", "--dst", "203.0.113.1:23", "--expect", "maybe");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void relatedFirstPacketPassesTheNatTableAndSaysAHelperIsAssumed() {
        CliRun r = real(NAT, "trace", "-", "--in", "eth0", "--dst", "203.0.113.1:20", "--related");
        assertThat(r.out()).contains("DNAT 10.0.0.5").contains("conntrack helper");
        CliRun fresh = real(NAT, "trace", "-", "--in", "eth0", "--dst", "203.0.113.1:20");
        assertThat(fresh.out()).doesNotContain("DNAT 10.0.0.5");
    }

    @Test
    void anInterfaceNoRuleNamesIsAnAssumptionOnABareDump() {
        CliRun r = real(NAT, "trace", "-", "--in", "eht0", "--dst", "203.0.113.1:22");
        assertThat(r.out()).contains("interface eht0 is named by no rule").contains("did you mean 'eth0'?");
    }

    @Test
    void anInterfaceTheBundlesHostLacksIsAnError() {
        Path bundle = Path.of(System.getProperty("nflint.shared", "../../shared"))
                .resolve("corpus/generated/docker-20.10.24/b-default-bridge-publish-8080").toAbsolutePath().normalize();
        CliRun r = real("", "trace", bundle.toString(), "--in", "eht0", "--dst", "203.0.113.1:8080");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no interface 'eht0'").contains("did you mean 'ext0'?");
    }

    @Test
    void matrixReadsStandardInput() {
        CliRun r = real(NAT, "matrix", "-");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    }
}
