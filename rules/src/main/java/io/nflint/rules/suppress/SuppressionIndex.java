package io.nflint.rules.suppress;

import io.nflint.ir.Chain;
import io.nflint.ir.CommentLine;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftComment;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every directive in one input, indexed by the file and line it covers. A comment block directly above
 * a line covers that line, so a reason or a test expectation may sit between the directive and the
 * rule.
 */
final class SuppressionIndex {

    private final List<Suppression> all = new ArrayList<>();
    private final Map<String, Map<Integer, List<Suppression>>> byLine = new HashMap<>();
    private final Map<String, List<Suppression>> byFile = new HashMap<>();

    static SuppressionIndex of(List<Ruleset> rulesets, List<NftRuleset> nftRulesets) {
        SuppressionIndex index = new SuppressionIndex();
        for (Ruleset rs : rulesets) {
            index.addComments(rs);
            index.addRuleComments(rs);
        }
        for (NftRuleset rs : nftRulesets) {
            index.addNftComments(rs);
            index.addNftRuleComments(rs);
        }
        return index;
    }

    List<Suppression> all() {
        return all;
    }

    List<Suppression> covering(String file, int line) {
        List<Suppression> found = new ArrayList<>(byFile.getOrDefault(file, List.of()));
        found.addAll(byLine.getOrDefault(file, Map.of()).getOrDefault(line, List.of()));
        return found;
    }

    private void addComments(Ruleset rs) {
        TreeMap<Integer, CommentLine> comments = new TreeMap<>();
        for (CommentLine c : rs.comments()) {
            comments.put(c.line(), c);
        }
        for (CommentLine c : comments.values()) {
            SuppressionSyntax.parse(c.text()).ifPresent(p -> {
                String file = c.span() != null ? c.span().file() : rs.file();
                if (p.fileWide()) {
                    add(Suppression.Scope.FILE, p, c.span(), file, 0);
                } else {
                    add(Suppression.Scope.LINE_ABOVE, p, c.span(), file, lineBelow(c.line(), comments.keySet()));
                }
            });
        }
    }

    private void addRuleComments(Ruleset rs) {
        for (Table t : rs.tables()) {
            for (Chain ch : t.chains()) {
                for (Rule r : ch.rules()) {
                    for (io.nflint.lower.Lowered cm : io.nflint.lower.LoweredRule.of(r).comments()) {
                        SuppressionSyntax.parse(cm.comment()).ifPresent(p -> {
                            // a rule comment covers its own rule, even when written "-file"
                            Suppression s = new Suppression(Suppression.Scope.RULE_COMMENT, p.ids(), p.reason(),
                                    cm.match().span() != null ? cm.match().span() : r.span());
                            all.add(s);
                            atLine(r.span().file(), r.span().line()).add(s);
                        });
                    }
                }
            }
        }
    }

    /**
     * nft files: as in a hand-kept dump, a comment block covers the line below it; a comment after code
     * covers its own line, since nft allows one there. Included files have their own lines and
     * {@code -file} directives.
     */
    private void addNftComments(NftRuleset rs) {
        Map<String, TreeMap<Integer, NftComment>> ownLine = new HashMap<>();
        for (NftComment c : rs.comments()) {
            if (!c.trailing()) {
                ownLine.computeIfAbsent(c.span().file(), k -> new TreeMap<>()).put(c.span().line(), c);
            }
        }
        for (NftComment c : rs.comments()) {
            SuppressionSyntax.parse(c.text()).ifPresent(p -> {
                String file = c.span().file();
                if (p.fileWide()) {
                    add(Suppression.Scope.FILE, p, c.span(), file, 0);
                } else if (c.trailing()) {
                    add(Suppression.Scope.LINE, p, c.span(), file, c.span().line());
                } else {
                    add(Suppression.Scope.LINE_ABOVE, p, c.span(), file, lineBelow(c.span().line(), ownLine.get(file).keySet()));
                }
            });
        }
    }

    /** {@code comment "nflint-disable NFL607 why"} on an nft rule survives {@code nft list ruleset} and {@code -j}. */
    private void addNftRuleComments(NftRuleset rs) {
        for (NftTable t : rs.tables()) {
            for (NftChain ch : t.chains()) {
                for (NftRule r : ch.rules()) {
                    r.comment().flatMap(SuppressionSyntax::parse).ifPresent(p -> {
                        Suppression s = new Suppression(Suppression.Scope.RULE_COMMENT, p.ids(), p.reason(), r.span());
                        all.add(s);
                        atLine(r.span().file(), r.span().line()).add(s);
                    });
                }
            }
        }
    }

    /** The first line after a block of comment lines: what a directive in the block covers. */
    private static int lineBelow(int line, java.util.Set<Integer> commentLines) {
        int covered = line + 1;
        while (commentLines.contains(covered)) {
            covered++;
        }
        return covered;
    }

    /** Indexes a directive: for the whole {@code file} (scope FILE), else for {@code line} of it. */
    private void add(Suppression.Scope scope, SuppressionSyntax.Parsed p, io.nflint.ir.SourceSpan span, String file,
                     int line) {
        Suppression s = new Suppression(scope, p.ids(), p.reason(), span);
        all.add(s);
        if (scope == Suppression.Scope.FILE) {
            byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(s);
        } else {
            atLine(file, line).add(s);
        }
    }

    private List<Suppression> atLine(String file, int line) {
        return byLine.computeIfAbsent(file, k -> new HashMap<>()).computeIfAbsent(line, k -> new ArrayList<>());
    }
}
