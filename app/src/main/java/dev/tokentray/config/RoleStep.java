package dev.tokentray.config;

import java.time.Duration;

/**
 * One AssumeRole in a plan, with the settings of the profile that asks for it.
 *
 * @param duration null when the profile sets no duration_seconds (STS then uses the role's default)
 */
public record RoleStep(String profile, String roleArn, String externalId, String roleSessionName,
                       Duration duration, MfaSettings mfa) {
}
