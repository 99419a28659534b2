package dev.ftmigrate.analyzer.budget;

/**
 * What one file may cost before its analysis is abandoned (with a warning naming it) so that the other
 * files are still reported: wall time, preprocessor tokens (macro expansion), bracket nesting, and the
 * size of any one header it includes. Limits grow with the file's size so big real files still finish.
 *
 * @param baseSeconds    time for a small file (parse, model and rules together)
 * @param secondsPerMb   added per MB of the file's text
 * @param baseTokens     preprocessor tokens for a small file
 * @param tokensPerChar  added per char of the file's text (real C has about 0.2-0.3 tokens per char)
 * @param maxNesting     deepest (, [ or { nesting read at all (the parser and tree walks recurse on it)
 * @param maxIncludeBytes largest header an #include may read
 * @param maxFileBytes   largest source file read at all
 */
public record FileBudget(double baseSeconds, double secondsPerMb, long baseTokens, long tokensPerChar,
                         int maxNesting, long maxIncludeBytes, long maxFileBytes) {

    public FileBudget {
        if (baseSeconds <= 0 || secondsPerMb < 0 || baseTokens <= 0 || tokensPerChar < 0 || maxNesting < 1
                || maxIncludeBytes < 0 || maxFileBytes < 0) {
            throw new IllegalArgumentException("file budget limits must be positive");
        }
    }

    public static FileBudget defaults() {
        return new FileBudget(60, 30, 2_000_000, 20, 256, 16L << 20, 256L << 20);
    }

    /** The same limits with one fixed time for any file (the CLI's --file-timeout). */
    public FileBudget withSeconds(double s) {
        return new FileBudget(s, 0, baseTokens, tokensPerChar, maxNesting, maxIncludeBytes, maxFileBytes);
    }

    public double seconds(long chars) { return baseSeconds + secondsPerMb * chars / 1e6; }

    public long tokens(long chars) { return baseTokens + tokensPerChar * chars; }
}
