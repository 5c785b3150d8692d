package io.nflint.cli.config;

import io.nflint.cli.NflintException;
import io.nflint.host.InputFiles;
import io.nflint.rules.Severity;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code .nflint.yaml} from the YAML node tree rather than into maps, so that every error can
 * name the line and column it is about. Anything unknown is an error: a misspelt {@code disable}
 * silently enabling everything is worse than a failed run.
 */
public final class ConfigLoader {

    private static final Set<String> TOP_KEYS = Set.of("enable", "disable", "severity", "fail-on", "ignore", "host");

    private final Path file;
    private final Set<String> knownIds;

    private ConfigLoader(Path file, Set<String> knownIds) {
        this.file = file;
        this.knownIds = knownIds;
    }

    /** {@code knownIds}: the registered check IDs, against which names and prefixes are checked. */
    public static Config load(Path file, Set<String> knownIds) {
        String text;
        try {
            byte[] bytes = InputFiles.read(file, InputFiles.Limit.CONFIG, false);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw NflintException.unreadable(file.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw NflintException.unreadable(file.toString(), "not UTF-8 text");
        } catch (IOException e) {
            throw NflintException.unreadable(file.toString(), String.valueOf(e.getMessage()));
        }
        return new ConfigLoader(file, knownIds).parse(text);
    }

    /** Deeper than any config needs (it has three levels); the YAML composer recurses per level. */
    static final int MAX_DEPTH = 32;

    /** Refuses a document nested deeper than {@link #MAX_DEPTH}, from the parser's events, which do not recurse. */
    private void checkDepth(LoadSettings settings, String text) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            if (e.getEventId() == Event.ID.MappingStart || e.getEventId() == Event.ID.SequenceStart) {
                if (++depth > MAX_DEPTH) {
                    Mark m = e.getStartMark().orElse(null);
                    throw new ConfigException(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                            "nested more than " + MAX_DEPTH + " levels deep; a config has at most three");
                }
            } else if (e.getEventId() == Event.ID.MappingEnd || e.getEventId() == Event.ID.SequenceEnd) {
                depth--;
            }
        }
    }

    private Config parse(String text) {
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false).build();
            checkDepth(settings, text);
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            int line = m == null ? 1 : m.getLine() + 1;
            int col = m == null ? 1 : m.getColumn() + 1;
            throw new ConfigException(file, line, col, "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(file, 1, 1, "not valid YAML: " + e.getMessage());
        }
        if (root.isEmpty()) {
            return new Config(file, Set.of(), Set.of(), Map.of(), Optional.empty(), List.of(), HostAssumptions.NONE);
        }
        MappingNode top = mapping(root.get(), "the config");
        Set<String> enable = Set.of();
        Set<String> disable = Set.of();
        Map<String, Severity> severity = Map.of();
        Optional<FailLevel> failOn = Optional.empty();
        List<IgnoreEntry> ignore = List.of();
        HostAssumptions host = HostAssumptions.NONE;
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : top.getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            if (!seen.add(key)) {
                throw error(t.getKeyNode(), "'" + key + "' is given twice");
            }
            Node v = t.getValueNode();
            switch (key) {
                case "enable" -> enable = idList(v, "enable");
                case "disable" -> disable = idList(v, "disable");
                case "severity" -> severity = severities(v);
                case "fail-on" -> failOn = Optional.of(FailLevel.parse(scalar(v, "fail-on"))
                        .orElseThrow(() -> error(v, "fail-on must be one of error, warning, info, none")));
                case "ignore" -> ignore = ignores(v);
                case "host" -> host = host(v);
                default -> throw error(t.getKeyNode(), "unknown key '" + key + "' (known: "
                        + String.join(", ", TOP_KEYS.stream().sorted().toList()) + ")");
            }
        }
        return new Config(file, enable, disable, severity, failOn, ignore, host);
    }

    private Set<String> idList(Node node, String what) {
        Set<String> ids = new LinkedHashSet<>();
        for (Node item : sequence(node, what)) {
            ids.add(checkId(item));
        }
        return ids;
    }

    /** A full ID or a prefix of one ({@code NFL3}); either must name at least one check. */
    private String checkId(Node node) {
        String id = scalar(node, "a check ID").toUpperCase(Locale.ROOT);
        boolean known = knownIds.contains(id)
                || (id.startsWith("NFL") && knownIds.stream().anyMatch(k -> k.startsWith(id)));
        if (!known) {
            throw error(node, "unknown check ID '" + id + "' (nflint rules lists them)");
        }
        return id;
    }

    private Map<String, Severity> severities(Node node) {
        Map<String, Severity> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, "severity").getValue()) {
            String id = scalar(t.getKeyNode(), "a check ID").toUpperCase(Locale.ROOT);
            if (!knownIds.contains(id)) {
                throw error(t.getKeyNode(), "unknown check ID '" + id + "' (nflint rules lists them)");
            }
            Node v = t.getValueNode();
            Severity s = Severity.parse(scalar(v, "a severity"))
                    .orElseThrow(() -> error(v, "severity of " + id + " must be one of error, warning, info"));
            out.put(id, s);
        }
        return out;
    }

    private List<IgnoreEntry> ignores(Node node) {
        List<IgnoreEntry> out = new ArrayList<>();
        Path base = file.toAbsolutePath().normalize().getParent();
        for (Node item : sequence(node, "ignore")) {
            String glob = null;
            Set<String> checks = Set.of();
            for (NodeTuple t : mapping(item, "an ignore entry").getValue()) {
                String key = scalar(t.getKeyNode(), "a key");
                switch (key) {
                    case "path" -> {
                        glob = scalar(t.getValueNode(), "path");
                        try {
                            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
                        } catch (IllegalArgumentException e) {
                            throw error(t.getValueNode(), "bad glob '" + glob + "': " + e.getMessage());
                        }
                    }
                    case "checks" -> checks = idList(t.getValueNode(), "checks");
                    default -> throw error(t.getKeyNode(), "unknown key '" + key + "' in an ignore entry (known: checks, path)");
                }
            }
            if (glob == null) {
                throw error(item, "an ignore entry needs 'path'");
            }
            out.add(new IgnoreEntry(glob, checks, base));
        }
        return out;
    }

    private HostAssumptions host(Node node) {
        Map<String, Boolean> values = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, "host").getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            if (!HostAssumptions.KEYS.containsKey(key)) {
                throw error(t.getKeyNode(), "unknown host assumption '" + key + "' (known: "
                        + String.join(", ", HostAssumptions.KEYS.keySet()) + ")");
            }
            values.put(key, bool(t.getValueNode(), key));
        }
        return new HostAssumptions(values);
    }

    private boolean bool(Node node, String what) {
        String v = scalar(node, what).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw error(node, what + " must be true or false, not '" + v + "'");
        };
    }

    private MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(node, what + " must be a mapping (key: value lines)");
    }

    private List<Node> sequence(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (node instanceof ScalarNode) {
            // "disable: NFL103" is read as a one-element list, as people write it
            return List.of(node);
        }
        throw error(node, what + " must be a list");
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return s.getValue().strip();
        }
        throw error(node, what + " must be a single value");
    }

    private ConfigException error(Node node, String problem) {
        Optional<Mark> m = node.getStartMark();
        int line = m.map(x -> x.getLine() + 1).orElse(1);
        int col = m.map(x -> x.getColumn() + 1).orElse(1);
        return new ConfigException(file, line, col, problem);
    }
}
