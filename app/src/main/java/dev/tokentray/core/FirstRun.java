package dev.tokentray.core;

import dev.tokentray.TokentrayException;
import dev.tokentray.config.AwsProfileFiles;
import dev.tokentray.config.ConfigException;
import dev.tokentray.config.ConfigFileEditor;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.config.ProfileResolver;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.FileLock;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.StsCalls;
import dev.tokentray.vault.PasswordStrength;
import dev.tokentray.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * What a person who has just installed tokentray is offered, and the steps of setting it up, each
 * one engine write: a vault and its password, key pairs into it, the MFA device IAM lists written
 * into the profile as mfa_serial, then wiring for the AWS CLI. A step that is not taken leaves the
 * ones before it as they were done.
 */
public final class FirstRun {
    private final Tokentray engine;

    public FirstRun(Tokentray engine) {
        this.engine = engine;
    }

    /**
     * What the first-run screen says.
     *
     * @param vaultExists      whether a vault (so a vault password) exists yet
     * @param keyPairsFound    the profiles `tokentray import` would move from the credentials file
     * @param lackingKeys      the config profiles with nothing to get credentials from, to name new keys after
     * @param credentialsFile  the credentials file as the person knows it (~/.aws/credentials)
     */
    public record Facts(boolean vaultExists, boolean vaultHasKeys, List<String> keyPairsFound, List<String> lackingKeys,
                        String credentialsFile) {
        /** Nothing in the vault yet: the window offers to set tokentray up instead of a table. */
        public boolean needed() {
            return !vaultHasKeys;
        }
    }

    public Facts facts() {
        AwsProfileFiles files = engine.profileFiles();
        Vault vault = engine.vault();
        List<String> inVault = vault.profiles();
        ProfileResolver resolver = new ProfileResolver(files, Set.copyOf(inVault));
        List<String> lacking = new ArrayList<>();
        for (String name : files.names()) {
            try {
                if (resolver.lacksKeys(name)) {
                    lacking.add(name);
                }
            } catch (ConfigException broken) {
                // a profile the files cannot describe is not offered as a name for new keys
            }
        }
        List<String> found = new ArrayList<>(Tokentray.importable(files));
        found.removeAll(inVault);
        return new Facts(vault.exists(), !inVault.isEmpty(), List.copyOf(found), List.copyOf(lacking),
                files.display(files.credentialsFile()));
    }

    /**
     * Makes the vault, empty, under {@code password}; with a vault already there, checks that
     * {@code password} opens it instead (a wrong one throws). A new password under
     * {@link PasswordStrength#MINIMUM} characters is refused before anything is written.
     */
    public void vaultPassword(char[] password) {
        Vault vault = engine.vault();
        if (vault.exists()) {
            vault.open(password).close();
            return;
        }
        PasswordStrength.requireAcceptable(password);
        vault.update(password, contents -> null);
    }

    /**
     * What IAM lists as a profile's MFA device: {@code serial} null when it lists none, or
     * {@code problem} (the line saying why) when it could not be asked.
     */
    public record MfaFinding(String profile, String serial, String problem) {
    }

    /**
     * For each of {@code profiles} (just given keys) that names no MFA device: the device IAM lists
     * for its user (sts:GetCallerIdentity, then iam:ListMFADevices, as an unlock without
     * mfa_serial does).
     */
    public List<MfaFinding> mfaDevices(Collection<String> profiles, char[] password) {
        ProfileResolver resolver = engine.resolver();
        List<MfaFinding> found = new ArrayList<>();
        for (String profile : profiles) {
            ProfilePlan plan = resolver.resolve(profile);
            if (plan.effectiveMfa().serial() != null || !plan.roles().isEmpty()) {
                continue;
            }
            StsCalls sts = engine.stsCalls(plan);
            try (AccessKeyPair keys = engine.loadKeys(plan.keys(), password::clone)) {
                AwsCredentials credentials = StsCalls.credentials(keys);
                found.add(new MfaFinding(profile, sts.mfaDevice(credentials, sts.userName(credentials)).orElse(null), null));
            } catch (TokentrayException e) {
                found.add(new MfaFinding(profile, null, e.getMessage()));
            }
        }
        return found;
    }

    /**
     * Writes {@code mfa_serial = serial} into {@code profile}'s section of ~/.aws/config (a new
     * {@code [profile NAME]} when it has none), keeping every other byte and a copy of the file as
     * it was in config.tokentray-backup, as `wire` does.
     *
     * @return true when the file changed (false: the profile already names a device)
     */
    public boolean writeMfaSerial(String profile, String serial) {
        Path config = engine.env().awsConfigFile();
        Path backup = config.resolveSibling(config.getFileName() + ".tokentray-backup");
        try {
            return FileLock.whileEditing(engine.env().tokentrayHome().resolve("locks"), config,
                    () -> ConfigFileEditor.addSetting(config, backup, profile, "mfa_serial", serial));
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot write " + engine.profileFiles().display(config), e,
                    "check its permissions"), e);
        }
    }

    /** A profile that can be wired for the AWS CLI, and whether it rests on keys given in this setup. */
    public record WireChoice(String profile, boolean justSetUp) {
    }

    /**
     * The profiles whose keys are in the vault (their own, or a role's source profile's), which
     * `wire` can serve; those resting on {@code justAdded} first.
     */
    public List<WireChoice> wireChoices(Collection<String> justAdded) {
        ProfileResolver resolver = engine.resolver();
        List<WireChoice> first = new ArrayList<>();
        List<WireChoice> rest = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>(engine.profileFiles().names());
        names.addAll(engine.vault().profiles());
        for (String name : names) {
            try {
                KeySource keys = resolver.resolve(name).keys();
                if (keys.kind() == KeySource.Kind.VAULT) {
                    boolean isNew = justAdded.contains(keys.profile());
                    (isNew ? first : rest).add(new WireChoice(name, isNew));
                }
            } catch (ConfigException unusable) {
                // nothing to wire
            }
        }
        first.addAll(rest);
        return first;
    }
}
