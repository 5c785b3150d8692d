package io.nflint.cli.report;

import io.nflint.cli.catalog.RuleCatalog;
import io.nflint.rules.Finding;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a reporter may print: findings in output order, every file read (checkstyle lists clean
 * ones too), the checks' metadata, and the working directory that SARIF URIs are relative to.
 */
public record ReportData(String toolVersion, List<Finding> findings, List<String> files, RuleCatalog catalog,
                         Path cwd, SourceTexts sources, Summary summary) {
    public ReportData {
        findings = List.copyOf(findings);
        files = List.copyOf(files);
    }
}
