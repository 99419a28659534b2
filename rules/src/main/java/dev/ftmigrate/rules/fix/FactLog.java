package dev.ftmigrate.rules.fix;

import dev.ftmigrate.rules.fix.OwnershipFacts.Fact;

import java.util.ArrayList;
import java.util.List;

/** The facts of one ownership walk in the order found, and whether a loop is still being iterated. */
final class FactLog {
    private final List<Fact> facts = new ArrayList<>();
    private int quiet;

    void add(Fact f) { facts.add(f); }

    void problem(String var, String why) { facts.add(new OwnershipFacts.Problem(var, why)); }

    /** Facts found before a loop settles are quiet: they may decline a variable but place nothing. */
    boolean quiet() { return quiet > 0; }

    void enterQuiet() { quiet++; }

    void leaveQuiet() { quiet--; }

    List<Fact> facts() { return facts; }
}
