package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.rules.suppress.SuppressionFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The false alarms and the noise issue 13 found on the shared corpus, each on the file it was found in. */
class CorpusFalseAlarmsTest {

    private static List<Finding> check(String file) throws IOException {
        return TestPaths.check(file, Files.readAllBytes(TestPaths.corpus().resolve(file)));
    }

    private static Set<Integer> lines(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).map(f -> f.span().line()).collect(Collectors.toSet());
    }

    /** A filter table's header with the given INPUT policy (FORWARD drops, OUTPUT accepts). */
    private static String filter(String inputPolicy) {
        return "*filter\n:INPUT " + inputPolicy + " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    }

    @Test
    void oldKubeProxyServiceChainsThatDnatThemselvesHaveEndpoints() throws IOException {
        List<Finding> f = check("iptables/kubernetes/proxier_test__TestGetChainLinesMultipleTables.rules");
        assertThat(lines(f, "NFL501")).isEmpty();
    }

    @Test
    void relatedConnectionsPassTheNatTable() throws IOException {
        List<Finding> f = check("iptables/net-network/configs_serverfault__769294.txt.rules");
        assertThat(lines(f, "NFL103")).doesNotContain(7, 9);
        assertThat(lines(f, "NFL101")).doesNotContain(11, 12);
    }

    @Test
    void anUnmodelledModuleIsOneFindingPerFile() throws IOException {
        List<Finding> f = check("iptables/net-network/"
                + "configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01.rules");
        List<Finding> mac = f.stream().filter(x -> x.id().equals("NFL013") && x.message().contains("module mac")).toList();
        assertThat(mac).hasSize(1);
        assertThat(mac.get(0).message()).contains("1931 uses in this file");
        assertThat(mac.get(0).related()).hasSize(3);
    }

    @Test
    void placeholdersAreNamedOncePerFile() throws IOException {
        String file = TestPaths.corpusDumps().stream().filter(d -> {
            try {
                return new String(Files.readAllBytes(TestPaths.corpus().resolve(d)), StandardCharsets.UTF_8).contains("$WebApp_ipv4");
            } catch (IOException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        List<Finding> f = check(file).stream().filter(x -> x.id().equals("NFL013") && x.message().contains("placeholder")).toList();
        assertThat(f).hasSize(1);
        assertThat(f.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(f.get(0).message()).contains("'$WebApp_ipv4'").contains("iptables-restore rejects");
    }

    @Test
    void aSuppressionCommentDoesNotTurnADuplicateIntoOtherFindings() {
        String dump = filter("DROP") + """
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "nflint-disable NFL011 kept from the old script" -j ACCEPT
                COMMIT
                """;
        Ruleset rs = TestPaths.parse("dup.rules", dump.getBytes(StandardCharsets.UTF_8));
        List<Finding> findings = CheckRunner.allChecks().run(new CheckContext("dup.rules", List.of(rs)));
        assertThat(findings).extracting(Finding::id).containsExactly("NFL011");
        Set<String> ids = CheckRegistry.all().stream().map(c -> c.info().id()).collect(Collectors.toSet());
        SuppressionFilter.Result r = SuppressionFilter.apply(findings, List.of(rs),
                new SuppressionFilter.Options(ids, ids, Severity.WARNING));
        assertThat(r.kept()).isEmpty();
        assertThat(r.suppressed()).hasSize(1);
    }

    @Test
    void hairpinHelpFollowsTheCause() throws IOException {
        List<Finding> f = check("iptables/iptables-analyzer/docker.rules").stream().filter(x -> x.id().equals("NFL306")).toList();
        assertThat(f).isNotEmpty();
        for (Finding x : f) {
            // the packet dies in INPUT (-A INPUT -p tcp --dport 8080 -j DROP): hairpin mode is not the problem
            assertThat(x.help()).doesNotContain("turn hairpin mode on").contains("never reached the bridge");
        }
    }

    @Test
    void aMulticastSourceRuleSaysTheKernelDropsSuchPackets() throws IOException {
        List<Finding> f = check("iptables/net-network/config_veroneau.net__iptables-save.rules").stream()
                .filter(x -> x.span().line() == 129).toList();
        assertThat(f).extracting(Finding::message).anyMatch(m -> m.contains("the kernel drops packets from one as martians"));
    }

    @Test
    void aChainFullOfCopiesIsOneFinding() throws IOException {
        List<Finding> f = check("iptables/net-network/configs_ugent__iptables-save.rules");
        List<Finding> dup = f.stream().filter(x -> x.id().equals("NFL011")).toList();
        assertThat(dup).hasSizeLessThan(10);
        assertThat(dup).anyMatch(x -> x.message().contains("rules of this chain repeat earlier ones"));
        // the copies the group only counts are not reported again as shadowed or redundant
        assertThat(f.stream().filter(x -> x.id().equals("NFL101") || x.id().equals("NFL102"))).hasSizeLessThan(20);
    }

    @Test
    void chainsAGeneratorDeclaresByDesignAreOneInfo() throws IOException {
        List<Finding> f = check("iptables/net-network/found_online__openwrt.org__iptables-save-AA.txt.L2-129.rules").stream()
                .filter(x -> x.id().equals("NFL008")).toList();
        assertThat(f).isNotEmpty().allMatch(x -> x.severity() == Severity.INFO && x.message().contains("OpenWrt"));
        List<Finding> shorewall = check("iptables/net-network/configs_sqrl_shorewall__2014_sep_iptables-saveakachan.rules")
                .stream().filter(x -> x.id().equals("NFL008")).toList();
        assertThat(shorewall).hasSize(1).allMatch(x -> x.severity() == Severity.INFO && x.message().contains("Shorewall"));
        List<Finding> freifunk = check("iptables/net-network/found_online__sargon__iptables-save.txt.rules")
                .stream().filter(x -> x.id().equals("NFL008")).toList();
        assertThat(freifunk).hasSize(1).allMatch(x -> x.severity() == Severity.INFO);
    }

    @Test
    void ufwFragmentsJumpToChainsUfwCreates() throws IOException {
        List<Finding> f = check("iptables/ufw/after.rules").stream().filter(x -> x.id().equals("NFL007")).toList();
        assertThat(f).hasSize(1).allMatch(x -> x.severity() == Severity.INFO && x.message().contains("ufw creates them"));
    }

    @Test
    void findingsInChainsAToolOwnsAreOneInfoNamingIt() {
        String dump = filter("ACCEPT") + """
                :DOCKER - [0:0]
                :DOCKER-ISOLATION-STAGE-1 - [0:0]
                :KUBE-FIREWALL - [0:0]
                -A FORWARD -o docker0 -j DOCKER
                -A FORWARD -j DOCKER-ISOLATION-STAGE-1
                -A DOCKER-ISOLATION-STAGE-1 -j RETURN
                -A DOCKER-ISOLATION-STAGE-1 -j RETURN
                -A DOCKER-ISOLATION-STAGE-1 -j RETURN
                COMMIT
                """;
        Ruleset rs = TestPaths.parse("owned.rules", dump.getBytes(StandardCharsets.UTF_8));
        List<Finding> findings = CheckRunner.allChecks().run(new CheckContext("owned.rules", List.of(rs)));
        List<Finding> owned = findings.stream().filter(x -> x.chain().startsWith("DOCKER") || x.chain().startsWith("KUBE"))
                .filter(x -> x.id().compareTo("NFL200") < 0).toList();
        assertThat(owned).isNotEmpty().allMatch(x -> x.severity() == Severity.INFO);
        assertThat(owned.stream().filter(x -> x.id().equals("NFL012"))).hasSize(1)
                .allMatch(x -> x.message().startsWith("Docker writes chain DOCKER-ISOLATION-STAGE-1: 2 findings"));
    }
}
