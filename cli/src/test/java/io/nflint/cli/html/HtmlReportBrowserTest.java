package io.nflint.cli.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The reports in a real browser, opened from file:// with the network cut off: they load without a
 * console error or a request, the diagram marks the hooks of the selected packet's path and shows
 * the deciding rule with its line, the findings filter, a matrix port opens its path, a diff draws
 * both sides, and hostile input stays text. Screenshots land in target/html-report-screenshots.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportBrowserTest {

    @TempDir
    Path dir;

    private ChromeDriver browser;

    @BeforeAll
    void start() {
        browser = Browser.open();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void load(Path page) throws IOException {
        Browser.consoleErrors(browser);
        Browser.requests(browser);
        browser.get(Browser.url(page));
        assertThat(browser.getTitle()).startsWith("nflint");
        assertThat(Browser.consoleErrors(browser)).as("console errors").isEmpty();
        // the log sees the page's own request, so it would see any other
        assertThat(Browser.requests(browser)).as("requests").anyMatch(u -> u.startsWith("file:"))
                .allMatch(u -> u.startsWith("file:") || u.startsWith("data:"));
        Path shots = Files.createDirectories(HtmlReports.ROOT.resolve("cli/target/html-report-screenshots"));
        Files.write(shots.resolve(page.getFileName().toString().replace(".html", ".png")),
                browser.getScreenshotAs(OutputType.BYTES));
    }

    private boolean marked(int slot, String attr, String value, String cls) {
        WebElement e = browser.findElement(By.cssSelector("#diagram-" + slot + " [" + attr + "=\"" + value + "\"]"));
        return List.of(e.getAttribute("class").split(" ")).contains(cls);
    }

    private WebElement shownPanel(int slot) {
        return browser.findElements(By.cssSelector("#slot-" + slot + " .pathinfo")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElseThrow();
    }

    @Test
    void clickingAFindingDrawsItsWitnessPath() throws IOException {
        load(HtmlReports.check(dir));
        List<WebElement> witnesses = browser.findElements(By.cssSelector(".finding.has-path"));
        assertThat(browser.findElements(By.cssSelector("#diagram-0 .route"))).hasSameSizeAs(witnesses).hasSize(2);
        WebElement f = browser.findElement(By.cssSelector(".finding[data-check=NFL301]"));
        f.click();
        assertThat(f.getAttribute("class")).contains("selected");
        for (String hook : List.of("ingress", "ip-PREROUTING", "route", "ip-FORWARD")) {
            assertThat(marked(0, "data-g", hook, "on")).as(hook).isTrue();
        }
        for (String hook : List.of("ip-INPUT", "ip-POSTROUTING", "ip-OUTPUT", "br-FORWARD", "egress")) {
            assertThat(marked(0, "data-g", hook, "on")).as(hook).isFalse();
        }
        assertThat(marked(0, "data-s", "ip-PREROUTING/nat", "on")).isTrue();
        assertThat(marked(0, "data-s", "ip-FORWARD/filter", "decided")).isTrue();
        String id = f.getAttribute("data-paths");
        assertThat(browser.findElement(By.cssSelector("#diagram-0 .route[data-path=" + id + "]")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#diagram-0 .route")).stream().filter(WebElement::isDisplayed)).hasSize(1);
        WebElement panel = shownPanel(0);
        assertThat(panel.getAttribute("id")).isEqualTo("path-" + id);
        WebElement decided = panel.findElement(By.cssSelector(".step.decided"));
        assertThat(decided.getText()).contains("filter:FORWARD").contains("line 5").contains("DROP").contains("dropped here");
        assertThat(panel.findElement(By.cssSelector(".step.nat .rewrite")).getText())
                .contains("203.0.113.1:8080").contains("172.17.0.2:80");
        assertThat(Browser.consoleErrors(browser)).isEmpty();
    }

    @Test
    void findingsFilterBySearchSeverityAndCheck() throws IOException {
        load(HtmlReports.check(dir));
        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("never matches");
        assertThat(visible(".finding")).extracting(e -> e.getAttribute("data-check")).containsExactly("NFL309");
        assertThat(browser.findElement(By.id("shown-count")).getText()).isEqualTo("1");
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        assertThat(visible(".finding")).hasSize(2);
        browser.findElement(By.cssSelector("#check-filter option[value=NFL301]")).click();
        assertThat(visible(".finding")).extracting(e -> e.getAttribute("data-check")).containsExactly("NFL301");
        browser.findElement(By.cssSelector("#check-filter option[value='']")).click();
        browser.findElement(By.cssSelector("input.sev-filter[value=warning]")).click();
        assertThat(visible(".finding")).isEmpty();
        assertThat(visible(".group")).isEmpty();
        assertThat(Browser.consoleErrors(browser)).isEmpty();
    }

    @Test
    void aMatrixPortOpensItsPath() throws IOException {
        load(HtmlReports.matrix(dir));
        WebElement blocked = browser.findElement(By.cssSelector("td[data-from=outside] .chip.blocked"));
        blocked.click();
        WebElement panel = shownPanel(0);
        assertThat(panel.getAttribute("id")).isEqualTo("path-" + blocked.getAttribute("data-paths"));
        assertThat(panel.getText()).contains("outside").contains(blocked.getText()).contains("drop");
        assertThat(marked(0, "data-g", "ip-PREROUTING", "on")).isTrue();
        WebElement reached = browser.findElement(By.cssSelector("td[data-from=outside] .chip.reach"));
        reached.click();
        assertThat(shownPanel(0).getAttribute("id")).isEqualTo("path-" + reached.getAttribute("data-paths"));
        assertThat(shownPanel(0).findElement(By.cssSelector(".verdict")).getText()).startsWith("accept");
        assertThat(marked(0, "data-g", "egress", "on") || marked(0, "data-g", "local", "on")).isTrue();
        assertThat(Browser.consoleErrors(browser)).isEmpty();
    }

    @Test
    void aTraceWithReplyDrawsBothDirectionsSideBySide() throws IOException {
        load(HtmlReports.trace(dir));
        assertThat(browser.findElements(By.cssSelector("svg.flow"))).hasSize(2);
        List<WebElement> outcomes = browser.findElements(By.cssSelector(".outcome"));
        assertThat(outcomes).hasSize(2);
        outcomes.get(0).click();
        assertThat(shownPanel(0).getText()).contains("DNAT 172.17.0.2:80").contains("line 8");
        outcomes.get(1).click();
        assertThat(shownPanel(1).getText()).contains("reply to");
        assertThat(marked(0, "data-g", "ip-FORWARD", "on")).isTrue();
    }

    @Test
    void aDiffShowsTheOldAndNewPathOfEachWitness() throws IOException {
        load(HtmlReports.diff(dir));
        List<WebElement> diffs = browser.findElements(By.cssSelector(".difference"));
        assertThat(diffs).isNotEmpty();
        diffs.get(0).click();
        String[] ids = diffs.get(0).getAttribute("data-paths").split(" ");
        assertThat(shownPanel(0).getAttribute("id")).isEqualTo("path-" + ids[0]);
        assertThat(shownPanel(1).getAttribute("id")).isEqualTo("path-" + ids[1]);
        assertThat(browser.findElement(By.cssSelector("#diagram-0 .route[data-path=" + ids[0] + "]")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("#diagram-1 .route[data-path=" + ids[1] + "]")).isDisplayed()).isTrue();
        assertThat(shownPanel(0).findElement(By.cssSelector(".verdict")).getText())
                .isNotEqualTo(shownPanel(1).findElement(By.cssSelector(".verdict")).getText());
    }

    @Test
    void hostileCommentsAndChainNamesStayText() throws IOException {
        load(HtmlReports.hostile(dir));
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.findElements(By.tagName("script"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("main img, main b"))).isEmpty();
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("<script>window.pwned=1</script><img src=x onerror=window.pwned=2>")
                .contains("<b>\"x'&amp;");
    }

    private List<String> drawnRows(int slot, String node) {
        return browser.findElements(By.cssSelector("#diagram-" + slot + " [data-g=\"" + node + "\"] .row")).stream()
                .map(e -> e.getAttribute("data-s")).toList();
    }

    @Test
    void anNftRulesetsTraceGoesThroughItsBaseChainsInPriorityOrder() throws IOException {
        load(HtmlReports.nftTrace(dir, 8080));
        assertThat(drawnRows(0, "ip-PREROUTING")).containsExactly("ip-PREROUTING/nft:ip:raw:pre", "ip-PREROUTING/conntrack",
                "ip-PREROUTING/recorded-nat", "ip-PREROUTING/nft:ip:nat:prerouting");
        assertThat(drawnRows(0, "ip-INPUT")).startsWith("ip-INPUT/nft:ip6:early:input", "ip-INPUT/nft:inet:filter:input",
                "ip-INPUT/nft:inet:late:input");
        List<WebElement> outcomes = browser.findElements(By.cssSelector(".outcome"));
        assertThat(browser.findElements(By.cssSelector("#diagram-0 .route"))).hasSameSizeAs(outcomes).hasSize(1);
        outcomes.get(0).click();
        for (String row : List.of("ip-PREROUTING/nft:ip:raw:pre", "ip-PREROUTING/nft:ip:nat:prerouting",
                "ip-FORWARD/nft:inet:filter:forward", "ip-POSTROUTING/nft:ip:nat:postrouting")) {
            assertThat(marked(0, "data-s", row, "on")).as(row).isTrue();
        }
        assertThat(marked(0, "data-s", "ip-INPUT/nft:inet:filter:input", "on")).isFalse();
        assertThat(marked(0, "data-g", "ip-INPUT", "on")).isFalse();
        assertThat(marked(0, "data-s", "ip-POSTROUTING/nft:ip:nat:postrouting", "decided")).isTrue();
        WebElement panel = shownPanel(0);
        assertThat(panel.getText()).contains("ip nat prerouting").contains("samples/trace/r-nft-host.nft:19")
                .contains("tcp dport 8080 dnat to 10.0.0.2:80").contains("ip raw mark_it");
        assertThat(panel.findElements(By.cssSelector(".step.nat .rewrite"))).hasSize(2);
        assertThat(Browser.consoleErrors(browser)).isEmpty();
    }

    @Test
    void anNftDropIsMarkedInTheChainThatDropped() throws IOException {
        load(HtmlReports.nftTrace(dir, 23));
        browser.findElement(By.cssSelector(".outcome")).click();
        assertThat(marked(0, "data-s", "ip-INPUT/nft:inet:late:input", "decided")).isTrue();
        assertThat(marked(0, "data-g", "local", "on")).isFalse();
        assertThat(shownPanel(0).findElement(By.cssSelector(".step.decided")).getText())
                .contains("inet late input").contains("r-nft-host.nft:43").contains("dropped here");
    }

    @Test
    void aMixedBundleDrawsItsNftAndIptablesTablesTogether() throws IOException {
        load(HtmlReports.nftCheck(dir, HtmlReports.NFT_BUNDLE));
        assertThat(drawnRows(0, "ip-FORWARD")).containsExactly("ip-FORWARD/mangle", "ip-FORWARD/nft:inet:filter:forward",
                "ip-FORWARD/filter", "ip-FORWARD/security");
        List<WebElement> witnesses = browser.findElements(By.cssSelector(".finding.has-path"));
        assertThat(browser.findElements(By.cssSelector("#diagram-0 .route"))).hasSameSizeAs(witnesses).isNotEmpty();
        witnesses.get(0).click();
        assertThat(shownPanel(0).getAttribute("id")).isEqualTo("path-" + witnesses.get(0).getAttribute("data-paths"));

        load(HtmlReports.bundleTrace(dir));
        List<WebElement> outcomes = browser.findElements(By.cssSelector(".outcome"));
        assertThat(outcomes).hasSize(2);
        outcomes.get(0).click();
        assertThat(marked(0, "data-s", "ip-PREROUTING/nft:ip:nat:prerouting", "on")).isTrue();
        assertThat(marked(0, "data-s", "ip-PREROUTING/nat", "on")).isFalse();
        assertThat(marked(0, "data-s", "ip-FORWARD/nft:inet:filter:forward", "on")).isTrue();
        assertThat(marked(0, "data-s", "ip-FORWARD/filter", "decided")).isTrue();
        assertThat(shownPanel(0).findElement(By.cssSelector(".step.nat .rewrite")).getText())
                .contains("198.51.100.1:8080").contains("172.17.0.2:80");
        outcomes.get(1).click();
        assertThat(shownPanel(1).getText()).contains("reply to");
        assertThat(Browser.consoleErrors(browser)).isEmpty();
    }

    private List<WebElement> visible(String css) {
        return browser.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).toList();
    }
}
