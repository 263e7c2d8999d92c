package dev.tokentray.config;

import dev.tokentray.TokentrayException;

/** A problem in the user's AWS config or credentials file, or in how its profiles link up. */
public class ConfigException extends TokentrayException {
    public ConfigException(String message) {
        super(message);
    }
}
