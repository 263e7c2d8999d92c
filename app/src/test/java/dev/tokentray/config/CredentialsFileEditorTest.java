package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials-file mode's edits keep every byte they do not mean to change. */
class CredentialsFileEditorTest {
    @TempDir
    Path tmp;
    /** The permissions each write found too open, before it made the file owner-only. */
    final List<Set<PosixFilePermission>> narrowed = new ArrayList<>();

    private static Map<String, String> session(String key, String of) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("aws_access_key_id", key);
        s.put("aws_secret_access_key", "secret-" + key);
        s.put("aws_session_token", "token-" + key);
        s.put(CredentialsFileEditor.SESSION_OF, of);
        return s;
    }

    /** New settings for the sections written from {@code source}; others kept. */
    private static Function<String, Map<String, String>> only(String source, Map<String, String> settings) {
        return of -> of.equals(source) ? settings : null;
    }

    @Test
    void aSessionWrittenBetweenTheUsersSectionsIsReplacedInPlaceAndRemovedWithoutATrace() throws IOException {
        Path file = tmp.resolve("credentials");
        String before = "[a]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\n;  a comment about b\n\n";
        String after = "[b]\naws_access_key_id = AKIABBBBBBBBBBBBBBBB\nno_final_newline = 1";
        String written = "[dev-session]\naws_access_key_id = ASIA1\naws_secret_access_key = secret-ASIA1\n"
                + "aws_session_token = token-ASIA1\ntokentray_session_of = dev\n";
        Files.writeString(file, before + written + "\n# kept\n" + after);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertEquals(Set.of("dev"),
                CredentialsFileEditor.rewriteSessions(file, only("dev", session("ASIA2", "dev")), narrowed::add));
        assertEquals(before + written.replace("ASIA1", "ASIA2") + "\n# kept\n" + after, Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertEquals(Set.of(), CredentialsFileEditor.rewriteSessions(file, only("prod", Map.of()), narrowed::add),
                "only dev's sections");
        assertEquals(Set.of("dev"), CredentialsFileEditor.rewriteSessions(file, only("dev", Map.of()), narrowed::add));
        assertEquals(before + "\n# kept\n" + after, Files.readString(file));
    }

    @Test
    void appendingToAFileWithoutAFinalNewlineAndRemovingAgainKeepsTheUsersBytes() throws IOException {
        Path file = tmp.resolve("credentials");
        String original = "[a]\r\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\r\n";
        Files.writeString(file, original);
        CredentialsFileEditor.putSession(file, "dev-session", session("ASIA1", "dev"), narrowed::add);
        assertEquals(original + "\r\n[dev-session]\r\naws_access_key_id = ASIA1\r\naws_secret_access_key = secret-ASIA1"
                + "\r\naws_session_token = token-ASIA1\r\ntokentray_session_of = dev\r\n", Files.readString(file));
        CredentialsFileEditor.rewriteSessions(file, only("dev", Map.of()), narrowed::add);
        assertEquals(original, Files.readString(file));
    }

    @Test
    void keysWrittenInCapitalsAreRemovedToo() throws IOException {
        // The AWS CLI, and so tokentray's import, reads AWS_ACCESS_KEY_ID as aws_access_key_id:
        // --remove-plaintext must then find that line as well.
        Path file = tmp.resolve("credentials");
        Files.writeString(file, "[a]\nAWS_ACCESS_KEY_ID = AKIAAAAAAAAAAAAAAAAA\nAws_Secret_Access_Key = s\n[b]\nregion = x\n");
        assertEquals(Set.of("a"), CredentialsFileEditor.removeKeys(file, Set.of("a")));
        assertEquals("[b]\nregion = x\n", Files.readString(file));
    }

    @Test
    void aSectionTheUserWroteIsNeverReplaced() throws IOException {
        Path file = tmp.resolve("credentials");
        String original = "[dev-session]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\naws_secret_access_key = mine\n";
        Files.writeString(file, original);
        TokentrayException e = assertThrows(TokentrayException.class,
                () -> CredentialsFileEditor.putSession(file, "dev-session", session("ASIA1", "dev"), narrowed::add));
        assertEquals("~/.aws/credentials already has a [dev-session] that tokentray did not write; pick another name"
                + " with --as", e.getMessage());
        assertEquals(original, Files.readString(file));
    }

    @Test
    void aNewFileIsOwnerOnly() throws IOException {
        Path file = tmp.resolve("credentials");
        CredentialsFileEditor.putSession(file, "dev-session", session("ASIA1", "dev"), narrowed::add);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aRenewalMakesAFileOthersCanReadOwnerOnlyAndSaysWhatItWasWhileARemovalKeepsItsPermissions()
            throws IOException {
        Path file = tmp.resolve("credentials");
        CredentialsFileEditor.putSession(file, "dev-session", session("ASIA1", "dev"), narrowed::add);
        assertEquals(List.of(), narrowed, "a new file is owner-only from the start");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        CredentialsFileEditor.rewriteSessions(file, only("dev", session("ASIA2", "dev")), narrowed::add);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(PosixFilePermissions.fromString("rw-rw-r--")), narrowed);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialsFileEditor.rewriteSessions(file, only("dev", Map.of()), narrowed::add);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "no session written, the file's permissions are the user's");
        assertEquals(1, narrowed.size());
    }
}
