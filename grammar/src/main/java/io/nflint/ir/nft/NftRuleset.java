package io.nflint.ir.nft;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one nft input leaves in the kernel, and how it was written: its tables in order of first
 * declaration, the {@code flush ruleset} commands met (with the file each stood in, so that one in
 * an included file can be told apart), {@code flush|delete|destroy table} commands, the files read
 * (the input first, then includes in order), whether it is a script run on every start
 * ({@code #!/usr/sbin/nft -f}, {@code nftables.conf}) and what could not be read. {@code comments}
 * are the {@code #} comments of every file read (for suppressions); {@code includedTexts} the text of
 * each other file read with it (included files, a bundle's nft-hooks.txt) by its display name, so that a finding in one can quote its line;
 * {@code hooks} the host's {@code nft list hooks}, where the ruleset came from a host bundle that has it.
 */
public record NftRuleset(String file, List<NftTable> tables, List<SourceSpan> flushRulesets,
                         List<SourceSpan> tableResets, List<String> files, boolean script,
                         List<ParseDiagnostic> diagnostics, List<NftComment> comments,
                         Map<String, String> includedTexts, Optional<NftHooks> hooks) {

    public NftRuleset {
        tables = List.copyOf(tables);
        flushRulesets = List.copyOf(flushRulesets);
        tableResets = List.copyOf(tableResets);
        files = List.copyOf(files);
        diagnostics = List.copyOf(diagnostics);
        comments = List.copyOf(comments);
        includedTexts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(includedTexts));
    }

    /** A ruleset read from one file without comments or includes (JSON). */
    public NftRuleset(String file, List<NftTable> tables, List<SourceSpan> flushRulesets,
                      List<SourceSpan> tableResets, List<String> files, boolean script,
                      List<ParseDiagnostic> diagnostics) {
        this(file, tables, flushRulesets, tableResets, files, script, diagnostics, List.of(), Map.of(), Optional.empty());
    }

    /** A text ruleset with its comments and included files, not (yet) paired with a host's hooks. */
    public NftRuleset(String file, List<NftTable> tables, List<SourceSpan> flushRulesets,
                      List<SourceSpan> tableResets, List<String> files, boolean script,
                      List<ParseDiagnostic> diagnostics, List<NftComment> comments, Map<String, String> includedTexts) {
        this(file, tables, flushRulesets, tableResets, files, script, diagnostics, comments, includedTexts,
                Optional.empty());
    }

    /** Paired with the host's hooks; their file's text joins the other files read, for quoting its lines. */
    public NftRuleset withHooks(NftHooks h, String text) {
        Map<String, String> texts = new LinkedHashMap<>(includedTexts);
        texts.put(h.file(), text);
        return new NftRuleset(file, tables, flushRulesets, tableResets, files, script, diagnostics, comments,
                texts, Optional.of(h));
    }

    public Optional<NftTable> table(NftFamily family, String name) {
        return tables.stream().filter(t -> t.family() == family && t.name().equals(name)).findFirst();
    }

    public int ruleCount() {
        return tables.stream().mapToInt(t -> t.chains().stream().mapToInt(c -> c.rules().size()).sum()).sum();
    }
}
