package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.IScope;
import org.eclipse.cdt.core.dom.parser.IBuiltinBindingsProvider;
import org.eclipse.cdt.core.dom.parser.ISourceCodeParser;
import org.eclipse.cdt.core.dom.parser.c.GCCParserExtensionConfiguration;
import org.eclipse.cdt.core.dom.parser.c.ICParserExtensionConfiguration;
import org.eclipse.cdt.core.index.IIndex;
import org.eclipse.cdt.core.parser.IParserSettings;
import org.eclipse.cdt.core.parser.ParserMode;
import org.eclipse.cdt.internal.core.dom.parser.c.GNUCSourceParser;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.IParserLogService;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.IScannerInfo;
import org.eclipse.cdt.core.parser.IncludeFileContentProvider;
import dev.ftmigrate.analyzer.budget.BudgetExceeded;
import dev.ftmigrate.analyzer.budget.BudgetedScanner;
import dev.ftmigrate.analyzer.budget.FileBudget;
import dev.ftmigrate.analyzer.budget.MacroSize;
import dev.ftmigrate.analyzer.budget.Nesting;
import org.eclipse.cdt.core.parser.DefaultLogService;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.core.runtime.CoreException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C front end: Eclipse CDT's GCC C parser on the exact text of a {@link SourceFile}, so every
 * node offset is a char index into {@code file.text()}. Thread-safe; one instance per option set.
 * Each parse stays within a {@link FileBudget}: too deep a nesting or too large a macro expansion is
 * refused before parsing, and the preprocessor's tokens are metered ({@link BudgetExceeded}).
 */
public final class CParser {
    private final ParseOptions options;
    private volatile Map<String, String> symbols;
    private final String[] includePaths;
    private final String[] forceIncludes;
    private final FileBudget budget;
    /** Header texts read by this parser's parses (one scan's): an edited header is read anew by the next scan. */
    private final Map<String, char[]> headers = new java.util.concurrent.ConcurrentHashMap<>();

    public CParser(ParseOptions options) {
        this(options, FileBudget.defaults());
    }

    public CParser(ParseOptions options, FileBudget budget) {
        this.options = options;
        this.budget = budget;
        this.includePaths = options.includePaths().stream().map(Path::toString).toArray(String[]::new);
        this.forceIncludes = options.forceIncludes().stream().map(Path::toString).toArray(String[]::new);
    }

    /** The predefined macros, made on the first parse (gcc runs then: a scan served from the cache never parses). */
    private Map<String, String> symbols() {
        Map<String, String> done = symbols;
        if (done != null) return done;
        Map<String, String> s = new LinkedHashMap<>();
        if (options.gccBuiltins()) s.putAll(HostToolchain.gccBuiltins());
        if (!options.precise()) s.putAll(MacroTable.cpython());
        if (options.freeThreaded()) s.put("Py_GIL_DISABLED", "1");
        else s.remove("Py_GIL_DISABLED");
        s.putAll(options.defines());
        symbols = done = Map.copyOf(s);
        return done;
    }

    public ParseOptions options() { return options; }

    public FileBudget budget() { return budget; }

    /**
     * Literal-only entries an initializer list keeps; CDT drops those past it (a data table's tail:
     * unicode or codec tables of thousands of numbers), which no rule reads and every scan kept.
     */
    static final int LITERALS_KEPT = 1024;

    private static final ICParserExtensionConfiguration NO_BUILTIN_BINDINGS =
            new GCCParserExtensionConfiguration() {
                @Override
                public IBuiltinBindingsProvider getBuiltinBindingsProvider() {
                    IBuiltinBindingsProvider gcc = super.getBuiltinBindingsProvider();
                    return new IBuiltinBindingsProvider() {
                        @Override public IBinding[] getBuiltinBindings(IScope scope) { return new IBinding[0]; }
                        @Override public boolean isKnownBuiltin(char[] name) { return gcc.isKnownBuiltin(name); }
                    };
                }
            };

    /** GCC's C language with the preprocessor behind a token meter. */
    private static final class MeteredLanguage extends GCCLanguage {
        private final long maxTokens;

        MeteredLanguage(long maxTokens) { this.maxTokens = maxTokens; }

        @Override
        protected IScanner createScanner(FileContent content, IScannerInfo info, IncludeFileContentProvider provider,
                                         IParserLogService log) {
            return new BudgetedScanner(super.createScanner(content, info, provider, log), maxTokens);
        }

        /**
         * GCC's extensions without its ~350 builtin function bindings: made for every translation unit
         * and kept with its tree, they were a tenth of the objects a scan holds for the rules. A call
         * of a builtin is then an unresolved name, as a call of any undeclared function already is
         * (rules that care, such as the {@code __atomic_*} calls, match names, not bindings).
         */
        @Override
        protected ICParserExtensionConfiguration getParserExtensionConfiguration() {
            return NO_BUILTIN_BINDINGS;
        }

        @Override
        protected ISourceCodeParser createParser(IScanner scanner, ParserMode mode, IParserLogService log,
                                                 IIndex index, int options, IParserSettings settings) {
            var parser = new UnfrozenParser(scanner, mode, log, getParserExtensionConfiguration(), index);
            parser.setMaximumTrivialExpressionsInAggregateInitializers(LITERALS_KEPT);
            return parser;
        }
    }

