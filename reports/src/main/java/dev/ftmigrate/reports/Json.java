package dev.ftmigrate.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/** Shared JSON plumbing: insertion-ordered trees, printed the same way on every OS. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    // Fixed "\n" (the default indenter uses the platform separator) and "key": value spacing.
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private Json() {}

    static ObjectNode object() { return MAPPER.createObjectNode(); }

    static ArrayNode array() { return MAPPER.createArrayNode(); }

    /** Pretty printed, trailing newline. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts {@code value} as a string, or JSON null: the ftmigrate schema keeps every key present. */
    static void putNullable(ObjectNode o, String key, String value) {
        if (value == null) o.putNull(key); else o.put(key, value);
    }

    /** Puts {@code value} only when present: SARIF forbids null for most properties. */
    static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) o.put(key, value);
    }
}
