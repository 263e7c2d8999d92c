package dev.tokentray.outputs;

import dev.tokentray.cache.SessionJson;
import dev.tokentray.config.CredentialsFileEditor;
import dev.tokentray.cache.UtcSeconds;
import dev.tokentray.cache.Session;
import java.util.LinkedHashMap;
import java.util.Map;

/** A session in the shapes AWS tools read (DESIGN.md §5), to the letter. */
public final class SessionFormats {
    private SessionFormats() {
    }

    /** credential_process output: Version is the integer 1; Expiration is ISO-8601 UTC. */
    public static String credentialProcessJson(Session s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Version", 1);
        json.put("AccessKeyId", s.accessKeyId());
        json.put("SecretAccessKey", s.secretAccessKey());
        json.put("SessionToken", s.sessionToken());
        json.put("Expiration", expiration(s));
        return SessionJson.write(json);
    }

    /** The ECS credentials endpoint's reply: the session token's field is {@code Token}. */
    public static String ecsJson(Session s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("AccessKeyId", s.accessKeyId());
        json.put("SecretAccessKey", s.secretAccessKey());
        json.put("Token", s.sessionToken());
        json.put("Expiration", expiration(s));
        return SessionJson.write(json);
    }

    /** The variables exec sets and export prints; AWS_PROFILE is removed separately. */
    public static Map<String, String> environment(Session s, String region) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", s.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", s.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", s.sessionToken());
        env.put("AWS_CREDENTIAL_EXPIRATION", expiration(s));
        putRegion(env, region);
        return env;
    }

    /** AWS_REGION and AWS_DEFAULT_REGION (the AWS CLI v1 reads only the second), unless null. */
    public static void putRegion(Map<String, String> env, String region) {
        if (region != null) {
            env.put("AWS_REGION", region);
            env.put("AWS_DEFAULT_REGION", region);
        }
    }

    /** {@code export NAME=value} lines for a POSIX shell, single-quoted. */
    public static String shellExports(Session s, String region) {
        return shellExports(environment(s, region));
    }

    /** {@code export NAME=value} lines for a POSIX shell, single-quoted, in the map's order. */
    public static String shellExports(Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        variables.forEach((k, v) -> out.append("export ").append(k).append("='")
                .append(v.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }

    /**
     * The settings credentials-file mode writes: {@link #ini}'s, then the profile it is of (the mark
     * that tokentray wrote it) and its expiry, for a person reading the file.
     */
    public static Map<String, String> credentialsFileSettings(Session s, String profile, String region) {
        Map<String, String> settings = credentialsSettings(s, region);
        settings.put(CredentialsFileEditor.SESSION_OF, profile);
        settings.put("tokentray_expiration", expiration(s));
        return settings;
    }

    /** A credentials-file section for the profile. */
    public static String ini(Session s, String profile, String region) {
        StringBuilder out = new StringBuilder("[").append(profile).append("]\n");
        credentialsSettings(s, region).forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    /** The session as credentials-file settings, and its region (botocore and the SDKs read it there too). */
    private static Map<String, String> credentialsSettings(Session s, String region) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("aws_access_key_id", s.accessKeyId());
        settings.put("aws_secret_access_key", s.secretAccessKey());
        settings.put("aws_session_token", s.sessionToken());
        if (region != null) {
            settings.put("region", region);
        }
        return settings;
    }

    /** ISO-8601 UTC to the second, e.g. 2026-11-23T18:04:05Z, as every SDK parses it. */
    public static String expiration(Session s) {
        return UtcSeconds.format(s.expiration().getEpochSecond());
    }
}
