package io.nflint.cli.report;

import java.io.PrintWriter;

/** Writes one run's findings in one format to stdout. */
public interface Reporter {
    void write(ReportData data, PrintWriter out);
}
