package dev.ftmigrate.rules;

import dev.ftmigrate.rules.catalog.*;
import dev.ftmigrate.rules.engine.Rule;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every rule, in id order. Adding a rule = one class + one line here + its fixtures. */
public final class RuleCatalog {
    private static final List<Rule> ALL = List.<Rule>of(
            new DirectRefcountAccess(), new StaticObjectHeader(), new DirectTypeAccess(), new UniquenessCheck(),
            new MissingModGil(), new SinglePhaseWithoutSetGil(), new LimitedApiBuild(),
            new DictGetItemBorrowed(), new ListGetItemBorrowed(), new WeakrefGetObject(),
            new ImportAddModule(), new DictSetDefault(), new CythonGenerated(), new GeneratedCode(),
            new ContainerInternals(), new DictNextUnlocked(), new SequenceFastItems(),
            new UnlockedStaticWrite(), new LazyStaticInit(), new StaticFreeList(), new UnlockedSelfField(), new UnlockedFieldRace(), new UnlockedModuleState(), new LazyFieldInit(), new UnlockedLibraryHandle(),
            new ThreadTypeLock(), new GilStateAsLock(), new NonReentrantLibc(), new AllocatorDomain()
    ).stream().sorted(Comparator.comparing(Rule::id)).toList();

    private RuleCatalog() {}

    public static List<Rule> all() { return ALL; }

    public static List<RuleDescriptor> descriptors() { return ALL.stream().map(Rule::descriptor).toList(); }

    /** True for a rule that runs only when selected by its full id ({@link RuleInfo#optIn()}). */
    public static boolean optIn(Rule r) {
        RuleInfo i = r.getClass().getAnnotation(RuleInfo.class);
        return i != null && i.optIn();
    }

    public static Set<String> ids() { return ALL.stream().map(Rule::id).collect(Collectors.toCollection(java.util.TreeSet::new)); }

    /**
     * The rules a --select/--ignore pair keeps. Entries are ids ("FT301") or prefixes ("FT3", "FT");
     * an empty select keeps all but the opt-in rules, which only their full id selects.
     */
    public static List<Rule> selected(List<String> select, List<String> ignore) {
        return ALL.stream()
                .filter(r -> optIn(r) ? select.stream().anyMatch(s -> r.id().equals(s.strip().toUpperCase()))
                        : select.isEmpty() || select.stream().anyMatch(s -> r.id().startsWith(s.strip().toUpperCase())))
                .filter(r -> ignore.stream().noneMatch(s -> r.id().startsWith(s.strip().toUpperCase())))
                .toList();
    }
}
