package dev.ftmigrate.rules.engine;

/** Runs once per file, on the model (module definitions, macros, tables). */
public interface FileRule extends Rule {
    void onFile(RuleContext ctx);
}
