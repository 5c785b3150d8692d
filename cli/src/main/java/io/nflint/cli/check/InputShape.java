package io.nflint.cli.check;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintException;
import io.nflint.ir.Family;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an input is before it is parsed, so that what is not a dump at all gets one clear sentence and
 * exit status 2 instead of a screen of syntax errors, and nothing passes a gate by holding no rules:
 * an empty file ({@code sudo iptables-save | nflint check -} whose first half failed), a dump with
 * no tables (an nftables host, or iptables-nft's "legacy tables present" warning alone),
 * {@code iptables -L} output, {@code nft list ruleset} text or JSON, and ip6tables content read as
 * IPv4 or the reverse. It also names the table of an {@code iptables -S} listing from its built-in
 * chains' policies.
 */
final class InputShape {

    private static final Pattern LIST_CHAIN = Pattern.compile("Chain \\S+ \\((policy \\S+|\\d+ references).*\\)\\s*");
    private static final Pattern NFT_TABLE = Pattern.compile("table (ip|ip6|inet|arp|bridge|netdev) \\S+ \\{\\s*");
    private static final Pattern POLICY = Pattern.compile("-P (\\S+) \\S+.*");
    private static final Pattern IPV6_ADDRESS = Pattern.compile("\\s-[sd] [0-9a-fA-F]*:[0-9a-fA-F:]*(/\\d+)?\\s");
    private static final Pattern IPV4_ADDRESS = Pattern.compile("\\s-[sd] \\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(/\\d+)?\\s");
    private static final String LEGACY_WARNING = "# Warning: iptables-legacy tables present";

    private InputShape() {
    }

    /** Throws a bad-input error naming what the input is when it is not something nflint can check. */
    static void validate(InputSource source) {
        for (DumpInput d : source.dumps()) {
            if (InputFormat.detect(d.displayName(), d.content()) != InputFormat.XTABLES) {
                continue; // nftables text or JSON: the nft reader gives its own positioned errors
            }
            problem(d, source.isBundle()).ifPresent(p -> {
                throw new NflintException(d.displayName() + ": " + p, ExitCode.BAD_INPUT, false);
            });
        }
    }

    static Optional<String> problem(DumpInput d, boolean inBundle) {
        String text = new String(d.content(), StandardCharsets.UTF_8);
        boolean tables = false;
        boolean rules = false;
        boolean legacyWarning = false;
        String first = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(LEGACY_WARNING)) {
                legacyWarning = true;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (first == null) {
                first = line;
            }
            tables |= line.startsWith("*");
            rules |= line.startsWith("-") || line.startsWith(":") || line.startsWith("[");
        }
        if (first != null && LIST_CHAIN.matcher(first).matches()) {
            return Optional.of("this is `iptables -L` output, which leaves out interfaces, negations and match options;"
                    + " give nflint what `iptables-save` (or `iptables -S`) prints");
        }
        if (first != null && (NFT_TABLE.matcher(first).matches() || first.startsWith("{\"nftables\""))) {
            return Optional.of("this is an nftables ruleset (`nft " + (first.startsWith("{") ? "-j " : "")
                    + "list ruleset`), which only `nflint check` reads so far; on a host that uses iptables, give nflint what `iptables-save` prints");
        }
        if (!tables && !rules && !inBundle) {
            return Optional.of("holds no rules" + (legacyWarning
                    ? ": iptables-nft printed only its warning that the rules are in the legacy tables;"
                    + " check what `iptables-legacy-save` prints"
                    : (d.content().length == 0 ? " (it is empty)" : " (no tables)")
                    + ": if the command that wrote it failed, run it again (as root: sudo iptables-save);"
                    + " on an nftables host give nflint what `nft list ruleset` prints"));
        }
        if (d.family() == Family.IPV4 && IPV6_ADDRESS.matcher(text).find() && !IPV4_ADDRESS.matcher(text).find()) {
            return Optional.of("holds IPv6 addresses where IPv4 rules were expected: is it what `ip6tables-save` prints?");
        }
        if (d.family() == Family.IPV6 && IPV4_ADDRESS.matcher(text).find() && !IPV6_ADDRESS.matcher(text).find()) {
            return Optional.of("holds IPv4 addresses where IPv6 rules were expected: is it what `iptables-save` prints?");
        }
        return Optional.empty();
    }

    /**
     * The table an {@code iptables -S} listing (no {@code *table} line) is of, from the built-in
     * chains its {@code -P} lines set: PREROUTING and POSTROUTING without FORWARD is nat, all five is
     * mangle, PREROUTING and OUTPUT alone is raw; null for filter or when it cannot tell.
     */
    static String listingTable(byte[] content) {
        Set<String> policies = new LinkedHashSet<>();
        for (String raw : new String(content, StandardCharsets.UTF_8).split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                return null;
            }
            var m = POLICY.matcher(line);
            if (m.matches()) {
                policies.add(m.group(1));
            }
        }
        boolean pre = policies.contains("PREROUTING");
        boolean post = policies.contains("POSTROUTING");
        boolean forward = policies.contains("FORWARD");
        if (pre && post && forward) {
            return "mangle";
        }
        if (post || pre && policies.contains("INPUT")) {
            return "nat";
        }
        if (pre) {
            return "raw";
        }
        return null;
    }
}
