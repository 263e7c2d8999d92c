package dev.tokentray.cli;

import dev.tokentray.config.KeySource;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.mfa.MfaCodeSource;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.KeyRotation;
import dev.tokentray.sts.SessionMaker;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rotate", description = {
        "Replace the profile's long-lived access key: create a new one in IAM, check it works, store it"
                + " in the vault, then delete the old one.",
        "With an MFA device the IAM calls use the MFA session (a code is asked when none is fresh)."})
final class RotateCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Mixin
    SessionOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        if (options.duration != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--duration does not apply to rotate: it makes a key, not a session");
        }
        ctx.engine().requireVault();
        // Asked once: the old key is read with it and the new one written with it.
        char[] password = new VaultPasswords(ctx, options.passwordStdin).forVault();
        try {
            SessionMaker.Inputs asked = options.inputs(ctx, profile);
            SessionMaker.Inputs inputs = new SessionMaker.Inputs() {
                @Override
                public AccessKeyPair keys(KeySource source) {
                    return ctx.engine().loadKeys(source, password::clone);
                }

                @Override
                public MfaCodeSource mfa(ProfilePlan plan) {
                    return asked.mfa(plan);
                }
            };
            KeyRotation.Result r = ctx.engine().rotate(profile, password, inputs);
            ctx.out().println("Rotated the access key of IAM user " + r.userName() + ": " + r.newKeyId()
                    + " is in the vault, " + r.oldKeyId() + " is deleted.");
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
