package io.nflint.cli.html;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless chromium driven through its chromium-driver, with no network: every host name
 * resolves to nothing and the proxy is a closed loopback port, so a page that tried to fetch
 * anything would show it in the network log the tests read. Missing browser packages skip the
 * tests with the reason locally; under CI (which installs them, .ci/install-browser) they fail.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    static ChromeDriver open() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String why = "the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
                + "): bash .ci/install-browser installs them";
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(present, why);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--allow-file-access-from-files");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        o.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File("/dev/null")).build();
        return new ChromeDriver(service, o);
    }

    static String url(Path file) {
        return file.toAbsolutePath().toUri().toString();
    }

    /** The console messages at SEVERE level since the last call. */
    static List<String> consoleErrors(ChromeDriver d) {
        return d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
    }

    /** Every URL the page asked the network stack for since the last call. */
    static List<String> requests(ChromeDriver d) {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (var e : d.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            try {
                JsonNode m = json.readTree(e.getMessage()).path("message");
                if (m.path("method").asText().equals("Network.requestWillBeSent")) {
                    out.add(m.path("params").path("request").path("url").asText());
                }
            } catch (JsonProcessingException x) {
                throw new IllegalStateException(x);
            }
        }
        return out;
    }
}
