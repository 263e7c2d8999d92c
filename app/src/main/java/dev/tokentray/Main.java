package dev.tokentray;

import dev.tokentray.cli.CliContext;
import dev.tokentray.cli.TokentrayCommand;

/** Entry point of the jar and of the installed {@code tokentray} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = TokentrayCommand.run(CliContext.system(), args);
        System.out.flush();
        System.exit(code);
    }
}
