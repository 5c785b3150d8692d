package io.nflint.host;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code sysctl key …} output: {@code key = value} lines, as {@code sysctl -p} files allow. */
final class SysctlReader {

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]+");

    private SysctlReader() {
    }

    static Sysctls read(Path file) throws BundleFormatException {
        List<String> lines = Lines.read(file);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new BundleFormatException(file, i + 1, Lines.firstNonBlank(line),
                        "expected \"key = value\", found \"" + Lines.quote(trimmed) + "\"");
            }
            String key = line.substring(0, eq).strip();
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new BundleFormatException(file, i + 1, Lines.firstNonBlank(line),
                        "not a sysctl key: \"" + Lines.quote(key) + "\"");
            }
            String value = line.substring(eq + 1).strip();
            if (Sysctls.isNumeric(key) && !INTEGER.matcher(value).matches()) {
                // the kernel's proc_dointvec rejects it (EINVAL): such a file was not printed by sysctl
                throw new BundleFormatException(file, i + 1, eq + 2 + (line.substring(eq + 1).length()
                        - line.substring(eq + 1).stripLeading().length()),
                        key + " takes an integer (0 or 1), not \"" + Lines.quote(value) + "\"");
            }
            // sysctl prints multi-value keys (ip_local_port_range) with tabs; keep them as one string
            values.put(key, line.substring(eq + 1).strip());
        }
        return Sysctls.of(values);
    }
}
