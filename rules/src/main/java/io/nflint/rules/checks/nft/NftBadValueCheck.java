package io.nflint.rules.checks.nft;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.nft.parse.NftExprTypes;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftValueSpans;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Values nft refuses for their type: IPv4 addresses with an octet over 255, prefixes longer than
 * the address, ports over 65535, ranges that end before they start, and interval-set elements that
 * overlap. nft rejects the file at that value, so the IR holds something the kernel never would.
 */
@CheckInfo(id = "NFL610", name = "nft-bad-value", severity = Severity.ERROR, inputError = true,
        summary = "An nft address, prefix, port or range nft rejects, or overlapping elements of an interval set")
public final class NftBadValueCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (NftTable t : rs.tables()) {
                for (NftSet s : t.sets()) {
                    if (s.keyType().size() == 1) {
                        List<long[]> seen = new ArrayList<>();
                        for (NftElement e : s.elements()) {
                            value(s.keyType().get(0), e.key(), e.span(), null, sink, t, "");
                            if (s.interval() && s.keyType().get(0).equals("ipv4_addr")) {
                                overlap(e, seen, sink, t, s);
                            }
                        }
                    }
                }
                for (NftChain c : t.chains()) {
                    for (NftRule r : c.rules()) {
                        for (NftStmt st : r.statements()) {
                            if (st instanceof NftStmt.Match m) {
                                Optional<List<String>> type = NftExprTypes.of(m.left());
                                if (type.isPresent() && type.get().size() == 1) {
                                    value(type.get().get(0), m.right(), m.span(), r, sink, t, c.name());
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Reports what nft refuses in {@code e}; {@code rule} is the rule of a match whose value is
     * pointed at in its text (null for an element, whose span is already the value's).
     */
    private static void value(String type, NftExpr e, SourceSpan span, NftRule rule, FindingSink sink, NftTable t,
                              String chain) {
        if (e instanceof NftExpr.SetLiteral s) {
            for (NftElement el : s.elements()) {
                value(type, el.key(), el.span(), null, sink, t, chain);
            }
        } else if (e instanceof NftExpr.Prefix p) {
            value(type, p.address(), span, rule, sink, t, chain);
            int max = type.equals("ipv4_addr") ? 32 : type.equals("ipv6_addr") ? 128 : -1;
            if (max > 0 && (p.length() > max || p.length() < 0)) {
                report(sink, NftValueSpans.within(rule, span, text(p.address()), "/" + p.length()), t, chain,
                        "prefix length " + p.length() + " is invalid for " + type + " ("
                        + max + " bits): nft rejects it", "use a length from 0 to " + max);
            }
        } else if (e instanceof NftExpr.Range r) {
            value(type, r.low(), span, rule, sink, t, chain);
            value(type, r.high(), span, rule, sink, t, chain);
            Optional<BigInteger> lo = number(type, r.low());
            Optional<BigInteger> hi = number(type, r.high());
            if (lo.isPresent() && hi.isPresent() && lo.get().compareTo(hi.get()) > 0) {
                report(sink, NftValueSpans.within(rule, span, text(r.low()), text(r.high())), t, chain, "range " + text(r.low()) + "-" + text(r.high())
                        + " ends before it starts (\"Range has zero or negative size\"): nft rejects it",
                        "write it low-high: " + text(r.high()) + "-" + text(r.low()));
            }
        } else if (e instanceof NftExpr.Value v) {
            if (type.equals("ipv4_addr") && v.text().matches("\\d+\\.\\d+\\.\\d+\\.\\d+") && ipv4(v.text()).isEmpty()) {
                report(sink, NftValueSpans.within(rule, span, v.text(), v.text()), t, chain, v.text() + " is not an IPv4 address (an octet is over 255): nft tries it as"
                        + " a host name and fails", "fix the address");
            } else if (type.equals("inet_service") && v.text().matches("\\d+")
                    && new BigInteger(v.text()).compareTo(BigInteger.valueOf(65535)) > 0) {
                report(sink, NftValueSpans.within(rule, span, v.text(), v.text()), t, chain, "port " + v.text() + " is out of range 0-65535 (\"Service out of range\"):"
                        + " nft rejects it", "use a port from 0 to 65535");
            }
        }
    }

    private static void overlap(NftElement e, List<long[]> seen, FindingSink sink, NftTable t, NftSet s) {
        Optional<long[]> iv = interval(e.key());
        if (iv.isEmpty()) {
            return;
        }
        for (long[] o : seen) {
            if (iv.get()[0] <= o[1] && o[0] <= iv.get()[1]) {
                report(sink, e.span(), t, "", "element " + text(e.key()) + " of interval set '" + s.name()
                        + "' overlaps another element (\"conflicting intervals specified\"): nft rejects it",
                        "drop the element the other one already covers, or merge them");
                return;
            }
        }
        seen.add(iv.get());
    }

    private static Optional<long[]> interval(NftExpr k) {
        if (k instanceof NftExpr.Value v) {
            return ipv4(v.text()).map(a -> new long[] {a, a});
        }
        if (k instanceof NftExpr.Prefix p && p.address() instanceof NftExpr.Value v && p.length() >= 0 && p.length() <= 32) {
            return ipv4(v.text()).map(a -> {
                long size = 1L << (32 - p.length());
                long base = a & ~(size - 1);
                return new long[] {base, base + size - 1};
            });
        }
        if (k instanceof NftExpr.Range r && r.low() instanceof NftExpr.Value lo && r.high() instanceof NftExpr.Value hi) {
            Optional<Long> a = ipv4(lo.text());
            Optional<Long> b = ipv4(hi.text());
            if (a.isPresent() && b.isPresent()) {
                return Optional.of(new long[] {a.get(), b.get()});
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> ipv4(String s) {
        String[] p = s.split("\\.");
        if (p.length != 4) {
            return Optional.empty();
        }
        long v = 0;
        for (String o : p) {
            if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
                return Optional.empty();
            }
            v = v * 256 + Integer.parseInt(o);
        }
        return Optional.of(v);
    }

    private static Optional<BigInteger> number(String type, NftExpr e) {
        if (!(e instanceof NftExpr.Value v)) {
            return Optional.empty();
        }
        if (v.text().matches("\\d+")) {
            return Optional.of(new BigInteger(v.text()));
        }
        if (type.equals("ipv4_addr")) {
            return ipv4(v.text()).map(BigInteger::valueOf);
        }
        return Optional.empty();
    }

    private static String text(NftExpr e) {
        return io.nflint.nft.parse.NftExprText.of(e);
    }

    private static void report(FindingSink sink, SourceSpan span, NftTable t, String chain, String message, String help) {
        sink.at(span, message).location(t.name(), chain, "").help(help).report();
    }
}
