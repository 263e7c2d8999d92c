package dev.tokentray.core;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.config.AwsProfileFiles;
import dev.tokentray.config.CredentialsFileEditor;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.FileLock;
import dev.tokentray.outputs.SessionFormats;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
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
    /** The file as the user would write it (~/.aws/credentials). */
    private final String shown;
    /** Where the lock that serialises edits of the file is kept. */
    private final Path locks;
    private final Consumer<String> warnings;

    CredentialsFileMode(Env env, Path locks, Consumer<String> warnings) {
        this.file = env.awsCredentialsFile();
        this.shown = AwsProfileFiles.displayPath(env, file);
        this.locks = locks;
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
            boolean changed = FileLock.whileEditing(locks, file, () -> CredentialsFileEditor.putSession(file, name,
                    SessionFormats.credentialsFileSettings(session, profile, region), narrowed(profile)));
            return new Written(name, file, changed);
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot write " + shown, e, "check its permissions"), e);
        }
    }

    /** Says, in one line, that the file was made owner-only because it now holds a session of {@code profile}. */
    private Consumer<Set<PosixFilePermission>> narrowed(String profile) {
        return before -> warnings.accept("tokentray: " + shown + " is now owner-only (it was "
                + PosixFilePermissions.toString(before) + "): it holds the session of profile '" + profile + "'");
    }

    /** Puts a new session of {@code profile} into the sections written from it, if any. */
    void renew(String profile, String region, Session session) {
        Map<String, String> settings = SessionFormats.credentialsFileSettings(session, profile, region);
        rewrite(source -> source.equals(profile) ? settings : null, "profile '" + profile + "'", narrowed(profile));
    }

    /** Removes the sections written from any of {@code profiles}; returns those that had one. */
    Set<String> remove(Set<String> profiles) {
        return rewrite(source -> profiles.contains(source) ? Map.of() : null, String.join(", ", profiles),
                before -> {
                    // not called: a removal writes no session, so the file keeps its permissions
                });
    }

    /** A failure is a warning: the session itself is good, only its copy in the file is stale. */
    private Set<String> rewrite(Function<String, Map<String, String>> bySource, String whose,
                                Consumer<Set<PosixFilePermission>> narrowed) {
        try {
            return FileLock.whileEditing(locks, file,
                    () -> CredentialsFileEditor.rewriteSessions(file, bySource, narrowed));
        } catch (IOException | RuntimeException e) {
            warnings.accept("warning: " + FileErrors.line("could not update the sessions written from " + whose + " in "
                    + shown, e, "check its permissions"));
            return Set.of();
        }
    }
}
