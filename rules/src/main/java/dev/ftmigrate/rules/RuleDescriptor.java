package dev.ftmigrate.rules;

/** The metadata of one rule as plain data, for reports and generated docs. */
public record RuleDescriptor(String id, String name, String summary, String rationale, String category,
                             Level level, String example, String fixedExample, String fixHint,
                             FixSafety fixSafety, String sinceCPython) {

    public static RuleDescriptor of(RuleInfo i) {
        return new RuleDescriptor(i.id(), i.name(), i.summary(), i.rationale(), i.category(), i.level(),
                i.example(), i.fixedExample(), i.fixHint(), i.fixSafety(), i.sinceCPython());
    }
}
