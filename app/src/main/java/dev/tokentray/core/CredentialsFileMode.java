package dev.tokentray.core;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.config.AwsProfileFiles;
import dev.tokentray.config.CredentialsFileEditor;
import dev.tokentray.outputs.SessionFormats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * Credentials-file mode, for tools that read nothing but ~/.aws/credentials: a profile's session
 * is written there as a section of its own, marked with the profile it copies; every new session
 * of that profile (made by any face: the engine calls {@link #renew}) rewrites it in place, and
 * {@link #remove} takes it out again, leaving every other byte of the file as it was. A section
 * the user wrote is never replaced.
 */
public final class CredentialsFileMode {
    /** Settings with which the AWS CLI would resolve a profile before reading keys from the credentials file. */
    private static final List<String> CLI_OWN_CREDENTIALS = List.of("role_arn", "source_profile",
            "credential_process", "web_identity_token_file", "sso_session", "sso_start_url");

    /** What {@link #write} did. */
    public record Written(String section, Path file, boolean changed) {
    }

    private final Path file;
    private final Consumer<String> warnings;

    CredentialsFileMode(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** Writes {@code profile}'s session as {@code [as]}, default {@code [PROFILE-session]}. */
    Written write(AwsProfileFiles files, String profile, String as, Session session, String region) {
        String name = as != null ? as : profile + "-session";
        Tokentray.checkProfileName(name);
        for (String key : CLI_OWN_CREDENTIALS) {
            if (files.settings(name).containsKey(key)) {
                throw new TokentrayException("profile '" + name + "' has " + key + " in " + files.display(files.configFile())
                        + ", which the AWS CLI would use before keys in the credentials file; pick another name with --as");
            }
        }
        try {
            boolean changed = CredentialsFileEditor.putSession(file, name,
                    SessionFormats.credentialsFileSettings(session, profile, region));
            return new Written(name, file, changed);
        } catch (IOException e) {
            throw new TokentrayException("cannot write " + files.display(file) + " (" + e.getClass().getSimpleName()
                    + "); check its permissions", e);
        }
    }

    /** Puts a new session of {@code profile} into the sections written from it, if any. */
    void renew(String profile, String region, Session session) {
        Map<String, String> settings = SessionFormats.credentialsFileSettings(session, profile, region);
        rewrite(source -> source.equals(profile) ? settings : null, "profile '" + profile + "'");
    }

    /** Removes the sections written from any of {@code profiles}; returns those that had one. */
    Set<String> remove(Set<String> profiles) {
        return rewrite(source -> profiles.contains(source) ? Map.of() : null, String.join(", ", profiles));
    }

    /** A failure is a warning: the session itself is good, only its copy in the file is stale. */
    private Set<String> rewrite(Function<String, Map<String, String>> bySource, String whose) {
        try {
            return CredentialsFileEditor.rewriteSessions(file, bySource);
        } catch (IOException | RuntimeException e) {
            warnings.accept("warning: could not update the sessions written from " + whose + " in " + file + " ("
                    + e.getClass().getSimpleName() + "); check its permissions");
            return Set.of();
        }
    }
}
