package io.nflint.cli.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagram of an input with nftables: each hook lists the base chains the walker runs there, in
 * its order, and a path goes through the nft chains it entered (without a browser).
 */
class NftHtmlReportTest {

    @TempDir
    Path dir;

    /** The stage rows of {@code node} in the first diagram, in the order drawn. */
    private static List<String> rows(String html, String node) {
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("data-s=\"" + node + "/([^\"]+)\"").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String attr(String html, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html.substring(html.indexOf("class=\"pathinfo\"")));
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    @Test
    void anNftRulesetsHooksListItsBaseChainsInTheOrderTheWalkerRunsThem() throws IOException {
        String html = Files.readString(HtmlReports.nftTrace(dir, 22));
        // raw at -300 before conntrack (-200); the nat chain inside the NAT core after the recorded NAT
        assertThat(rows(html, "ip-PREROUTING")).containsExactly("nft:ip:raw:pre", "conntrack", "recorded-nat",
                "nft:ip:nat:prerouting");
        // the ip6 table's chain at -10 goes before the inet chains at 0 and 10 (IPv6 packets run it)
        assertThat(rows(html, "ip-INPUT")).containsExactly("nft:ip6:early:input", "nft:inet:filter:input",
                "nft:inet:late:input", "recorded-nat", "confirm");
        assertThat(rows(html, "ip-POSTROUTING")).containsExactly("recorded-nat", "nft:ip:nat:postrouting", "confirm");
        assertThat(rows(html, "ip-FORWARD")).containsExactly("nft:inet:filter:forward");
        // the row says family, table, chain and the chain's priority; no iptables or ebtables tables the input lacks
        assertThat(html).contains(">ip6 early input</text><text class=\"prio\"").contains(">-10</text>")
                .contains("IP stack: nftables, in the order they run")
                .doesNotContain("data-s=\"ip-FORWARD/filter\"").doesNotContain("data-s=\"br-");
    }

    @Test
    void aPathGoesThroughTheNftChainsItEnteredAndEndsWhereOneDropped() throws IOException {
        String html = Files.readString(HtmlReports.nftTrace(dir, 23));
        // the rule in mark_it (jumped to from raw pre) is drawn in pre's row
        assertThat(attr(html, "data-rows")).isEqualTo("ip-PREROUTING/nft:ip:raw:pre ip-PREROUTING/nft:ip:nat:prerouting"
                + " ip-INPUT/nft:inet:filter:input ip-INPUT/nft:inet:late:input");
        assertThat(attr(html, "data-nodes")).isEqualTo("ingress ip-PREROUTING route ip-INPUT");
        assertThat(attr(html, "data-decided")).isEqualTo("ip-INPUT/nft:inet:late:input");
        assertThat(html).contains("<span class=\"where\">ip raw mark_it</span> <span class=\"kind\">return</span>")
                .contains("<span class=\"line\">samples/trace/r-nft-host.nft:43</span> <code class=\"target\">verdict drop</code>"
                        + "<pre class=\"src\">tcp dport 23 drop</pre><div class=\"decision\">dropped here (line 43)</div>")
                .contains("<g class=\"route dropped\"");
    }

    @Test
    void eachNftNatStepShowsTheAddressItRewrote() throws IOException {
        String html = Files.readString(HtmlReports.nftTrace(dir, 8080));
        assertThat(attr(html, "data-nodes")).isEqualTo("ingress ip-PREROUTING route ip-FORWARD ip-POSTROUTING egress");
        // DNAT changes the destination, then masquerade the source: each step shows its own rewrite
        assertThat(html).contains("<code>tcp 198.51.100.20:40000 -&gt; 203.0.113.1:8080</code> \u2192 "
                        + "<code>tcp 198.51.100.20:40000 -&gt; 10.0.0.2:80</code>")
                .contains("<code>tcp 198.51.100.20:40000 -&gt; 10.0.0.2:80</code> \u2192 "
                        + "<code>tcp 203.0.113.1:40000 -&gt; 10.0.0.2:80</code>");
    }

    @Test
    void aBundlesNftChainsRunAmongItsIptablesTablesAndTheReplyIsDrawnBeside() throws IOException {
        String html = Files.readString(HtmlReports.bundleTrace(dir));
        // at equal priority the nft chain (loaded after iptables-save's tables) runs first
        assertThat(rows(html, "ip-PREROUTING")).containsExactly("raw", "conntrack", "mangle", "recorded-nat",
                "nft:ip:nat:prerouting", "nat");
        assertThat(rows(html, "ip-FORWARD")).containsExactly("mangle", "nft:inet:filter:forward", "filter", "security");
        assertThat(html).contains("IP stack: iptables / ip6tables and nftables base chains, in the order they run")
                .contains("id=\"diagram-1\"");
        assertThat(attr(html, "data-rows")).isEqualTo("ip-PREROUTING/nft:ip:nat:prerouting ip-FORWARD/nft:inet:filter:forward"
                + " ip-FORWARD/filter");
        assertThat(html).contains("<span class=\"where\">filter:FORWARD</span>")
                .contains("<span class=\"line\">samples/trace/s-nft-bundle/nft.rules:11</span>");
    }

    @Test
    void aCheckReportDrawsTheNftBaseChainsOfItsInput() throws IOException {
        String alone = Files.readString(HtmlReports.nftCheck(dir, HtmlReports.NFT));
        assertThat(rows(alone, "ip-INPUT")).startsWith("nft:ip6:early:input", "nft:inet:filter:input", "nft:inet:late:input");
        String bundle = Files.readString(HtmlReports.nftCheck(dir, HtmlReports.NFT_BUNDLE));
        assertThat(rows(bundle, "ip-FORWARD")).containsExactly("mangle", "nft:inet:filter:forward", "filter", "security");
        // an iptables dump alone draws what it always did
        String plain = Files.readString(HtmlReports.check(dir));
        assertThat(plain).doesNotContain("/nft:").contains("IP stack: iptables / ip6tables</text>");
    }

    @Test
    void nftTraceLinesAreReadBack() {
        PathStep rule = PathStep.parse("trace id 1a2b3c4d inet filter forward rule meta l4proto tcp ct original proto-dst { 80 }"
                + " counter (x) accept (verdict accept) (dir/a:b.nft:12)").orElseThrow();
        assertThat(rule.nft()).isTrue();
        assertThat(rule.family()).isEqualTo("inet");
        assertThat(rule.table()).isEqualTo("filter");
        assertThat(rule.chain()).isEqualTo("forward");
        assertThat(rule.ruleText()).isEqualTo("meta l4proto tcp ct original proto-dst { 80 } counter (x) accept");
        assertThat(rule.target()).isEqualTo("accept");
        assertThat(rule.file()).isEqualTo("dir/a:b.nft");
        assertThat(rule.line()).isEqualTo(12);
        assertThat(rule.verdict()).isTrue();
        assertThat(rule.nat()).isFalse();
        PathStep policy = PathStep.parse("ip6 nat postrouting policy accept (line 3)").orElseThrow();
        assertThat(policy.kind()).isEqualTo("policy");
        assertThat(policy.line()).isEqualTo(3);
        assertThat(policy.file()).isEmpty();
        PathStep dnat = PathStep.parse("ip nat prerouting rule tcp dport 8080 dnat to 10.0.0.2:80 (verdict accept) (f.nft:4)")
                .orElseThrow();
        assertThat(dnat.nat()).isTrue();
        assertThat(dnat.destinationNat()).isTrue();
        assertThat(PathStep.parse("ip nat postrouting rule oifname \"eth0\" masquerade (verdict accept) (f.nft:7)").orElseThrow()
                .destinationNat()).isFalse();
        assertThat(PathStep.parse("ip raw mark_it verdict continue (f.nft:9)").orElseThrow().kind()).isEqualTo("return");
        // matches that name NAT are not NAT
        assertThat(PathStep.parse("inet filter forward rule ct status dnat accept (verdict accept) (f.nft:2)").orElseThrow().nat())
                .isFalse();
        assertThat(PathStep.parse("ip filter input rule icmp type redirect drop (verdict drop) (f.nft:2)").orElseThrow().nat())
                .isFalse();
        assertThat(PathStep.parse("ip nat output rule tcp dport 80 redirect to :8080 (verdict accept) (f.nft:2)").orElseThrow()
                .destinationNat()).isTrue();
    }
}
