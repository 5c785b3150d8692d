package io.nflint.cli.report;

import java.util.Locale;

/** The values of {@code --format}. */
public enum OutputFormat {
    TEXT, JSON, SARIF, GITHUB, CHECKSTYLE, HTML;

    public Reporter reporter(boolean color) {
        return switch (this) {
            case TEXT -> new TextReporter(color);
            case JSON -> new JsonReporter();
            case SARIF -> new SarifReporter();
            case GITHUB -> new GithubReporter();
            case CHECKSTYLE -> new CheckstyleReporter();
            case HTML -> new io.nflint.cli.html.HtmlReporter();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
