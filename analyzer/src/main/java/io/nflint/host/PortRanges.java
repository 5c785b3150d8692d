package io.nflint.host;

import io.nflint.ir.PortRange;

/** Port ranges as inspect output and ipset write them: {@code 80} or {@code 8000-8010}. */
final class PortRanges {

    private PortRanges() {
    }

    /** The range, or null when the text is not a valid, non-inverted range of ports. */
    static PortRange parse(String text) {
        try {
            int dash = text.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(text.substring(dash + 1));
            return lo < 0 || hi > 65535 || lo > hi ? null : new PortRange(lo, hi);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
