package dev.tokentray;

import dev.tokentray.cli.CliContext;
import dev.tokentray.cli.TokentrayCommand;
import dev.tokentray.shim.ShimArchive;
import dev.tokentray.shim.Shim;

/** Entry point of the jar and of the installed {@code tokentray} launcher. */
public final class Main {
    private Main() {
    }

    /**
     * Whatever escapes, on any thread, is one line on stderr (see {@link FailureLine}), never the
     * JVM's stack trace. A class, not a lambda: the shim's start-up cannot afford the bootstrap.
     */
    private static final class LastNet implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            System.err.println(FailureLine.of(failure));
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable e) {
            System.err.println(FailureLine.of(e));
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static int run(String[] args) throws java.io.IOException, InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler(new LastNet());
        String archive = System.getProperty("tokentray.recordArchive");
        if (archive != null) {
            ShimArchive.record(java.nio.file.Path.of(archive));
            return 0;
        }
        if (args.length == 2 && args[0].equals("credential-process") && !args[1].startsWith("-")) {
            Integer answered = Shim.serve(Env.system(), args[1]);
            if (answered != null) {
                return answered;
            }
        }
        return TokentrayCommand.run(CliContext.system(), args);
    }
}
