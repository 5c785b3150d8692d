package io.nflint.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import io.nflint.rules.Witness;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding's witness packet as SARIF {@code codeFlows}: one thread flow whose steps are the trace's
 * rules and policies at their dump lines, so code scanning shows the packet's path through the file;
 * and {@code fixes} where the help names the exact edit ("delete this line").
 */
final class SarifFlows {

    private static final Pattern LINE = Pattern.compile("\\(line (\\d+)\\)");

    private SarifFlows() {
    }

    static void addCodeFlow(ObjectNode result, Finding f, Path cwd) {
        Witness w = f.witness();
        if (w == null || w.trace().isEmpty() || f.span() == null) {
            return;
        }
        ObjectNode flow = result.putArray("codeFlows").addObject();
        flow.putObject("message").put("text", "witness: " + w.packet() + (w.outcome() == null ? "" : " => " + w.outcome()));
        ArrayNode steps = flow.putArray("threadFlows").addObject().putArray("locations");
        for (String step : w.trace()) {
            ObjectNode loc = FindingJson.NODES.objectNode();
            loc.putObject("message").put("text", step);
            Matcher m = LINE.matcher(step);
            if (m.find()) {
                int line = Integer.parseInt(m.group(1));
                ObjectNode physical = loc.putObject("physicalLocation");
                ObjectNode art = physical.putObject("artifactLocation");
                art.put("uri", ArtifactUris.of(f.span().file(), cwd));
                if (ArtifactUris.isRelative(f.span().file(), cwd)) {
                    art.put("uriBaseId", SarifReporter.BASE_ID);
                }
                physical.putObject("region").put("startLine", line);
            }
            steps.addObject().set("location", loc);
        }
    }

    static void addFixes(ObjectNode result, Finding f, Path cwd) {
        SourceSpan s = f.span();
        if (f.help() == null || s == null || !f.help().strip().equals("delete this line") || s.line() < 1) {
            return;
        }
        ObjectNode fix = result.putArray("fixes").addObject();
        fix.putObject("description").put("text", "delete line " + s.line());
        ObjectNode change = fix.putArray("artifactChanges").addObject();
        ObjectNode art = change.putObject("artifactLocation");
        art.put("uri", ArtifactUris.of(s.file(), cwd));
        if (ArtifactUris.isRelative(s.file(), cwd)) {
            art.put("uriBaseId", SarifReporter.BASE_ID);
        }
        ObjectNode replacement = change.putArray("replacements").addObject();
        // the whole line and its newline: from column 1 of this line to column 1 of the next
        replacement.putObject("deletedRegion").put("startLine", s.line()).put("startColumn", 1)
                .put("endLine", s.line() + 1).put("endColumn", 1);
        replacement.putObject("insertedContent").put("text", "");
    }
}
