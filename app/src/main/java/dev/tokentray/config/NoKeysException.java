package dev.tokentray.config;

/**
 * A profile (or the profile its source_profile chain ends in) has no keys anywhere: no vault
 * entry, no key pair in the AWS files, no credential_process. Most people have such a profile
 * (a region-only [default]); it waits for keys and is not a broken config.
 */
public final class NoKeysException extends ConfigException {
    private final String profile;

    public NoKeysException(String profile) {
        super("profile '" + profile + "' has no keys: run `tokentray add " + profile
                + "` or set source_profile and role_arn");
        this.profile = profile;
    }

    /** The profile the keys are to be added to. */
    public String profile() {
        return profile;
    }
}
