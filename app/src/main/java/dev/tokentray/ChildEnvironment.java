package dev.tokentray;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds every process tokentray starts (a command under exec or serve, mfa_process, the browser,
 * stty, a desktop query), so none inherits a secret tokentray was given in its own environment
 * ({@link Env#SECRETS}): a child may be any program, and whatever it gets it can log, pass on to
 * its own children, or leave readable in /proc/PID/environ for as long as it runs.
 */
public final class ChildEnvironment {
    /**
     * What would point an SDK in exec's or serve's command anywhere but the session it is handed:
     * a profile to look up again, or other credentials that come first in every SDK's chain.
     */
    private static final List<String> OTHER_CREDENTIALS = List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME");

    private ChildEnvironment() {
    }

    /** {@code command} with this process's environment, less tokentray's secrets. */
    public static ProcessBuilder builder(List<String> command) {
        return builder(command, System.getenv());
    }

    /** {@code command} with {@code environment}, less tokentray's secrets. */
    public static ProcessBuilder builder(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment);
        Env.SECRETS.forEach(env::remove);
        return builder;
    }

    /**
     * {@code command} for exec or serve: {@code env} without tokentray's secrets and without any
     * other credentials, plus {@code session}, the variables that hand over the session asked for.
     */
    public static ProcessBuilder withSession(List<String> command, Env env, Map<String, String> session) {
        Map<String, String> vars = new HashMap<>(env.asMap());
        OTHER_CREDENTIALS.forEach(vars::remove);
        vars.putAll(session);
        return builder(command, vars);
    }
}
