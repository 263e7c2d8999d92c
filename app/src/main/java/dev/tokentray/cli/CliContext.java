package dev.tokentray.cli;

import dev.tokentray.Env;
import dev.tokentray.core.Tokentray;
import dev.tokentray.vault.KdfParams;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;

/** What a command may touch: environment, standard streams, the terminal, and the engine. */
public final class CliContext {
    private final Env env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private final KdfParams kdf;
    private final Clock clock;
    private Tokentray engine;
    private StdinLines stdin;

    public CliContext(Env env, InputStream in, PrintStream out, PrintStream err, Terminal terminal,
                      KdfParams kdf, Clock clock) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.kdf = kdf;
        this.clock = clock;
    }

    public static CliContext system() {
        return new CliContext(Env.system(), System.in, System.out, System.err, new TtyTerminal(),
                KdfParams.DEFAULT, Clock.systemUTC());
    }

    public Env env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Terminal terminal() {
        return terminal;
    }

    public Clock clock() {
        return clock;
    }

    /** Standard input read line by line into wipeable buffers, shared by every option that reads it. */
    public synchronized StdinLines stdin() {
        if (stdin == null) {
            stdin = new StdinLines(in);
        }
        return stdin;
    }

    public synchronized Tokentray engine() {
        if (engine == null) {
            engine = new Tokentray(env, kdf, clock, err::println);
        }
        return engine;
    }
}
