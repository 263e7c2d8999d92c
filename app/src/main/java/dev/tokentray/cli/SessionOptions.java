package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentClient;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.cache.Session;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.mfa.FixedMfaCode;
import dev.tokentray.mfa.MfaCode;
import dev.tokentray.mfa.MfaCodeSource;
import dev.tokentray.mfa.MfaSources;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.SessionMaker;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that may need a new session: password and MFA sources, duration. */
final class SessionOptions {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Option(names = "--password-stdin", description = "Read the vault password from standard input.")
    boolean passwordStdin;

    String mfaCode;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Refused as bad usage before anything else happens: no password is asked for a code STS would refuse. */
    @Option(names = "--mfa-code", paramLabel = "CODE", description = "The current MFA code (else mfa_process, else asked).")
    void mfaCode(String code) {
        if (!MfaCode.wellFormed(code.strip())) {
            throw new ParameterException(command.commandLine(), "--mfa-code takes the " + MfaCode.DIGITS
                    + " digits your MFA device shows now");
        }
        mfaCode = code.strip();
    }

    @Option(names = "--duration", paramLabel = "DURATION", description = "Session length, e.g. 1h, 90m, 3600s.")
    String duration;

    Duration duration() {
        if (duration == null) {
            return null;
        }
        Matcher m = DURATION.matcher(duration.strip());
        Duration d = null;
        if (duration.strip().matches("\\d+")) {
            d = Duration.ofSeconds(Long.parseLong(duration.strip()));
        } else if (m.matches() && !duration.isBlank()) {
            d = Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                    .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                    .plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
        }
        if (d == null || d.compareTo(Duration.ofMinutes(15)) < 0 || d.compareTo(Duration.ofHours(36)) > 0) {
            throw new TokentrayException("--duration " + duration + " is not a session length from 15m to 36h"
                    + " (write it like 1h, 90m or 3600s)");
        }
        return d;
    }

    /** Where the password and the code come from for {@code profile}. */
    SessionMaker.Inputs inputs(CliContext ctx, String profile) {
        return new SessionMaker.Inputs() {
            @Override
            public AccessKeyPair keys(KeySource source) {
                return ctx.engine().loadKeys(source, () -> new VaultPasswords(ctx, passwordStdin).forVault());
            }

            @Override
            public MfaCodeSource mfa(ProfilePlan plan) {
                if (mfaCode != null) {
                    return new FixedMfaCode(mfaCode);
                }
                MfaCodeSource typed = ctx.terminal().available() ? new TerminalMfaCode(ctx.terminal()) : null;
                MfaCodeSource source = MfaSources.choose(plan.effectiveMfa(), ctx.clock(), typed,
                        YubikeyCommand.oathPasswords(ctx), ctx.err()::println);
                // Nobody to ask: the engine reports "run `tokentray unlock`" for a null code.
                return source != null ? source : new TerminalMfaCode(ctx.terminal());
            }
        };
    }

    /**
     * A session for {@code profile}. When the tray runs and nothing on the command line asks for a
     * particular session, its agent answers first (from memory, or by raising its unlock dialog);
     * a dialog closed without unlocking falls back to asking here.
     */
    Session session(CliContext ctx, String profile, boolean forceNew) {
        if (!forceNew && mfaCode == null && duration == null && !passwordStdin) {
            AgentClient.Answer answer = AgentClient.session(AgentProtocol.socket(ctx.env()), profile);
            if (answer != null && answer.ok()) {
                return answer.session();
            }
            if (answer != null && !answer.locked()) {
                throw new TokentrayException(answer.message());
            }
        }
        return ctx.engine().session(profile, forceNew, duration(), inputs(ctx, profile));
    }
}
