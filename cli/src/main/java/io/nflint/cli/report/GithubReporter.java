package io.nflint.cli.report;

import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import java.io.PrintWriter;

/** GitHub Actions workflow commands: one {@code ::warning file=…::message} annotation per finding. */
public final class GithubReporter implements Reporter {

    @Override
    public void write(ReportData data, PrintWriter out) {
        for (Finding f : data.findings()) {
            StringBuilder sb = new StringBuilder("::").append(command(f));
            SourceSpan s = f.span();
            String sep = " ";
            if (s != null) {
                sb.append(" file=").append(property(s.file()))
                        .append(",line=").append(s.line())
                        .append(",col=").append(s.column())
                        .append(",endLine=").append(s.line())
                        .append(",endColumn=").append(FindingJson.endColumn(s));
                sep = ",";
            }
            sb.append(sep).append("title=").append(property(f.id() + " " + data.catalog().get(f.id()).name()));
            String message = f.message();
            if (f.help() != null && !f.help().isBlank()) {
                message += "\nhelp: " + f.help();
            }
            sb.append("::").append(data(message));
            out.println(sb);
        }
        out.flush();
    }

    private static String command(Finding f) {
        return switch (f.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "notice";
        };
    }

    /** The escaping the Actions runner undoes for a command's message. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Properties additionally may not hold the separators of the property list. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
