package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

@RuleInfo(id = "FT501", name = "non-reentrant-libc",
        summary = "Non-reentrant libc call (strtok, localtime, rand, strerror, getenv...) at run time",
        rationale = "These functions keep their result or cursor in static storage inside libc. With the GIL, "
                + "extension calls were serialised; without it two threads overwrite each other's results "
                + "(strtok walks the other thread's string, localtime returns the other thread's time).",
        category = "libc and allocators",
        example = "struct tm *t = localtime(&now);\nchar *tok = strtok(buf, \",\");",
        fixedExample = "struct tm tmbuf, *t = localtime_r(&now, &tmbuf);\nchar *save, *tok = strtok_r(buf, \",\", &save);",
        fixHint = "Use the reentrant variant (strtok_r, localtime_r, gmtime_r, ctime_r, strerror_r, rand_r...), or a lock around the call and the use of its result.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class NonReentrantLibc implements CallRule {
    static final Map<String, String> ALTERNATIVE = Map.ofEntries(
            entry("strtok", "strtok_r"), entry("localtime", "localtime_r"), entry("gmtime", "gmtime_r"),
            entry("ctime", "ctime_r"), entry("asctime", "asctime_r"), entry("rand", "rand_r or a per-thread generator"),
            entry("srand", "a per-thread generator seed"), entry("random", "random_r"), entry("drand48", "erand48 with own state"),
            entry("lrand48", "nrand48 with own state"), entry("mrand48", "jrand48 with own state"),
            entry("strerror", "strerror_r"), entry("strsignal", "a lock around strsignal and the copy of its result"),
            entry("getenv", "reading it once at module init (setenv in another thread invalidates it)"),
            entry("setenv", "not changing the environment at run time"), entry("putenv", "not changing the environment at run time"),
            entry("unsetenv", "not changing the environment at run time"), entry("readdir", "one DIR stream per thread, or a lock"),
            entry("getutxent", "a lock around the utmpx iteration"), entry("setlocale", "uselocale/newlocale (per thread)"),
            entry("getpwnam", "getpwnam_r"), entry("getpwuid", "getpwuid_r"), entry("getgrnam", "getgrnam_r"),
            entry("getgrgid", "getgrgid_r"), entry("gethostbyname", "getaddrinfo"), entry("gethostbyaddr", "getnameinfo"),
            entry("inet_ntoa", "inet_ntop"), entry("ttyname", "ttyname_r"), entry("tmpnam", "mkstemp"),
            entry("ecvt", "snprintf"), entry("fcvt", "snprintf"), entry("mbtowc", "mbrtowc"), entry("wctomb", "wcrtomb"),
            entry("mblen", "mbrlen"), entry("ptsname", "ptsname_r"), entry("getlogin", "getlogin_r"), entry("crypt", "crypt_r"));

    @Override
    public Set<String> callees() { return ALTERNATIVE.keySet(); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        CFunction fn = ctx.functionOf(call).orElse(null);
        if (fn == null || Reachability.initOnly(ctx, fn) || ctx.extension().locked(fn, Ast.range(call).start())) return;
        Confidence c = callee.equals("readdir") || callee.equals("getenv") ? Confidence.MEDIUM : Confidence.HIGH;
        ctx.report(call).subject(callee).confidence(Reachability.confidence(ctx, fn, c))
                .message(callee + "() keeps its state in libc's static storage, " + Reachability.phrase(ctx, fn)
                        + ": without the GIL concurrent calls overwrite each other; use " + ALTERNATIVE.get(callee))
                .pathTo(fn)
                .fix(fx -> dev.ftmigrate.rules.fix.LibcFix.fix(fx, call, other -> !ctx.extension().locked(fn, Ast.range(other).start())))
                .emit();
    }
}
