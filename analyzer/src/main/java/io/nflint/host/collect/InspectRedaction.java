package io.nflint.host.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;

/**
 * Takes the secrets out of {@code docker inspect} / {@code podman inspect} output before it is saved:
 * environment values ({@code DB_PASSWORD=…}), command lines and entrypoints (which carry tokens as
 * often as not), and podman's create command. Names stay (a finding may cite {@code HTTP_PORT}); no
 * field nflint reads is touched.
 */
final class InspectRedaction {

    static final String REDACTED = "<redacted by nflint collect>";
    /** What {@link #redact} takes out, for the bundle's record of it. */
    static final List<String> FIELDS = List.of("Config.Env values", "Config.Cmd", "Config.Entrypoint", "Args",
            "Config.CreateCommand");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InspectRedaction() {
    }

    /** The inspect output with secrets replaced; output that is not a JSON array is kept out entirely. */
    static byte[] redact(byte[] inspect) throws IOException {
        JsonNode root = MAPPER.readTree(inspect);
        if (root == null || !root.isArray()) {
            throw new IOException("inspect output is not a JSON array; not saved, as it could not be redacted");
        }
        for (JsonNode c : root) {
            if (!(c instanceof ObjectNode container)) {
                continue;
            }
            blank(container, "Args");
            if (container.get("Config") instanceof ObjectNode config) {
                if (config.get("Env") instanceof ArrayNode env) {
                    for (int i = 0; i < env.size(); i++) {
                        String v = env.get(i).asText("");
                        int eq = v.indexOf('=');
                        env.set(i, TextNode.valueOf((eq < 0 ? v : v.substring(0, eq)) + "=" + REDACTED));
                    }
                }
                blank(config, "Cmd");
                blank(config, "Entrypoint");
                blank(config, "CreateCommand");
            }
        }
        return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void blank(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v instanceof ArrayNode a) {
            ArrayNode r = o.putArray(field);
            if (!a.isEmpty()) {
                r.add(REDACTED);
            }
        } else if (v != null && v.isTextual() && !v.asText().isEmpty()) {
            o.put(field, REDACTED);
        }
    }
}
