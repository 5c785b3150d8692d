package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Chain;
import io.nflint.ir.Direction;
import io.nflint.ir.Family;
import io.nflint.ir.IpNet;
import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.MultiportMatch;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.UnknownTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpParserTest {

    private static Ruleset parse(String text) {
        return DumpParser.parse("t.rules", text, ParseOptions.DETECT);
    }

    private static Rule onlyRule(String ruleLine) {
        Ruleset rs = parse("*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n" + ruleLine + "\nCOMMIT\n");
        assertThat(rs.diagnostics()).isEmpty();
        return rs.rules().get(0);
    }

    @Test
    void negationInBothSyntaxes() {
        Rule modern = onlyRule("-A INPUT ! -s 10.0.0.0/8 -j ACCEPT");
        Rule old = onlyRule("-A INPUT -s ! 10.0.0.0/8 -j ACCEPT");
        AddressMatch a = (AddressMatch) modern.matches().get(0);
        AddressMatch b = (AddressMatch) old.matches().get(0);
        assertThat(a.negated()).isTrue();
        assertThat(b.negated()).isTrue();
        assertThat(a.nets()).isEqualTo(b.nets()).containsExactly(IpNet.parse("10.0.0.0/8").orElseThrow());
    }

    @Test
    void dottedMaskAndNonContiguousMask() {
        AddressMatch m = (AddressMatch) onlyRule("-A INPUT -d 192.168.1.0/255.255.255.0 -j ACCEPT").matches().get(0);
        assertThat(m.direction()).isEqualTo(Direction.DESTINATION);
        assertThat(m.nets().get(0).length()).isEqualTo(24);
        AddressMatch odd = (AddressMatch) onlyRule("-A INPUT -s 10.0.0.1/255.0.255.0 -j ACCEPT").matches().get(0);
        assertThat(odd.nets().get(0).length()).isEqualTo(-1);
        assertThat(odd.nets().get(0).toString()).isEqualTo("10.0.0.0/255.0.255.0");
    }

    @Test
    void zeroArityOptionLeavesItsBangToTheNextOption() {
        TcpMatch t = (TcpMatch) onlyRule("-A INPUT -p tcp -m tcp --syn ! --dport 22 -j ACCEPT").matches().get(1);
        assertThat(t.flags().negated()).isFalse();
        assertThat(t.dport().negated()).isTrue();
        assertThat(t.dport().value()).isEqualTo(PortRange.of(22));
    }

    @Test
    void implicitProtocolModuleAndAbbreviatedOptions() {
        Rule r = onlyRule("-A INPUT -p tcp --dport 8000:8080 --in-int lo -j ACCEPT");
        assertThat(r.matches()).hasSize(3);
        assertThat(((TcpMatch) r.matches().get(1)).dport().value()).isEqualTo(new PortRange(8000, 8080));
        assertThat(((InterfaceMatch) r.matches().get(2)).name()).isEqualTo("lo");
    }

    @Test
    void spansPointAtTheOption() {
        Rule r = onlyRule("-A X -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80");
        TcpMatch t = (TcpMatch) r.matches().get(1);
        assertThat(t.dport().span().column()).isEqualTo(20);
        assertThat(t.dport().span().endColumn()).isEqualTo(32);
        Dnat d = (Dnat) r.target();
        assertThat(d.span().column()).isEqualTo(33);
        assertThat(d.to().get(0).toString()).isEqualTo("172.17.0.2:80");
        assertThat(r.span().line()).isEqualTo(4);
    }

    @Test
    void commentsQuotedUnquotedAndEscaped() {
        assertThat(((CommentMatch) onlyRule("-A INPUT -m comment --comment \"ssh \\\"admin\\\" access\" -j ACCEPT")
                .matches().get(0)).text()).isEqualTo("ssh \"admin\" access");
        assertThat(((CommentMatch) onlyRule("-A INPUT -m comment --comment plain -j ACCEPT").matches().get(0)).text())
                .isEqualTo("plain");
    }

    @Test
    void conntrackAndMultiport() {
        Rule r = onlyRule("-A INPUT -p tcp -m multiport --dports 80,443,8000:8010 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        MultiportMatch mp = (MultiportMatch) r.matches().get(1);
        assertThat(mp.ports()).containsExactly(PortRange.of(80), PortRange.of(443), new PortRange(8000, 8010));
        assertThat(((ConntrackMatch) r.matches().get(2)).state().value()).hasSize(2);
    }

    @Test
    void unknownModuleAndTargetAreKeptVerbatim() {
        Rule r = onlyRule("-A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name x -j NFQUEUE --queue-num 3");
        UnknownMatch u = (UnknownMatch) r.matches().get(0);
        assertThat(u.module()).isEqualTo("hashlimit");
        assertThat(u.options()).hasSize(2);
        assertThat(u.options().get(0).values()).containsExactly("5/sec");
        UnknownTarget t = (UnknownTarget) r.target();
        assertThat(t.name()).isEqualTo("NFQUEUE");
        assertThat(t.terminal()).isTrue();
    }

    @Test
    void anOptionAfterAnUnknownModuleGoesToTheModuleThatKnowsIt() {
        // iptables gives --dport to udp: policy has no such option (issue 13: it showed up in NFL013)
        Rule r = onlyRule("-A INPUT -p udp -m policy --dir in --pol ipsec --dport 1701 -j ACCEPT");
        UnknownMatch u = r.matches().stream().filter(m -> m instanceof UnknownMatch).map(m -> (UnknownMatch) m)
                .findFirst().orElseThrow();
        assertThat(u.module()).isEqualTo("policy");
        assertThat(u.options()).extracting(o -> o.name()).containsExactly("--dir", "--pol");
        io.nflint.ir.match.UdpMatch udp = r.matches().stream().filter(m -> m instanceof io.nflint.ir.match.UdpMatch)
                .map(m -> (io.nflint.ir.match.UdpMatch) m).findFirst().orElseThrow();
        assertThat(udp.dport().value().lo()).isEqualTo(1701);
    }

    @Test
    void markTargetSpellingsNormalise() {
        MarkTarget set = (MarkTarget) onlyRule("-A INPUT -j MARK --set-mark 0x4000/0x4000").target();
        MarkTarget or = (MarkTarget) onlyRule("-A INPUT -j MARK --or-mark 0x4000").target();
        assertThat(set.apply(0x1)).isEqualTo(or.apply(0x1)).isEqualTo(0x4001);
    }

    @Test
    void rejectDefaultsPerFamily() {
        assertThat(((Reject) onlyRule("-A INPUT -j REJECT").target()).with()).isEqualTo("icmp-port-unreachable");
        Ruleset v6 = DumpParser.parse("x", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j REJECT\nCOMMIT\n",
                ParseOptions.DETECT.withFamily(Family.IPV6));
        assertThat(((Reject) v6.rules().get(0).target()).with()).isEqualTo("icmp6-port-unreachable");
    }

    @Test
    void restoreCommandsApplyInOrder() {
        Ruleset rs = parse("""
                *filter
                :INPUT ACCEPT [0:0]
                -N WEB
                -A INPUT -p tcp --dport 80 -j WEB
                -A INPUT -p tcp --dport 22 -j ACCEPT
                -I INPUT 1 -i lo -j ACCEPT
                -D INPUT 3
                -E WEB HTTP
                -P INPUT DROP
                COMMIT
                """);
        assertThat(rs.diagnostics()).isEmpty();
        Chain input = rs.table("filter").orElseThrow().chain("INPUT").orElseThrow();
        assertThat(input.policy()).isEqualTo("DROP");
        assertThat(input.rules()).extracting(Rule::number).containsExactly(1, 2);
        assertThat(input.rules().get(0).matches().get(0)).isInstanceOf(InterfaceMatch.class);
        assertThat(((Jump) input.rules().get(1).target()).chain()).isEqualTo("HTTP");
        assertThat(rs.table("filter").orElseThrow().chain("HTTP")).isPresent();
    }

    @Test
    void listingFormatUsesDefaultTableAndDashT() {
        Ruleset rs = parse("""
                -P INPUT DROP
                -N DOCKER
                -A INPUT -i lo -j ACCEPT
                -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                """);
        assertThat(rs.listing()).isTrue();
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.table("filter").orElseThrow().chain("INPUT").orElseThrow().rules()).hasSize(1);
        assertThat(rs.table("nat").orElseThrow().chain("POSTROUTING").orElseThrow().rules()).hasSize(1);
    }

    @Test
    void familyPrefixesSkipOtherFamilyLines() {
        Ruleset rs = parse("*filter\n:INPUT ACCEPT [0:0]\n-4 -A INPUT -s 10.0.0.1 -j DROP\n-6 -A INPUT -s 2001:db8::1 -j DROP\nCOMMIT\n");
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.rules()).hasSize(1);
    }

    @Test
    void ebtablesBangAfterOptionAndAmong() {
        Ruleset rs = DumpParser.parse("ebtables.rules", """
                *filter
                :INPUT ACCEPT
                :FORWARD DROP
                -A FORWARD -p IPv4 --ip-src ! 10.0.0.0/8 -j ACCEPT
                -A INPUT --among-src ! de:ad:0:be:ee:ff=10.0.0.1 -j CONTINUE
                """, ParseOptions.DETECT);
        assertThat(rs.family()).isEqualTo(Family.BRIDGE);
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.rules()).hasSize(2);
        assertThat(rs.table("filter").orElseThrow().commitSpan()).isNull();
    }

    @Test
    void errorsNameLineAndColumn() {
        Ruleset rs = parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 70000 -j ACCEPT\n-A INPUT -s 300.1.1.1 -j DROP\n"
                + "-A INPUT -p tcp --dport\n-A INPUT !\nCOMMIT\n");
        List<ParseDiagnostic> d = rs.diagnostics();
        assertThat(d).extracting(x -> x.span().line()).containsExactly(3, 4, 5, 6);
        assertThat(d.get(0).message()).contains("70000");
        assertThat(d.get(0).span().column()).isEqualTo(25);
        assertThat(d.get(1).message()).contains("300.1.1.1");
        assertThat(d.get(2).message()).contains("requires an argument");
        assertThat(rs.rules()).isEmpty();
    }

    @Test
    void crlfBomAndIndentationAreDiagnosedButParsed() {
        byte[] body = "*filter\r\n  :INPUT ACCEPT [0:0]\r\n  -A INPUT -j ACCEPT\r\nCOMMIT\r\n".getBytes();
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Ruleset rs = DumpParser.parse("w.rules", withBom, ParseOptions.DETECT);
        assertThat(rs.rules()).hasSize(1);
        assertThat(rs.diagnostics()).extracting(ParseDiagnostic::kind).containsOnly(ParseDiagnostic.Kind.RESTORE_FAILS);
        assertThat(rs.diagnostics()).extracting(ParseDiagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("byte order mark"))
                .anySatisfy(m -> assertThat(m).contains("CRLF"))
                .anySatisfy(m -> assertThat(m).contains("indented"));
    }

    @Test
    void hostNamesAreKeptAsUnknown() {
        Rule r = onlyRule("-A INPUT -s ntp.example.net -p udp --sport 123 -j ACCEPT");
        assertThat(r.matches().get(0)).isInstanceOf(UnknownMatch.class);
    }

    @Test
    void linesTooLongForRestoresBufferAreCountedInUtf8Bytes() {
        String head = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"";
        String tail = "\" -j ACCEPT\nCOMMIT\n";
        // 3,500 three-byte characters: 10,500 bytes, though only 3,500 chars
        assertThat(parse(head + "\u20ac".repeat(3_500) + tail).diagnostics())
                .anyMatch(d -> d.message().contains("bytes long; iptables-restore reads at most"));
        // 3,000 two-byte characters: 6,000 bytes fit
        assertThat(parse(head + "\u00e9".repeat(3_000) + tail).diagnostics())
                .noneMatch(d -> d.message().contains("bytes long"));
        assertThat(parse(head + "x".repeat(10_300) + tail).diagnostics())
                .anyMatch(d -> d.message().contains("bytes long"));
    }
}
