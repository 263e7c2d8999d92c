package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding one setting (mfa_serial, from the first run) to a profile of ~/.aws/config, byte for byte. */
class ConfigFileEditorAddSettingTest {
    static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice";

    @TempDir
    Path tmp;

    private String add(String before, String profile) throws IOException {
        Path config = tmp.resolve("config");
        Files.write(config, before.getBytes(StandardCharsets.UTF_8));
        ConfigFileEditor.addSetting(config, tmp.resolve("config.tokentray-backup"), profile, "mfa_serial", SERIAL);
        return Files.readString(config);
    }

    @Test
    void theLineGoesAfterTheProfilesLastSettingAndNothingElseMoves() throws IOException {
        String before = "# mine\r\n[default]\r\nregion=eu-west-1\r\n\r\n[profile   alice]\r\nregion = us-east-1\r\n"
                + "s3 =\r\n  max_concurrent_requests = 4\r\n; trailing note\r\n\r\n[profile bob]\r\nregion = x";
        String after = add(before, "alice");
        assertEquals(before.replace("  max_concurrent_requests = 4\r\n",
                "  max_concurrent_requests = 4\r\nmfa_serial = " + SERIAL + "\r\n"), after);
        assertArrayEquals(before.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(tmp.resolve("config.tokentray-backup")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("config.tokentray-backup"))));
    }

    @Test
    void aLastProfileWithoutAFinalNewlineGetsOneBeforeTheLine() throws IOException {
        assertEquals("[profile bob]\nregion = x\nmfa_serial = " + SERIAL + "\n", add("[profile bob]\nregion = x", "bob"));
        assertEquals("[default]\nmfa_serial = " + SERIAL + "\n", add("[default]\n", "default"));
    }

    @Test
    void aProfileOnlyInTheCredentialsFileGetsASectionOfItsOwn() throws IOException {
        assertEquals("[default]\nregion = x\n\n[profile carol]\nmfa_serial = " + SERIAL + "\n",
                add("[default]\nregion = x\n", "carol"));
        Files.delete(tmp.resolve("config"));
        Path config = tmp.resolve("config");
        assertTrue(ConfigFileEditor.addSetting(config, tmp.resolve("b"), "default", "mfa_serial", SERIAL));
        assertEquals("[default]\nmfa_serial = " + SERIAL + "\n", Files.readString(config));
    }

    @Test
    void aProfileThatNamesADeviceIsLeftAlone() throws IOException {
        String before = "[profile alice]\nMFA_Serial = arn:aws:iam::123456789012:mfa/other\n";
        Path config = tmp.resolve("config");
        Files.writeString(config, before);
        assertFalse(ConfigFileEditor.addSetting(config, tmp.resolve("b"), "alice", "mfa_serial", SERIAL));
        assertEquals(before, Files.readString(config));
        assertFalse(Files.exists(tmp.resolve("b")));
    }
}
