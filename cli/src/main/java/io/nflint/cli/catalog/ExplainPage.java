package io.nflint.cli.catalog;

/**
 * A check's page as {@code explain} prints it and SARIF embeds it: a metadata header, then the
 * markdown body without its own title line (the header replaces it).
 */
public final class ExplainPage {

    private ExplainPage() {
    }

    public static String render(RuleMeta meta) {
        StringBuilder sb = new StringBuilder();
        sb.append(meta.id()).append(' ').append(meta.name()).append('\n');
        sb.append('\n');
        sb.append(meta.summary()).append('\n');
        sb.append('\n');
        sb.append("Default severity: ").append(meta.severity().label()).append('\n');
        if (meta.inputError()) {
            sb.append("An input error: its findings make nflint check exit with status 2.\n");
        }
        sb.append("Suppress on a rule: -m comment --comment \"nflint-disable ").append(meta.id()).append(" reason\"\n");
        sb.append('\n');
        sb.append(body(meta));
        sb.append('\n').append("Page source: ").append(meta.docsSourcePath()).append('\n');
        return sb.toString();
    }

    /** The markdown body, or a note that the page is missing. */
    public static String body(RuleMeta meta) {
        String md = meta.docs().orElse(null);
        if (md == null) {
            return "(no documentation page for " + meta.id() + " yet)\n";
        }
        String text = md.replace("\r\n", "\n").strip() + "\n";
        if (text.startsWith("# ")) {
            int nl = text.indexOf('\n');
            text = text.substring(nl + 1).stripLeading();
        }
        return text;
    }
}
