package dev.tokentray.config;

import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Edits a credentials file while keeping every other byte (line ends, comments, spacing, other
 * profiles): deletes long-lived keys after an import, and writes, renews and removes the sessions
 * of credentials-file mode. Works on the original bytes line by line rather than
 * re-serialising through an INI library, which would normalise the whole file.
 */
public final class CredentialsFileEditor {
    /** The keys that make up a stored key pair (and a stale session token beside it). */
    public static final Set<String> KEY_PAIR_KEYS =
            Set.of("aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token");

    /**
     * The setting that marks a section tokentray wrote (credentials-file mode): the profile whose
     * session it holds. AWS tools ignore settings they do not know.
     */
    public static final String SESSION_OF = "tokentray_session_of";

    private CredentialsFileEditor() {
    }

    /**
     * Writes {@code [name]} with exactly {@code settings} (which carry {@link #SESSION_OF}). An
     * existing section is replaced only when tokentray wrote it: a user's own keys are never
     * overwritten. No backup is made: it would be a second plaintext copy of the file's keys.
     *
     * @param narrowed told the file's former permissions when they let others read it: a file
     *                 that tokentray writes a session into is made owner-only
     * @return true when the file changed
     */
    public static boolean putSession(Path file, String name, Map<String, String> settings,
                                     Consumer<Set<PosixFilePermission>> narrowed) throws IOException {
        byte[] original = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        byte[] updated = IniSections.put(original, file, name::equals, name, settings,
                existing -> existing.containsKey(SESSION_OF),
                () -> new TokentrayException("~/.aws/credentials already has a [" + name + "] that tokentray did not"
                        + " write; pick another name with --as"));
        return writeSessions(file, original, updated, narrowed);
    }

    /**
     * Rewrites the sections tokentray wrote: each gets {@code bySource} of the profile it copies —
     * null keeps it, an empty map removes it. The file is read once; one that holds no written
     * section (most) is not parsed, and one in another encoding than UTF-8 is then no error.
     *
     * @param narrowed as for {@link #putSession}, when a session was written (not only removed)
     * @return the profiles whose sections were rewritten or removed
     */
    public static Set<String> rewriteSessions(Path file, Function<String, Map<String, String>> bySource,
                                              Consumer<Set<PosixFilePermission>> narrowed) throws IOException {
        byte[] original = AtomicFile.readIfExists(file);
        if (original == null || !new String(original, StandardCharsets.ISO_8859_1).contains(SESSION_OF)) {
            return Set.of();
        }
        Set<String> sources = new TreeSet<>();
        boolean[] wroteSession = {false};
        byte[] updated = IniSections.edit(original, file, section -> {
            String source = section.settings().get(SESSION_OF);
            Map<String, String> settings = source == null ? null : bySource.apply(source);
            if (settings != null) {
                sources.add(source);
                wroteSession[0] |= !settings.isEmpty();
            }
            return settings;
        }, null, null);
        if (wroteSession[0]) {
            writeSessions(file, original, updated, narrowed);
        } else if (!Arrays.equals(updated, original)) {
            AtomicFile.write(file, updated, AtomicFile.permissionsOf(file));
        }
        return sources;
    }

    /**
     * Writes a file that holds a session: owner-only whatever it was before (the owner's own
     * bits are kept), as aws-vault and the AWS CLI keep files with secrets. Refusing instead would
     * leave the shim's and the tray's renewals, which cannot ask, failing on every call.
     */
    private static boolean writeSessions(Path file, byte[] original, byte[] updated,
                                         Consumer<Set<PosixFilePermission>> narrowed) throws IOException {
        Set<PosixFilePermission> before = AtomicFile.permissionsOf(file);
        Set<PosixFilePermission> after = AtomicFile.ownerOnly(before);
        boolean changed = !Arrays.equals(updated, original);
        if (changed) {
            AtomicFile.write(file, updated, after);
        } else if (!after.equals(before)) {
            AtomicFile.setPermissions(file, after);
        }
        if (!after.equals(before)) {
            narrowed.accept(before);
        }
        return changed;
    }

    /**
     * Removes the key-pair lines of {@code profiles} from {@code file}, and the section header of a
     * profile that is left with no setting at all. Comments and blank lines stay. The file is
     * replaced atomically with its permissions kept, so no second copy of the secrets is left.
     *
     * @return the profiles whose keys were removed
     */
    public static Set<String> removeKeys(Path file, Set<String> profiles) throws IOException {
        byte[] original = Files.readAllBytes(file);
        IniLines lines;
        try {
            lines = IniLines.parse(original);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + " is not UTF-8 text; save it as UTF-8");
        }
        List<IniLines.Line> all = lines.lines();
        Set<Integer> drop = new HashSet<>();
        Set<String> removed = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            IniLines.Line line = all.get(i);
            if (line.kind() != IniLines.Kind.PROPERTY || !profiles.contains(line.section())
                    || !KEY_PAIR_KEYS.contains(line.key())) {
                continue;
            }
            drop.add(i);
            removed.add(line.section());
            for (int j = i + 1; j < all.size() && all.get(j).kind() == IniLines.Kind.CONTINUATION; j++) {
                drop.add(j);
            }
        }
        dropEmptiedHeaders(all, drop, profiles);
        if (drop.isEmpty()) {
            return removed;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length);
        for (int i = 0; i < all.size(); i++) {
            if (!drop.contains(i)) {
                out.writeBytes(all.get(i).raw());
            }
        }
        AtomicFile.write(file, out.toByteArray(), AtomicFile.permissionsOf(file));
        return removed;
    }

    private static void dropEmptiedHeaders(List<IniLines.Line> all, Set<Integer> drop, Set<String> profiles) {
        List<Integer> headers = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).kind() == IniLines.Kind.SECTION) {
                headers.add(i);
            }
        }
        for (int h = 0; h < headers.size(); h++) {
            int start = headers.get(h);
            if (!profiles.contains(all.get(start).section())) {
                continue;
            }
            int end = h + 1 < headers.size() ? headers.get(h + 1) : all.size();
            boolean hadSettings = false;
            boolean keepsSettings = false;
            for (int i = start + 1; i < end; i++) {
                if (all.get(i).kind() == IniLines.Kind.PROPERTY) {
                    hadSettings = true;
                    keepsSettings |= !drop.contains(i);
                }
            }
            if (hadSettings && !keepsSettings) {
                drop.add(start);
            }
        }
    }
}
