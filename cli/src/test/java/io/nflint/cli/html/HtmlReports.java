package io.nflint.cli.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.CliServices;
import io.nflint.cli.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes HTML reports of the repository's samples with the real parser and checks, as a user runs them. */
final class HtmlReports {

    static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();
    static final String PUBLISHED = "samples/checks/NFL301-published-port-dropped.rules";
    /** An nft ruleset alone: chains of ip, ip6 and inet tables at several priorities. */
    static final String NFT = "samples/trace/r-nft-host.nft";
    /** A host bundle with iptables.rules and nft.rules (a published port DNATed by nft). */
    static final String NFT_BUNDLE = "samples/trace/s-nft-bundle";

    /** A comment and a chain name that would be markup and script if the report did not escape them. */
    static final String HOSTILE = String.join("\n",
            "*filter",
            ":INPUT ACCEPT [0:0]",
            ":FORWARD ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]",
            ":<b>\"x'&amp; - [0:0]",
            "-A INPUT -p tcp -m tcp --dport 22 -m comment --comment \"<script>window.pwned=1</script><img src=x onerror=window.pwned=2>\" -j ACCEPT",
            "-A INPUT -p tcp -m tcp --dport 22 -m comment --comment \"<script>window.pwned=1</script><img src=x onerror=window.pwned=2>\" -j ACCEPT",
            "COMMIT",
            "");

    private HtmlReports() {
    }

    static CliRun run(String... args) {
        CliServices s = CliServices.system().withTerminal(false, false).withEnv(Map.of())
                .withStdin(new ByteArrayInputStream(new byte[0]));
        s = new CliServices(s.parser(), s.checks(), s.stdin(), s.env(), ROOT, false, false);
        return CliRun.run(s, args);
    }

    /** Runs the command with {@code -o FILE} added and returns the page. */
    static String write(Path file, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("-o");
        all.add(file.toString());
        CliRun r = run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isLessThan(2);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static Path check(Path dir) throws IOException {
        Path f = dir.resolve("check.html");
        write(f, "check", "--format", "html", PUBLISHED);
        return f;
    }

    static Path hostile(Path dir) throws IOException {
        Path rules = dir.resolve("hostile.rules");
        Files.writeString(rules, HOSTILE);
        Path f = dir.resolve("hostile.html");
        write(f, "check", "--format", "html", rules.toString());
        return f;
    }

    static Path trace(Path dir) throws IOException {
        Path f = dir.resolve("trace.html");
        write(f, "trace", "samples/trace/c-forward-drop-no-accept.rules", "--in", "eth0", "--proto", "tcp",
                "--src", "198.51.100.7", "--dst", "203.0.113.1:8080", "--reply", "--format", "html");
        return f;
    }

    /** {@code trace --format html} of {@link #NFT} for a packet from outside to the host's port. */
    static Path nftTrace(Path dir, int port) throws IOException {
        Path f = dir.resolve("nft-trace-" + port + ".html");
        write(f, "trace", NFT, "--in", "eth0", "--dst", "203.0.113.1:" + port, "--format", "html");
        return f;
    }

    /** The published port of {@link #NFT_BUNDLE} and its reply, through the nft and the iptables tables. */
    static Path bundleTrace(Path dir) throws IOException {
        Path f = dir.resolve("bundle-trace.html");
        write(f, "trace", NFT_BUNDLE, "--in", "ext0", "--src", "198.51.100.2:40000", "--dst", "198.51.100.1:8080",
                "--reply", "--format", "html");
        return f;
    }

    static Path nftCheck(Path dir, String input) throws IOException {
        Path f = dir.resolve("check-" + Path.of(input).getFileName() + ".html");
        write(f, "check", "--format", "html", input);
        return f;
    }

    static Path matrix(Path dir) throws IOException {
        Path f = dir.resolve("matrix.html");
        write(f, "matrix", "samples/docker-host.rules", "--format", "html");
        return f;
    }

    static Path diff(Path dir) throws IOException {
        Path f = dir.resolve("diff.html");
        write(f, "diff", "samples/checks/NFL301-published-port-dropped.rules",
                "samples/checks/NFL301-published-port-dropped.fixed.rules", "--format", "html");
        return f;
    }
}
