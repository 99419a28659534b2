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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /**
     * {@link #write} as UTF-8 bytes, made as bytes: Jackson's char output, its String and that
     * String's encoding took three times as long for a scan's 6 MB SARIF in a fresh JVM.
     */
    static byte[] bytes(JsonNode node) {
        try {
            byte[] json = MAPPER.writer(PRINTER).writeValueAsBytes(node);
            byte[] out = Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
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
