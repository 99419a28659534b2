package dev.ftmigrate.cli;

import dev.ftmigrate.reports.RuleDocs;
import dev.ftmigrate.rules.RuleCatalog;
import dev.ftmigrate.rules.RuleDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists the rule catalog, shows one rule's page, or writes every page with --docs.")
public final class RulesCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "ID", description = "Show this rule's documentation page.")
    String id;

    @Option(names = "--docs", paramLabel = "DIR", description = "Write one Markdown page per rule and an index into DIR.")
    Path docs;

    @Override
    public Integer call() {
        if (docs != null) {
            for (RuleDescriptor r : RuleCatalog.descriptors()) Outputs.write(docs.resolve(r.id() + ".md"), RuleDocs.page(r));
            Outputs.write(docs.resolve("README.md"), RuleDocs.index(RuleCatalog.descriptors()));
            System.err.println("ftmigrate: wrote " + RuleCatalog.descriptors().size() + " rule pages to " + docs);
            return 0;
        }
        if (id != null) {
            RuleDescriptor r = RuleCatalog.descriptors().stream().filter(d -> d.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new UserError("unknown rule '" + id + "' (see `ftmigrate rules`)"));
            System.out.print(RuleDocs.page(r));
            return 0;
        }
        System.out.print(RuleDocs.table(RuleCatalog.descriptors()));
        return 0;
    }
}
