package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokentray.Env;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anything in ~/.aws/config and ~/.aws/credentials against the code that reads them: the line
 * classifier alone, and the files as the CLI reads them, down to resolving every profile they
 * name. A file may be refused only with a {@link ConfigException} (one line naming the file),
 * and reading keeps every byte: the lines put back together are the file.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AwsFilesFuzzTest {
    private static final Path HOME = home();

    @FuzzTest
    void iniLines(byte[] input) {
        IniLines lines;
        try {
            lines = IniLines.parse(input);
        } catch (CharacterCodingException notUtf8) {
            return;
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        int number = 0;
        for (IniLines.Line line : lines.lines()) {
            assertEquals(++number, line.number(), "line numbers");
            again.writeBytes(line.raw());
            if (line.kind() == IniLines.Kind.SECTION) {
                assertFalse(line.section().isEmpty(), "a section without a name");
            }
            if (line.kind() == IniLines.Kind.PROPERTY) {
                assertFalse(line.key().isEmpty(), "a property without a key");
            }
        }
        assertArrayEquals(input, again.toByteArray(), "the lines do not put the file back together");
    }

    /** The input is the config file, then (after a NUL) the credentials file, then the vault's profiles. */
    @FuzzTest
    void profiles(byte[] input) throws IOException {
        byte[][] parts = split(input);
        Path config = HOME.resolve(".aws/config");
        Path credentials = HOME.resolve(".aws/credentials");
        Files.write(config, parts[0]);
        Files.write(credentials, parts[1]);
        Set<String> vault = new LinkedHashSet<>();
        for (String name : new String(parts[2], StandardCharsets.UTF_8).split("\n")) {
            if (!name.isEmpty()) {
                vault.add(name);
            }
        }
        Env env = new Env(Map.of("HOME", HOME.toString(), "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()));
        AwsProfileFiles files;
        try {
            files = AwsProfileFiles.load(env);
        } catch (ConfigException refused) {
            assertOneLine(refused);
            return;
        }
        ProfileResolver resolver = new ProfileResolver(files, vault);
        Set<String> names = new LinkedHashSet<>(files.names());
        names.addAll(vault);
        for (String name : names) {
            try {
                ProfilePlan plan = resolver.resolve(name);
                assertEquals(name, plan.profile());
                assertEquals(name, plan.chain().get(0), "the chain starts elsewhere");
                assertEquals(plan.keys().profile(), plan.chain().get(plan.chain().size() - 1),
                        "the keys are not at the end of the chain");
                assertTrue(files.contains(plan.keys().profile()) || vault.contains(plan.keys().profile()));
            } catch (ConfigException refused) {
                assertOneLine(refused);
            }
        }
    }

    private static void assertOneLine(ConfigException e) {
        String message = e.getMessage();
        assertTrue(message != null && !message.isEmpty() && message.indexOf('\n') < 0, "message: " + message);
    }

    private static byte[][] split(byte[] input) {
        byte[][] parts = {new byte[0], new byte[0], new byte[0]};
        int from = 0;
        for (int part = 0; part < 3; part++) {
            int to = part == 2 ? input.length : indexOf(input, (byte) 0, from);
            parts[part] = Arrays.copyOfRange(input, from, to);
            if (to == input.length) {
                break;
            }
            from = to + 1;
        }
        return parts;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static Path home() {
        try {
            Path shm = Path.of("/dev/shm");
            Path home = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "aws-files-fuzz") : Files.createTempDirectory("aws-files-fuzz");
            Files.createDirectories(home.resolve(".aws"));
            home.toFile().deleteOnExit();
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the golden cases' files as seeds (bench/fuzz --seeds), and a few chains of note. */
    public static void main(String[] args) throws IOException {
        for (String name : GoldenProfilesTest.cases().toList()) {
            ByteArrayOutputStream seed = new ByteArrayOutputStream();
            seed.writeBytes(FuzzSeeds.golden(name, "config"));
            seed.write(0);
            seed.writeBytes(FuzzSeeds.golden(name, "credentials"));
            seed.write(0);
            seed.writeBytes(FuzzSeeds.golden(name, "vault-profiles"));
            FuzzSeeds.write(AwsFilesFuzzTest.class, "profiles", "golden-" + name, seed.toByteArray());
            FuzzSeeds.write(AwsFilesFuzzTest.class, "iniLines", "golden-" + name + "-config",
                    FuzzSeeds.golden(name, "config"));
        }
        FuzzSeeds.write(AwsFilesFuzzTest.class, "profiles", "source-profile-chain-60", chain(60, "source_profile")
                + "\0[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n\0");
        FuzzSeeds.write(AwsFilesFuzzTest.class, "profiles", "include-profile-chain-60", chain(60, "include_profile")
                + "\0\0p0\n");
        // Far past the cap on chain length: refused in one line, never a StackOverflowError.
        FuzzSeeds.write(AwsFilesFuzzTest.class, "profiles", "source-profile-chain-2000", chain(2000, "source_profile")
                + "\0[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n\0");
        FuzzSeeds.write(AwsFilesFuzzTest.class, "profiles", "include-profile-chain-2000", chain(2000, "include_profile")
                + "\0\0p0\n");
    }

    /** Profiles p0 … pN, each pointing at the next with {@code key}; pN points at base. */
    private static String chain(int n, String key) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i <= n; i++) {
            s.append("[profile p").append(i).append("]\n");
            if (key.equals("source_profile")) {
                s.append("role_arn = arn:aws:iam::123456789012:role/r").append(i).append('\n');
            }
            s.append(key).append(" = ").append(i == n ? "base" : "p" + (i + 1)).append("\n\n");
        }
        return s.append(key.equals("include_profile") ? "[profile base]\nregion = eu-west-1\n" : "").toString();
    }
}
