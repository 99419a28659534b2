package dev.ftmigrate.rules;

import java.util.List;

/** A proposed change: what it does, how safe it is, and the edits that make it. */
public record Fix(String description, FixSafety safety, List<TextEdit> edits) {
    public Fix {
        edits = List.copyOf(edits);
    }
}
