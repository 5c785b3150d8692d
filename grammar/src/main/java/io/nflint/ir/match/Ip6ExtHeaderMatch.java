package io.nflint.ir.match;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * {@code -m frag} and {@code -m rt}: ip6t_frag and ip6t_rt first look for their extension header
 * anywhere in the packet's chain (ipv6_find_hdr) and never match a packet without one, whatever the
 * options and their negations say; only then do the options (fragment id, length, first/more/last;
 * routing type, segments left, length, addresses) test the header's contents. Those contents are
 * not in nflint's packet model, so the options are kept verbatim.
 */
public record Ip6ExtHeaderMatch(Header header, List<RawOption> options, SourceSpan span) implements Match {

    /** The extension header the module looks for. */
    public enum Header {
        FRAGMENT("frag"), ROUTING("rt");

        private final String module;

        Header(String module) {
            this.module = module;
        }
    }

    public Ip6ExtHeaderMatch {
        options = List.copyOf(options);
    }

    @Override
    public String module() {
        return header.module;
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitIp6ExtHeaderMatch(this);
    }
}
