package dev.tokentray.config;

/**
 * Where a plan's long-lived credentials come from.
 *
 * @param kind    the store
 * @param profile the profile whose keys these are (the end of the source_profile chain)
 * @param detail  for {@link Kind#CREDENTIAL_PROCESS} the command; otherwise null
 */
public record KeySource(Kind kind, String profile, String detail) {
    public enum Kind {
        /** tokentray's encrypted vault. */
        VAULT("vault"),
        /** aws_access_key_id / aws_secret_access_key in plaintext in the credentials file. */
        CREDENTIALS_FILE("credentials file (plaintext)"),
        /** the same keys written in the config file, which the AWS CLI also honours. */
        CONFIG_FILE("config file (plaintext)"),
        /** an external credential_process. */
        CREDENTIAL_PROCESS("credential_process");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
