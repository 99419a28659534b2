package dev.ftmigrate.analyzer.budget;

import org.eclipse.cdt.core.dom.ast.IMacroBinding;
import org.eclipse.cdt.core.parser.EndOfFileException;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.IToken;
import org.eclipse.cdt.core.parser.IncludeExportPatterns;
import org.eclipse.cdt.core.parser.OffsetLimitReachedException;
import org.eclipse.cdt.internal.core.parser.scanner.ILocationResolver;

import java.util.Map;

/**
 * CDT's preprocessor behind a meter: counts the tokens the parser takes (macro expansion included) and
 * polls the {@link Watchdog}, so a runaway file stops with {@link BudgetExceeded} instead of eating the heap.
 */
public final class BudgetedScanner implements IScanner {
    private final IScanner inner;
    private final long maxTokens;
    private long tokens;

    public BudgetedScanner(IScanner inner, long maxTokens) {
        this.inner = inner;
        this.maxTokens = maxTokens;
    }

    @Override
    public IToken nextToken() throws EndOfFileException {
        if (++tokens > maxTokens) throw new BudgetExceeded("abandoned: more than " + maxTokens + " preprocessor tokens (macro expansion too large)");
        if ((tokens & 1023) == 0 && Watchdog.expired()) throw new BudgetExceeded("abandoned: over its time budget while parsing");
        return inner.nextToken();
    }

    @Override public Map<String, IMacroBinding> getMacroDefinitions() { return inner.getMacroDefinitions(); }
    @Override public boolean isOnTopContext() { return inner.isOnTopContext(); }
    @Override public void cancel() { inner.cancel(); }
    @Override public ILocationResolver getLocationResolver() { return inner.getLocationResolver(); }
    @Override public void setContentAssistMode(int offset) { inner.setContentAssistMode(offset); }
    @Override public void setSplitShiftROperator(boolean val) { inner.setSplitShiftROperator(val); }
    @Override public void setComputeImageLocations(boolean val) { inner.setComputeImageLocations(val); }
    @Override public void setTrackIncludeExport(IncludeExportPatterns patterns) { inner.setTrackIncludeExport(patterns); }
    @Override public void setProcessInactiveCode(boolean val) { inner.setProcessInactiveCode(val); }
    @Override public void skipInactiveCode() throws OffsetLimitReachedException { inner.skipInactiveCode(); }
    @Override public int getCodeBranchNesting() { return inner.getCodeBranchNesting(); }
    @Override public char[] getAdditionalNumericLiteralSuffixes() { return inner.getAdditionalNumericLiteralSuffixes(); }
    @Override public void setScanComments(boolean val) { inner.setScanComments(val); }
}
