package dev.tokentray.config;

import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adds or replaces one {@code [profile NAME]} section of ~/.aws/config, keeping every other byte:
 * a new section is appended; a section tokentray wrote before is replaced where it stands.
 */
public final class ConfigFileEditor {
    private ConfigFileEditor() {
    }

    /**
     * Writes {@code [profile name]} with exactly {@code settings}, after copying the current file
     * to {@code backup}. The backup is owner-only whatever the config's permissions (a config may
     * hold keys, and a copy is one more place to read them from) and is a copy of the config's
     * bytes alone; a link at its path is replaced rather than followed.
     *
     * @param ours decides whether an existing section with that name may be replaced (it was
     *             written by tokentray); otherwise an existing section is an error
     * @return true when the file changed
     */
    public static boolean putSection(Path file, Path backup, String name, Map<String, String> settings,
                                     Predicate<Map<String, String>> ours) throws IOException {
        byte[] original = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        String header = "profile " + name;
        // Any header the AWS CLI reads as this profile: [profile "NAME"] is [profile NAME].
        Predicate<String> isIt = h -> name.equals(AwsProfileFiles.profileName(h, true));
        byte[] updated = IniSections.put(original, file, isIt, header, settings, ours,
                () -> new TokentrayException("~/.aws/config already has a [profile " + name + "] that tokentray did not"
                        + " write; pick another name with --as"));
        if (Arrays.equals(updated, original)) {
            if (Files.isRegularFile(backup, LinkOption.NOFOLLOW_LINKS)
                    && !AtomicFile.permissionsOf(backup).equals(AtomicFile.OWNER_ONLY)) {
                // left readable by an older tokentray
                AtomicFile.setPermissions(backup, AtomicFile.OWNER_ONLY);
            }
            return false;
        }
        if (original.length > 0) {
            AtomicFile.writeReplacingLink(backup, original, AtomicFile.OWNER_ONLY);
        }
        AtomicFile.write(file, updated, AtomicFile.permissionsOf(file));
        return true;
    }

    /**
     * Adds {@code key = value} to the profile {@code name} of ~/.aws/config as its last setting,
     * or appends {@code [profile name]} ({@code [default]}) holding only that when the config has
     * no such section, after copying the current file to {@code backup} as {@link #putSection}
     * does. Every other byte stays; a profile that already sets {@code key} is not changed.
     *
     * @return true when the file changed
     */
    public static boolean addSetting(Path file, Path backup, String name, String key, String value) throws IOException {
        byte[] original = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        byte[] updated = IniSections.addSetting(original, file, h -> name.equals(AwsProfileFiles.profileName(h, true)),
                "default".equals(name) ? "default" : "profile " + name, key, value);
        if (Arrays.equals(updated, original)) {
            return false;
        }
        if (original.length > 0) {
            AtomicFile.writeReplacingLink(backup, original, AtomicFile.OWNER_ONLY);
        }
        AtomicFile.write(file, updated, AtomicFile.permissionsOf(file));
        return true;
    }
}
