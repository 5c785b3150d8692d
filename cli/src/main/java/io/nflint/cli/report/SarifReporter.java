package io.nflint.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nflint.cli.catalog.ExplainPage;
import io.nflint.cli.catalog.RuleCatalog;
import io.nflint.cli.catalog.RuleMeta;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import io.nflint.rules.Related;
import io.nflint.rules.Severity;
import io.nflint.rules.baseline.FindingKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code scanning. Columns are declared as Unicode code points because that is how the
 * parser counts them; fingerprints leave line numbers out so an alert survives rules being inserted.
 */
public final class SarifReporter implements Reporter {

    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final String BASE_ID = "SRCROOT";
    static final String FINGERPRINT_KEY = "nflint/v1";

    @Override
    public void write(ReportData data, PrintWriter out) {
        RuleCatalog catalog = data.catalog().including(data.findings().stream().map(Finding::id).toList());
        List<RuleMeta> rules = catalog.all();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            index.put(rules.get(i).id(), i);
        }
        ObjectNode root = FindingJson.NODES.objectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "nflint");
        driver.put("version", data.toolVersion());
        ArrayNode ruleNodes = driver.putArray("rules");
        for (RuleMeta m : rules) {
            ruleNodes.add(rule(m));
        }
        run.putObject("originalUriBaseIds").putObject(BASE_ID).put("uri", ArtifactUris.base(data.cwd()));
        run.put("columnKind", "unicodeCodePoints");
        ArrayNode results = run.putArray("results");
        for (Finding f : data.findings()) {
            ObjectNode result = result(f, index.get(f.id()), data.cwd());
            SarifFlows.addCodeFlow(result, f, data.cwd());
            SarifFlows.addFixes(result, f, data.cwd());
            results.add(result);
        }
        out.print(JsonWriting.pretty(root));
        out.flush();
    }

    private static ObjectNode rule(RuleMeta m) {
        ObjectNode r = FindingJson.NODES.objectNode();
        r.put("id", m.id());
        r.put("name", m.name());
        r.putObject("shortDescription").put("text", m.summary());
        r.putObject("fullDescription").put("text", fullDescription(m));
        String body = ExplainPage.body(m);
        ObjectNode help = r.putObject("help");
        help.put("text", body);
        help.put("markdown", body);
        r.putObject("defaultConfiguration").put("level", level(m.severity()));
        SarifRuleProperties.add(r, m.id());
        return r;
    }

    /** The first paragraph under "What it finds", which says more than the one-line summary. */
    static String fullDescription(RuleMeta m) {
        String md = m.docs().orElse("");
        int at = md.indexOf("## What it finds");
        if (at < 0) {
            return m.summary();
        }
        String rest = md.substring(at + "## What it finds".length()).strip();
        int end = rest.indexOf("\n\n");
        String para = (end < 0 ? rest : rest.substring(0, end)).strip();
        return para.isEmpty() || para.startsWith("#") ? m.summary() : para.replaceAll("\\s*\n\\s*", " ");
    }

    private static ObjectNode result(Finding f, int ruleIndex, Path cwd) {
        ObjectNode r = FindingJson.NODES.objectNode();
        r.put("ruleId", f.id());
        r.put("ruleIndex", ruleIndex);
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", f.message());
        if (f.span() != null) {
            r.putArray("locations").addObject().set("physicalLocation", physical(f.span(), cwd));
        }
        List<ObjectNode> related = new ArrayList<>();
        int id = 1;
        for (Related rel : f.related()) {
            if (rel.span() == null) {
                continue;
            }
            ObjectNode loc = FindingJson.NODES.objectNode();
            loc.put("id", id++);
            loc.set("physicalLocation", physical(rel.span(), cwd));
            loc.putObject("message").put("text", rel.message());
            related.add(loc);
        }
        if (!related.isEmpty()) {
            r.putArray("relatedLocations").addAll(related);
        }
        r.putObject("partialFingerprints").put(FINGERPRINT_KEY, FindingKey.of(f).fingerprint());
        ObjectNode props = r.putObject("properties");
        if (f.help() != null) {
            props.put("help", f.help());
        }
        if (!f.table().isEmpty()) {
            props.put("table", f.table());
        }
        if (!f.chain().isEmpty()) {
            props.put("chain", f.chain());
        }
        if (!f.ruleText().isEmpty()) {
            props.put("rule", f.ruleText());
        }
        if (f.witness() != null) {
            props.set("witness", FindingJson.witness(f.witness()));
        }
        return r;
    }

    private static ObjectNode physical(SourceSpan s, Path cwd) {
        ObjectNode p = FindingJson.NODES.objectNode();
        ObjectNode art = p.putObject("artifactLocation");
        art.put("uri", ArtifactUris.of(s.file(), cwd));
        if (ArtifactUris.isRelative(s.file(), cwd)) {
            art.put("uriBaseId", BASE_ID);
        }
        ObjectNode region = p.putObject("region");
        region.put("startLine", Math.max(1, s.line()));
        region.put("startColumn", Math.max(1, s.column()));
        region.put("endLine", Math.max(1, s.line()));
        region.put("endColumn", FindingJson.endColumn(s));
        return p;
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
