/**
 * Reporters: text, JSON, SARIF, checkstyle and the others, all printing the same
 * {@link io.nflint.cli.report.ReportData} in the same order ({@link io.nflint.cli.report.OutputFormat}
 * picks one). Findings never format themselves; this is the only place that decides how they look.
 */
package io.nflint.cli.report;
