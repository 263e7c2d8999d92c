package dev.tokentray.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which config profiles are tokentray's own wiring of another profile: what {@code tokentray wire
 * P} (the window's "Use with AWS CLI") writes, {@code [profile P-tokentray]} with only a
 * {@code credential_process} that runs tokentray's shim for P, and a region. Such a profile is a
 * door for the AWS CLI into P, not a profile with keys of its own, so every face shows it as a
 * note on P rather than as a profile that could be unlocked.
 */
public final class Wiring {
    /** Everything {@code wire} writes into the section. */
    public static final Set<String> KEYS = Set.of("credential_process", "region");

    private Wiring() {
    }

    /**
     * The profile whose shim this section's settings run, or null when they are anything more or
     * other than a wiring (a user's own credential_process, a role, keys).
     */
    public static String sourceOf(Map<String, String> settings) {
        String line = settings.get("credential_process");
        if (line == null || !KEYS.containsAll(settings.keySet())) {
            return null;
        }
        List<String> words;
        try {
            words = ShellWords.split(line);
        } catch (IllegalArgumentException unbalanced) {
            return null;
        }
        // The launcher may have moved since (an upgrade, another install): its name says it is ours.
        String command = words.isEmpty() ? "" : words.get(0);
        String program = command.substring(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1);
        return program.toLowerCase(Locale.ROOT).startsWith("tokentray") ? CredentialProcessLine.profileOf(line) : null;
    }

    /**
     * Each wired profile in {@code files} with the profile it wires, for sources among
     * {@code known} (a wiring of a profile that is gone is left a profile of its own, so it can be
     * seen and removed).
     */
    public static Map<String, String> aliases(AwsProfileFiles files, Collection<String> known) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String name : files.names()) {
            Map<String, String> settings = new LinkedHashMap<>();
            files.settings(name).forEach((key, value) -> settings.put(key.toLowerCase(Locale.ROOT), value.value()));
            String source = sourceOf(settings);
            if (source != null && !source.equals(name) && known.contains(source)) {
                aliases.put(name, source);
            }
        }
        return aliases;
    }
}
