package io.nflint.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import io.nflint.rules.Related;
import io.nflint.rules.baseline.FindingKey;
import java.io.PrintWriter;

/** {@code --format json}, as documented in docs/json-format.md and docs/nflint-findings.schema.json. */
public final class JsonReporter implements Reporter {

    @Override
    public void write(ReportData data, PrintWriter out) {
        ObjectNode root = FindingJson.NODES.objectNode();
        root.put("version", data.toolVersion());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : data.findings()) {
            findings.add(finding(f, data));
        }
        Summary s = data.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("errors", s.errors());
        summary.put("warnings", s.warnings());
        summary.put("infos", s.infos());
        summary.put("files", s.files());
        summary.put("suppressed", s.suppressed());
        summary.put("baselined", s.baselined());
        out.print(JsonWriting.pretty(root));
        out.flush();
    }

    private static ObjectNode finding(Finding f, ReportData data) {
        ObjectNode n = FindingJson.NODES.objectNode();
        n.put("id", f.id());
        n.put("name", data.catalog().get(f.id()).name());
        n.put("severity", f.severity().label());
        location(n, f.span());
        n.put("message", f.message());
        if (f.help() == null) {
            n.putNull("help");
        } else {
            n.put("help", f.help());
        }
        ArrayNode related = n.putArray("related");
        for (Related r : f.related()) {
            ObjectNode rn = related.addObject();
            location(rn, r.span());
            rn.put("message", r.message());
        }
        if (f.witness() == null) {
            n.putNull("witness");
        } else {
            n.set("witness", FindingJson.witness(f.witness()));
        }
        n.put("table", f.table());
        n.put("chain", f.chain());
        n.put("rule", f.ruleText());
        n.put("fingerprint", FindingKey.of(f).fingerprint());
        return n;
    }

    private static void location(ObjectNode n, SourceSpan s) {
        if (s == null) {
            n.put("file", "");
            n.put("line", 1);
            n.put("column", 1);
            n.put("endColumn", 2);
            return;
        }
        n.put("file", s.file());
        n.put("line", s.line());
        n.put("column", s.column());
        n.put("endColumn", FindingJson.endColumn(s));
    }
}
