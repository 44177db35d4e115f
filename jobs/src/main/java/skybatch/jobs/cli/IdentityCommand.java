package skybatch.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import skybatch.jobs.identity.CachedDirectory;
import skybatch.readers.identity.Identity;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "identity", mixinStandardHelpOptions = true, description = "Resolve identities, and manage their cache.",
        subcommands = {IdentityCommand.ResolveCommand.class, IdentityCommand.CacheCommand.class})
class IdentityCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Resolve a handle or a DID and verify it both ways: the DID document must claim the handle"
                    + " and the handle must resolve to the DID. did:plc documents come from the PLC import first.",
                    "Answers are cached in the database (hits 24 h, failures 5 min)."})
    static class ResolveCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "<handle|did>")
        String identifier;

        @Option(names = "--strict", description = "Exit with 1 unless the identity is verified")
        boolean strict;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Option(names = "--no-cache", description = "Ask the network, and store the fresh answer")
        boolean noCache;

        ResolveCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            CompletableFuture<Identity> lookup;
            CachedDirectory directory = context.bean(CachedDirectory.class);
            if (noCache) {
                lookup = directory.refresh(identifier);
            } else if (identifier.startsWith("did:")) {
                lookup = directory.lookupDid(Did.parse(identifier));
            } else {
                lookup = directory.lookupHandle(Handle.parse(identifier.replaceFirst("^@", "")));
            }
            Identity identity = lookup.join();
            if (json) {
                System.out.println(JsonMapper.builder().build().readTree(CachedDirectory.toJson(identity)).toPrettyString());
            } else {
                print(identity);
            }
            return strict && !identity.verified() ? ExitCodes.FAILED : ExitCodes.COMPLETED;
        }

        private static void print(Identity identity) {
            System.out.printf("did:       %s%n", identity.did().map(Object::toString).orElse("-"));
            System.out.printf("handle:    %s%s%n", identity.handle().map(Object::toString).orElse("-"),
                    identity.handleSource().map(s -> "  (resolved by " + s + ")").orElse(""));
            System.out.printf("verified:  %s%n", identity.verified() ? "yes" : "no");
            System.out.printf("pds:       %s%n", identity.pds().orElse("-"));
            System.out.printf("key:       %s%n", identity.signingKey().orElse("-"));
            System.out.printf("document:  %s%n", identity.documentSource().map(Object::toString).orElse("-"));
            identity.failure().ifPresent(f -> System.out.printf("failure:   %s%s%n", f,
                    f.isTransient() ? " (transient)" : ""));
        }
    }

    @Command(name = "cache", mixinStandardHelpOptions = true, description = "clear: forget every cached answer;"
            + " refresh: resolve every cached identifier again now.")
    static class CacheCommand implements Callable<Integer> {
        private final SpringContext context;

        @Parameters(paramLabel = "clear|refresh")
        String action;

        CacheCommand(SpringContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            CachedDirectory directory = context.bean(CachedDirectory.class);
            switch (action) {
                case "clear" -> System.out.println("removed " + directory.clear() + " cached answers");
                case "refresh" -> {
                    List<String> identifiers = directory.cachedIdentifiers();
                    CompletableFuture.allOf(identifiers.stream().map(directory::refresh)
                            .toArray(CompletableFuture[]::new)).join();
                    System.out.println("refreshed " + identifiers.size() + " cached answers");
                }
                default -> throw new IllegalArgumentException("identity cache takes clear or refresh, not '" + action + "'");
            }
            return ExitCodes.COMPLETED;
        }
    }
}
