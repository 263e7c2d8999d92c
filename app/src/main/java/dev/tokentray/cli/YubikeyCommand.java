package dev.tokentray.cli;

import dev.tokentray.mfa.oath.OathCredential;
import dev.tokentray.mfa.oath.OathKey;
import dev.tokentray.mfa.oath.OathPasswordSource;
import dev.tokentray.mfa.oath.OathReader;
import dev.tokentray.mfa.oath.RememberedOathPasswords;
import dev.tokentray.mfa.oath.OathSession;
import dev.tokentray.mfa.oath.YubikeyMfaCode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tokentray yubikey}: the YubiKeys' OATH accounts and codes, as `ykman oath accounts` shows them. */
@Command(name = "yubikey", description = "The OATH accounts on plugged-in YubiKeys and their current codes.",
        subcommands = {YubikeyCommand.ListKeys.class, YubikeyCommand.Code.class})
final class YubikeyCommand implements Runnable {
    @ParentCommand
    TokentrayCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: `tokentray yubikey list` or "
                + "`tokentray yubikey code ACCOUNT`");
    }

    /**
     * A locked applet's password: from the keyring when remembered, else asked on the terminal,
     * offering to remember it (nothing without a terminal).
     */
    static OathPasswordSource oathPasswords(CliContext ctx) {
        Terminal terminal = ctx.terminal();
        return new RememberedOathPasswords(ctx.engine().sessionCache().backend(), terminalPasswords(terminal),
                key -> terminal.available() && yes(terminal.readLine("Remember the OATH password of "
                        + key.describe() + " in the keyring? [y/N] ")));
    }

    private static boolean yes(String answer) {
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }

    /** Asks for a locked applet's password on the terminal; nothing without one. */
    static OathPasswordSource terminalPasswords(Terminal terminal) {
        if (!terminal.available()) {
            return OathPasswordSource.NONE;
        }
        return (key, wrongBefore) -> terminal.readSecret((wrongBefore ? "Wrong password. " : "")
                + "OATH password for " + key.describe() + ": ");
    }

    @Command(name = "list", description = "Each YubiKey (serial, reader) and its OATH accounts; touch ones are marked.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        YubikeyCommand parent;

        @Override
        public Integer call() {
            CliContext ctx = parent.root.ctx();
            List<OathKey> keys = new OathReader(ctx.clock()).keys(oathPasswords(ctx));
            if (keys.isEmpty()) {
                ctx.out().println("No YubiKey with an OATH applet is plugged in.");
                return 0;
            }
            for (OathKey key : keys) {
                ctx.out().println((key.serial() != null ? "YubiKey " + key.serial() : "YubiKey (serial not shown)")
                        + "  reader: " + key.reader() + "  OATH " + key.version());
                if (key.locked()) {
                    ctx.out().println("  (protected by an OATH password; run in a terminal to enter it)");
                } else if (key.accounts().isEmpty()) {
                    ctx.out().println("  (no OATH accounts)");
                }
                for (OathCredential c : key.accounts()) {
                    ctx.out().println("  " + c.id() + (c.touch() ? "  (touch)" : "") + (c.totp() ? "" : "  (HOTP)"));
                }
            }
            return 0;
        }
    }

    @Command(name = "code", description = "Prints the current code of one OATH account (touch the key if it blinks).")
    static final class Code implements Callable<Integer> {
        @ParentCommand
        YubikeyCommand parent;

        @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account: its full name or a unique part.")
        String account;

        @Option(names = "--serial", paramLabel = "SERIAL", description = "The YubiKey to use when several are plugged in.")
        String serial;

        @Option(names = {"-s", "--single"}, description = "Print only the code.")
        boolean single;

        @Override
        public Integer call() {
            CliContext ctx = parent.root.ctx();
            try (OathSession session = new OathReader(ctx.clock()).open(serial)) {
                session.unlock(oathPasswords(ctx));
                OathCredential credential = session.credential(account);
                session.onTouch(() -> ctx.err().println(YubikeyMfaCode.TOUCH_NOTICE));
                String code = session.calculate(credential.id());
                ctx.out().println(single ? code : credential.id() + "  " + code);
            }
            return 0;
        }
    }
}
