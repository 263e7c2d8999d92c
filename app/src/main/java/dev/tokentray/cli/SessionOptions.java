package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentClient;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.cache.Session;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.core.Tokentray;
import dev.tokentray.mfa.FixedMfaCode;
import dev.tokentray.mfa.MfaCode;
import dev.tokentray.mfa.MfaCodeSource;
import dev.tokentray.mfa.MfaSources;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.SessionMaker;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that may need a new session: password and MFA sources, duration. */
final class SessionOptions {
    @Option(names = "--password-stdin", description = "Read the vault password from standard input.")
    boolean passwordStdin;

    String mfaCode;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private AgentClient.Answer agentAnswer;

    /** Refused as bad usage before anything else happens: no password is asked for a code STS would refuse. */
    @Option(names = "--mfa-code", paramLabel = "CODE", description = "The current MFA code (else mfa_process, else asked).")
    void mfaCode(String code) {
        if (!MfaCode.wellFormed(code.strip())) {
            throw new ParameterException(command.commandLine(), "--mfa-code takes the " + MfaCode.DIGITS
                    + " digits your MFA device shows now");
        }
        mfaCode = code.strip();
    }

    @Option(names = "--duration", paramLabel = "DURATION", converter = SessionLength.class,
            description = "Session length, e.g. 1h, 90m, 3600s.")
    Duration duration;

    Duration duration() {
        return duration;
    }

    /**
     * Reads {@code --duration} while the command line is parsed, so a bad one is bad usage (exit 2)
     * in one line, a number too big for any type included.
     */
    static final class SessionLength implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern PARTS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
        private static final Duration MIN = Duration.ofMinutes(15);
        private static final Duration MAX = Duration.ofHours(36);

        @Override
        public Duration convert(String text) {
            Duration d = parse(text.strip());
            if (d == null || d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
                throw new CommandLine.TypeConversionException(text + " is not a session length from 15m to 36h"
                        + " (write it like 1h, 90m or 3600s)");
            }
            return d;
        }

        private static Duration parse(String text) {
            Matcher m = PARTS.matcher(text);
            try {
                if (text.matches("\\d+")) {
                    return Duration.ofSeconds(Long.parseLong(text));
                }
                if (text.isEmpty() || !m.matches()) {
                    return null;
                }
                return Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                        .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                        .plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
            } catch (NumberFormatException | ArithmeticException tooBig) {
                // More digits than a long holds, or more seconds than a Duration: far past 36h.
                return null;
            }
        }
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
                return mfa(plan, null);
            }

            @Override
            public MfaCodeSource mfa(ProfilePlan plan, SessionMaker.SecondCode why) {
                if (mfaCode != null) {
                    return new FixedMfaCode(mfaCode);
                }
                MfaCodeSource typed = ctx.terminal().available()
                        ? new TerminalMfaCode(ctx.terminal(), Tokentray.secondCodeText(why)) : null;
                MfaCodeSource source = MfaSources.choose(plan.effectiveMfa(), ctx.clock(), typed,
                        YubikeyCommand.oathPasswords(ctx),
                        notice -> ctx.terminal().aside(() -> ctx.err().println(notice)));
                // Nobody to ask: the engine reports "run `tokentray unlock`" for a null code.
                return source != null ? source : new TerminalMfaCode(ctx.terminal(), null);
            }
        };
    }

    /**
     * Whether nothing on the command line asks for a particular session (a length, a code, a
     * password from stdin), so that the tray's agent, which makes sessions its own way, may answer.
     */
    boolean agentMayAnswer() {
        return mfaCode == null && duration == null && !passwordStdin;
    }

    /** What the agent answered {@link #session}; null when it was not asked or none answered. */
    AgentClient.Answer agentAnswer() {
        return agentAnswer;
    }

    /**
     * A session for {@code profile}. When the tray runs and nothing on the command line asks for a
     * particular session, its agent answers first (from memory, or by raising its unlock dialog);
     * a dialog closed without unlocking falls back to asking here.
     */
    Session session(CliContext ctx, String profile, boolean forceNew) {
        if (!forceNew && agentMayAnswer()) {
            AgentClient.Answer answer = AgentClient.session(AgentProtocol.socket(ctx.env()), profile);
            agentAnswer = answer;
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
