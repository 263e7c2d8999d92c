package dev.tokentray.config;

import java.time.Duration;
import java.util.List;

/**
 * What it takes to get credentials for a profile: the long-lived keys at the bottom of its
 * source_profile chain, the MFA settings of the profile that owns those keys (used for
 * GetSessionToken), and the roles to assume on top, in order.
 *
 * @param profile         the profile asked for
 * @param chain           profile names from {@code profile} down to the one holding the keys
 * @param keys            where the long-lived keys are
 * @param baseMfa         MFA settings of the key-holding profile
 * @param sessionDuration duration_seconds of the key-holding profile, or null
 * @param roles           AssumeRole steps, first from the long-lived keys, last = {@code profile}
 * @param region          region of the profile asked for (its own, else along the chain), or null
 */
public record ProfilePlan(String profile, List<String> chain, KeySource keys, MfaSettings baseMfa,
                          Duration sessionDuration, List<RoleStep> roles, String region) {

    public ProfilePlan {
        chain = List.copyOf(chain);
        roles = List.copyOf(roles);
    }

    /** The role the profile ends in, or null when it uses the keys (or their session) directly. */
    public RoleStep finalRole() {
        return roles.isEmpty() ? null : roles.get(roles.size() - 1);
    }

    /** The MFA settings that apply to the profile as a whole: its role's, else its keys'. */
    public MfaSettings effectiveMfa() {
        for (int i = roles.size() - 1; i >= 0; i--) {
            if (roles.get(i).mfa().hasSerial()) {
                return roles.get(i).mfa();
            }
        }
        return baseMfa;
    }
}
