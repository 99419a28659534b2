package dev.ftmigrate.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

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
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            write(node, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #bytes} written to {@code out} as they are made, which stays open. With a {@link Streamed}
     * array in the tree, a report of any size is never whole in memory (a 170 MB SARIF made as a tree,
     * then as bytes, ran a scan out of heap).
     */
    static void write(JsonNode node, OutputStream out) throws IOException {
        MAPPER.writer(PRINTER).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, node);
        out.write('\n');
    }

    /** An array whose elements are made one at a time as it is written, and dropped once written. */
    static final class Streamed extends ArrayNode {
        private final int size;
        private final IntFunction<JsonNode> element;

        Streamed(int size, IntFunction<JsonNode> element) {
            super(MAPPER.getNodeFactory());
            this.size = size;
            this.element = element;
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartArray(this, size);
            for (int i = 0; i < size; i++) element.apply(i).serialize(g, provider);
            g.writeEndArray();
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
