package dev.tokentray.cli;

import dev.tokentray.cache.Session;
import dev.tokentray.outputs.SessionFormats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", description = "Print the session as shell exports, JSON or a credentials-file section.")
final class ExportCommand implements Callable<Integer> {
    enum Format { env, json, ini }

    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Option(names = "--format", defaultValue = "env", description = "env, json or ini (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    SessionOptions options;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Session s = options.session(ctx, profile, false);
        String region = ctx.engine().region(profile);
        ctx.out().print(switch (format) {
            case env -> SessionFormats.shellExports(s, region);
            case json -> SessionFormats.credentialProcessJson(s) + "\n";
            case ini -> SessionFormats.ini(s, profile, region);
        });
        return 0;
    }
}
