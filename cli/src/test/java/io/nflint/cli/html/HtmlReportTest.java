package io.nflint.cli.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's structure without a browser: what the diagram is drawn from, escaping, determinism. */
class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void aFindingsWitnessIsDrawnThroughTheHooksItPassed() throws IOException {
        String html = Files.readString(HtmlReports.check(dir));
        // NFL301's witness is DNATed in nat PREROUTING and dropped by filter FORWARD's policy (line 5)
        assertThat(html).contains("data-nodes=\"ingress ip-PREROUTING route ip-FORWARD\"")
                .contains("data-decided=\"ip-FORWARD/filter\"")
                .contains("dropped here (line 5)")
                .contains("<mark>-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80</mark>")
                .contains("NFL301 published-port-dropped");
        // NAT before → after
        assertThat(html).contains("<code>tcp 198.51.100.20:40001 -&gt; 203.0.113.1:8080</code> \u2192 <code>tcp 198.51.100.20:40001 -&gt; 172.17.0.2:80</code>");
        // one route per witness
        assertThat(count(html, "<g class=\"route")).isEqualTo(2);
    }

    @Test
    void theDiagramListsEachHooksStagesInThePipelineModelsOrder() throws IOException {
        String html = Files.readString(HtmlReports.check(dir));
        List<String> drawn = new ArrayList<>();
        Matcher m = Pattern.compile("data-s=\"ip-PREROUTING/([a-z-]+)\"").matcher(html.substring(0, html.indexOf("</svg>")));
        while (m.find()) {
            drawn.add(m.group(1));
        }
        List<String> model = new ArrayList<>();
        for (Stage s : HookPlan.prerouting()) {
            if (s instanceof Stage.Chain c) {
                model.add(c.table());
            } else if (s instanceof Stage.ConntrackLookup) {
                model.add("conntrack");
            } else if (s instanceof Stage.ApplyRecordedNat) {
                model.add("recorded-nat");
            }
        }
        assertThat(drawn).isEqualTo(model).startsWith("raw", "conntrack", "mangle");
        assertThat(html).contains("data-g=\"br-BROUTING\"").contains("data-g=\"ingress\"").contains("data-g=\"ip-OUTPUT\"");
    }

    @Test
    void inputCannotBecomeMarkup() throws IOException {
        String html = Files.readString(HtmlReports.hostile(dir));
        assertThat(html).doesNotContain("<script>window").doesNotContain("<img src=x").doesNotContain("<b>\"x")
                .contains("&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=window.pwned=2&gt;")
                .contains("&lt;b&gt;&quot;x&#39;&amp;amp;");
        assertThat(count(html, "<script")).isEqualTo(1);
    }

    @Test
    void theFileNeedsNothingFromOutsideAndIsTheSameEveryRun() throws IOException {
        String a = Files.readString(HtmlReports.check(dir));
        Path other = Files.createDirectories(dir.resolve("again"));
        String b = Files.readString(HtmlReports.check(other));
        assertThat(a).isEqualTo(b);
        assertThat(a).contains("Content-Security-Policy").contains(HtmlPage.POLICY)
                .doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("<link").doesNotContain("@import");
    }

    @Test
    void everyCommandWritesHtmlToTheFileItIsGiven() throws IOException {
        assertThat(Files.readString(HtmlReports.trace(dir))).contains("data-view=\"trace\"").contains("id=\"diagram-1\"");
        assertThat(Files.readString(HtmlReports.matrix(dir))).contains("data-view=\"matrix\"").contains("class=\"chip blocked\"");
        assertThat(Files.readString(HtmlReports.diff(dir))).contains("data-view=\"diff\"").contains("class=\"difference\"");
        CliRun r = HtmlReports.run("trace", "samples/trace/c-forward-drop-no-accept.rules", "--in", "eth0", "--dst",
                "203.0.113.1:8080", "--format", "html=" + dir.resolve("t2.html"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("t2.html"))).startsWith("<!DOCTYPE html>");
        CliRun stdout = HtmlReports.run("matrix", "samples/docker-host.rules", "--format", "html");
        assertThat(stdout.out()).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        CliRun bad = HtmlReports.run("diff", "a", "b", "--format", "pdf");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--format must be text, json or html");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
