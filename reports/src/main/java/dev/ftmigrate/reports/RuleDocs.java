package dev.ftmigrate.reports;

import dev.ftmigrate.rules.RuleDescriptor;

import java.util.List;

/** A documentation page per rule, and the catalog index, generated from the rules' metadata. */
public final class RuleDocs {
    private RuleDocs() {}

    public static String page(RuleDescriptor r) {
        return "# " + r.id() + ": " + r.name() + "\n\n"
                + r.summary() + "\n\n"
                + "| | |\n|---|---|\n"
                + "| Category | " + r.category() + " |\n"
                + "| Default level | " + r.level().sarif() + " |\n"
                + "| Fix safety | " + r.fixSafety().label() + " |\n"
                + "| Recommended API since | CPython " + r.sinceCPython() + " |\n\n"
                + "## Why it matters without the GIL\n\n" + r.rationale() + "\n\n"
                + "## Example\n\n```c\n" + r.example() + "\n```\n\n"
                + "## Fix\n\n" + r.fixHint() + "\n\n```c\n" + r.fixedExample() + "\n```\n\n"
                + "## Suppressing\n\nAdd `/* ftmigrate: ignore[" + r.id() + "] reason */` on the line or the line before.\n";
    }

    public static String index(List<RuleDescriptor> rules) {
        StringBuilder sb = new StringBuilder("# ftmigrate rules\n\n| id | name | level | fix | summary |\n|---|---|---|---|---|\n");
        for (RuleDescriptor r : rules) {
            sb.append("| [").append(r.id()).append("](").append(r.id()).append(".md) | ").append(r.name()).append(" | ")
                    .append(r.level().sarif()).append(" | ").append(r.fixSafety().label()).append(" | ")
                    .append(r.summary().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** One line per rule for the terminal. */
    public static String table(List<RuleDescriptor> rules) {
        StringBuilder sb = new StringBuilder();
        for (RuleDescriptor r : rules) {
            sb.append(String.format("%-6s %-8s %-7s %-30s %s%n", r.id(), r.level().sarif(), r.fixSafety().label(), r.name(), r.summary()));
        }
        return sb.toString();
    }
}
