package io.nflint.cli.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nflint.cli.NflintException;
import io.nflint.cli.report.JsonWriting;
import io.nflint.host.InputFiles;
import io.nflint.rules.baseline.Baseline;
import io.nflint.rules.baseline.FindingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline file: sorted entries so that regenerating it gives a reviewable diff. File names are
 * kept as displayed (relative to where nflint ran), so use the same working directory for writing
 * and reading it.
 */
public final class BaselineFile {

    static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build());
    private static final Comparator<FindingKey> ORDER = Comparator.comparing(FindingKey::file)
            .thenComparing(FindingKey::id).thenComparing(FindingKey::table).thenComparing(FindingKey::chain)
            .thenComparing(FindingKey::text);

    private BaselineFile() {
    }

    public static void write(Path file, Baseline baseline, String toolVersion) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("nflintBaseline", FORMAT);
        root.put("tool", "nflint " + toolVersion);
        ArrayNode entries = root.putArray("entries");
        List<Map.Entry<FindingKey, Integer>> sorted = new ArrayList<>(baseline.counts().entrySet());
        sorted.sort(Map.Entry.comparingByKey(ORDER));
        for (Map.Entry<FindingKey, Integer> e : sorted) {
            FindingKey k = e.getKey();
            ObjectNode n = entries.addObject();
            n.put("id", k.id());
            n.put("file", k.file());
            n.put("table", k.table());
            n.put("chain", k.chain());
            n.put("text", k.text());
            n.put("count", e.getValue());
        }
        try {
            Files.writeString(file, JsonWriting.pretty(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NflintException("cannot write " + file + ": " + e.getMessage(), io.nflint.cli.ExitCode.BAD_INPUT, false);
        }
    }

    /** A baseline is three levels deep; a deeper document is refused where it gets too deep. */
    private static void checkDepth(Path file, byte[] bytes) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(bytes)) {
            int depth = 0;
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart() && ++depth > 8) {
                    var loc = p.currentTokenLocation();
                    throw NflintException.unreadable(file + ":" + loc.getLineNr() + ":" + loc.getColumnNr(),
                            "not a baseline: nesting depth over 8 levels");
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
        }
    }

    public static Baseline read(Path file) {
        JsonNode root;
        try {
            byte[] bytes = InputFiles.read(file, InputFiles.Limit.BASELINE, false);
            checkDepth(file, bytes);
            root = MAPPER.readTree(bytes);
        } catch (NoSuchFileException e) {
            throw NflintException.unreadable(file.toString(), "no such file");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String at = loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + Math.max(1, loc.getColumnNr());
            throw NflintException.unreadable(file + at, "not a baseline: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw NflintException.unreadable(file.toString(), String.valueOf(e.getMessage()));
        } catch (OutOfMemoryError e) {
            throw NflintException.unreadable(file.toString(), "too large for the heap (-Xmx)");
        }
        if (root == null || root.path("nflintBaseline").asInt(-1) != FORMAT || !root.path("entries").isArray()) {
            throw NflintException.unreadable(file.toString(), "not an nflint baseline (format " + FORMAT + ")");
        }
        Map<FindingKey, Integer> counts = new LinkedHashMap<>();
        for (JsonNode e : root.get("entries")) {
            FindingKey k = new FindingKey(e.path("id").asText(), e.path("file").asText(), e.path("table").asText(),
                    e.path("chain").asText(), e.path("text").asText());
            counts.merge(k, Math.max(1, e.path("count").asInt(1)), Integer::sum);
        }
        return new Baseline(counts);
    }
}