    /**
     * CDT's C parser without the last step of {@code parse()}: freezing the tree, a walk of every node
     * that sets a flag only CDT's own setters read (1.6% of a cold scan's CPU). Nothing here edits a
     * tree. The rest is {@code AbstractGNUSourceCodeParser.parse()}'s order, without its trace log.
     */
    private static final class UnfrozenParser extends GNUCSourceParser {
        UnfrozenParser(IScanner scanner, ParserMode mode, IParserLogService log, ICParserExtensionConfiguration config,
                       IIndex index) {
            super(scanner, mode, log, config, index);
        }

        @Override
        public IASTTranslationUnit parse() {
            translationUnit();
            resolveAmbiguities();
            IASTTranslationUnit tu = getTranslationUnit();
            nullifyTranslationUnit();
            return tu;
        }
    }

    /** @throws BudgetExceeded when the file is too deeply nested or expands to too many tokens */
    public ParsedFile parse(SourceFile file) {
        String text = file.text();
        int deep = Nesting.firstTooDeep(text, budget.maxNesting());
        if (deep >= 0) {
            throw new BudgetExceeded("abandoned: brackets nested deeper than " + budget.maxNesting() + " at line " + file.line(deep));
        }
        long maxTokens = budget.tokens(text.length());
        String huge = MacroSize.firstTooLarge(text, Directives.of(file).lines(), maxTokens);
        if (huge != null) throw new BudgetExceeded("abandoned: macro " + huge + " expands to more than " + maxTokens + " tokens");
        // The path tells CDT where quote-includes start looking (next to the source, e.g. clinic/*.c.h).
        String path = file.path().toAbsolutePath().toString();
        FileContent content = FileContent.create(path, file.text().toCharArray());
        ExtendedScannerInfo info = new ExtendedScannerInfo(withMissingClinic(file), includePaths, new String[0], forceIncludes);
        DiskIncludeProvider includes = new DiskIncludeProvider(budget.maxIncludeBytes(), headers);
        try {
            IASTTranslationUnit tu = new MeteredLanguage(maxTokens).getASTTranslationUnit(content, info,
                    includes, null,
                    ILanguage.OPTION_IS_SOURCE_UNIT,
                    new DefaultLogService());
            if (tu == null) throw new BudgetExceeded("abandoned: the parser gave up (too many tokens)");
            List<ParseProblem> problems = new ArrayList<>();
            for (IASTProblem p : tu.getPreprocessorProblems()) {
                // A missing <Python.h> is the default mode working as designed, not a problem.
                if (p.getID() == IASTProblem.PREPROCESSOR_INCLUSION_NOT_FOUND) continue;
                problems.add(ParseProblem.of(file, p, true));
            }
            ProblemCollector.collect(tu, file, problems);
            List<String> warnings = new ArrayList<>(includes.notes());
            warnings.addAll(ConfigHeaders.missing(tu));
            return new ParsedFile(file, tu, problems, warnings, includes.servedChars());
        } catch (CoreException e) {
            throw new IllegalStateException("CDT failed on " + file.relPath() + ": " + e.getMessage(), e);
        }
    }

    private static final String SUFFIX = "_METHODDEF";

    /**
     * When an Argument Clinic header is missing (a partial checkout), its {@code *_METHODDEF} table
     * entries are unknown identifiers that turn the whole method table into a syntax error: define
     * them empty, so the table's other entries (and their entry points) survive.
     */
    private Map<String, String> withMissingClinic(SourceFile file) {
        if (!file.text().contains("clinic/")) return symbols();
        Path dir = file.path().toAbsolutePath().getParent();
        boolean missing = false;
        for (Directives.Line l : Directives.of(file).lines()) {
            String inc = Directives.quoted(file.text(), l);
            if (inc == null || !inc.contains("clinic/")) continue;
            missing = dir == null || !java.nio.file.Files.exists(dir.resolve(inc));
            if (missing) break;
        }
        if (!missing) return symbols();
        Map<String, String> s = new LinkedHashMap<>(symbols());
        // Each "_METHODDEF" and the identifier it ends (a regex tried at every word start was 5% of a scan).
        String t = file.text();
        for (int at = t.indexOf(SUFFIX); at >= 0; at = t.indexOf(SUFFIX, at + 1)) {
            int end = at + SUFFIX.length();
            if (end < t.length() && CodeText.word(t.charAt(end))) continue;
            int start = at;
            while (start > 0 && CodeText.word(t.charAt(start - 1))) start--;
            if (start < at && !Character.isDigit(t.charAt(start))) s.putIfAbsent(t.substring(start, end), "");
        }
        return s;
    }

    /** Quote-includes that resolved to a file, for reporting which headers were seen. */
    public static List<String> resolvedIncludes(IASTTranslationUnit tu) {
        List<String> out = new ArrayList<>();
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            if (inc.isResolved()) out.add(inc.getPath());
        }
        return out;
    }
}
