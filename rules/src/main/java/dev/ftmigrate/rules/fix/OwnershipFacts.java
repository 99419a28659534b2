package dev.ftmigrate.rules.fix;

import dev.ftmigrate.rules.fix.OwnershipEnv.State;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ownership walk found for the converted variables of one function, in walk order: where
 * each still holds its reference as control leaves (a block end, a jump, a return, a new error
 * exit), which increfs fold into the new reference, and where the walk lost track of one. No text
 * edits: {@link ReleasePlan} decides from these what to write.
 *
 * <p>The order matters: the first reason given for a variable is the one reported. Facts seen
 * while a loop was still being iterated to its fixed point are {@code quiet}: they can decline a
 * variable but place nothing (the last pass over the loop places its releases).
 *
 * @param noneTests the old dead-weakref tests ({@code v == Py_None}) of converted weakrefs
 */
record OwnershipFacts(BorrowedLocals fn, Set<String> vars, List<Fact> facts, List<NoneTest> noneTests) {
    OwnershipFacts {
        vars = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(vars));
        facts = List.copyOf(facts);
        noneTests = List.copyOf(noneTests);
    }

    sealed interface Fact {}

    /** The walk cannot follow {@code var}'s ownership here: the variable is left to a human. */
    record Problem(String var, String why) implements Fact {}

    /** {@code var} may still hold its reference when its block (or loop iteration) ends. */
    record BlockEnd(IASTCompoundStatement block, String var, Set<State> held, boolean quiet) implements Fact {}

    /**
     * {@code var} may still hold its reference where control leaves by {@code at}: a break,
     * continue or goto (one the target label does not release), or the cleanup label's statement.
     */
    record Leave(IASTStatement at, String var, Set<State> held, boolean quiet) implements Fact {}

    /** A return, with every converted variable's states there. */
    record Return(IASTReturnStatement stmt, Map<String, Set<State>> held, boolean quiet) implements Fact {}

    /**
     * A call stored into its variable. {@code checked}: the new call gets its own error test
     * (the value is not tested for NULL right after). {@code exit}: the function's error exit from
     * here (null: none), with the states on that path and the variables its label releases itself.
     */
    record Assignment(BorrowedLocals.Site site, boolean checked, ErrorConvention.ErrorExit exit, Map<String, Set<State>> errorPath,
                      Set<String> releasedByLabel, boolean quiet) implements Fact {}

    /** A {@code Py_INCREF(v)} whose reference the new API now provides. */
    record FoldedIncref(IASTStatement stmt, boolean quiet) implements Fact {}

    /** {@code none} is the {@code Py_None} of a dead-weakref test of {@code var}. */
    record NoneTest(String var, IASTExpression none) {}
}
