package io.nflint.cli.report;

import io.nflint.cli.catalog.RuleCatalog;
import io.nflint.rules.Finding;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a reporter may print: findings in output order, every file read (checkstyle lists clean
 * ones too), the checks' metadata, the working directory that SARIF URIs are relative to, and the
 * hooks' stages of the input for the HTML report's diagram (its nft base chains, when it has some).
 */
public record ReportData(String toolVersion, List<Finding> findings, List<String> files, RuleCatalog catalog,
                         Path cwd, SourceTexts sources, Summary summary, io.nflint.cli.html.HookStages stages) {
    public ReportData {
        findings = List.copyOf(findings);
        files = List.copyOf(files);
    }

    /** The data of an input whose diagram has the xtables tables alone. */
    public ReportData(String toolVersion, List<Finding> findings, List<String> files, RuleCatalog catalog,
                      Path cwd, SourceTexts sources, Summary summary) {
        this(toolVersion, findings, files, catalog, cwd, sources, summary, io.nflint.cli.html.HookStages.XTABLES);
    }
}
