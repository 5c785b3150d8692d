package io.nflint.nft.hooks;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftHook;
import io.nflint.ir.nft.NftHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nft list hooks}:
 * <pre>
 * family ip {
 *         hook input {
 *                 -0000000150 iptable_mangle_hook [iptable_mangle]
 *                  0000000000 chain inet filter input [nf_tables]
 *                 +2147483647 ipv4_confirm [nf_conntrack]
 *         }
 * }
 * </pre>
 * ({@code hook ingress device eth0 {} for device hooks; the module in brackets is optional, as nft
 * prints it only where the kernel names one). The first line that is none of these ends the reading
 * with an error at that line, as a bundle file nflint cannot read is bad input.
 */
public final class NftHooksReader {

    private static final Pattern FAMILY = Pattern.compile("family\\s+(\\S+)\\s*\\{");
    private static final Pattern HOOK = Pattern.compile("hook\\s+(\\S+)(?:\\s+device\\s+(\\S+))?\\s*\\{");
    private static final Pattern ENTRY = Pattern.compile(
            "([-+]?\\d{1,11})\\s+(?:(chain|flowtable)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)|([A-Za-z_][\\w.]*))(?:\\s+\\[([^\\]]*)])?");

    private NftHooksReader() {
    }

    public static NftHooks read(String file, String text) {
        List<NftHook> hooks = new ArrayList<>();
        List<ParseDiagnostic> diagnostics = new ArrayList<>();
        String family = null;
        String hook = null;
        String device = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            int col = raw.indexOf(line.isEmpty() ? " " : line.substring(0, 1)) + 1;
            SourceSpan span = new SourceSpan(file, i + 1, Math.max(1, col), Math.max(1, col) + Math.max(1, line.length()),
                    0, 0);
            if (line.isEmpty() || line.startsWith("#")) {
                continue; // nft prints no comments; a hand-annotated copy may have them
            }
            Matcher m;
            String error = null;
            if (family == null) {
                m = FAMILY.matcher(line);
                if (m.matches()) {
                    family = m.group(1);
                } else {
                    error = "expected 'family NAME {' (the output of nft list hooks)";
                }
            } else if (hook == null) {
                if (line.equals("}")) {
                    family = null;
                } else if ((m = HOOK.matcher(line)).matches()) {
                    hook = m.group(1);
                    device = m.group(2);
                } else {
                    error = "expected 'hook NAME {' or '}' in family " + family;
                }
            } else if (line.equals("}")) {
                hook = null;
                device = null;
            } else if ((m = ENTRY.matcher(line)).matches()) {
                long prio = Long.parseLong(m.group(1));
                if (prio < Integer.MIN_VALUE || prio > Integer.MAX_VALUE) {
                    error = "priority " + m.group(1) + " is out of range";
                } else if (m.group(2) != null) {
                    hooks.add(new NftHook(family, hook, Optional.ofNullable(device), (int) prio, m.group(2), m.group(3),
                            m.group(4), m.group(5), Optional.ofNullable(m.group(7)), span));
                } else {
                    hooks.add(new NftHook(family, hook, Optional.ofNullable(device), (int) prio, "function", "", "",
                            m.group(6), Optional.ofNullable(m.group(7)), span));
                }
            } else {
                error = "expected 'PRIORITY chain FAMILY TABLE CHAIN', 'PRIORITY FUNCTION [MODULE]' or '}' in hook " + hook;
            }
            if (error != null) {
                diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, error, span));
                break;
            }
        }
        if (diagnostics.isEmpty() && family != null) {
            int last = lines.length;
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, "the file ends inside a "
                    + (hook != null ? "hook" : "family") + " block (the output was cut short)",
                    new SourceSpan(file, last, 1, 2, 0, 0)));
        }
        return new NftHooks(file, hooks, List.of(), diagnostics);
    }
}
