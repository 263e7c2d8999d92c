package dev.tokentray;

import dev.tokentray.cli.CliContext;
import dev.tokentray.cli.TokentrayCommand;
import dev.tokentray.shim.ShimArchive;
import dev.tokentray.shim.Shim;

/** Entry point of the jar and of the installed {@code tokentray} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws java.io.IOException, InterruptedException {
        String archive = System.getProperty("tokentray.recordArchive");
        if (archive != null) {
            ShimArchive.record(java.nio.file.Path.of(archive));
            System.exit(0);
        }
        if (args.length == 2 && args[0].equals("credential-process") && !args[1].startsWith("-")) {
            Integer answered = Shim.serve(Env.system(), args[1]);
            if (answered != null) {
                System.out.flush();
                System.exit(answered);
            }
        }
        int code = TokentrayCommand.run(CliContext.system(), args);
        System.out.flush();
        System.exit(code);
    }
}
