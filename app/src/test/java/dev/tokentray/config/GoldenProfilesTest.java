package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.TokentrayException;
import dev.tokentray.testing.TestHome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each folder under src/test/resources/golden holds a config file, a credentials file, optionally
 * the profiles the vault holds, and {@code expected}: how every profile resolves, or the one
 * error line. Run with {@code -Dgolden.update=true} to rewrite the expected files, then review
 * the diff.
 */
class GoldenProfilesTest {
    private static final Path GOLDEN = Path.of(System.getProperty("tokentray.basedir", "."),
            "src/test/resources/golden");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLikeTheGoldenFile(String name, @TempDir Path tmp) throws IOException, URISyntaxException {
        Path dir = GOLDEN.resolve(name);
        TestHome home = new TestHome(tmp);
        copyIfPresent(dir.resolve("config"), home.configFile());
        copyIfPresent(dir.resolve("credentials"), home.credentialsFile());
        Set<String> vault = new HashSet<>();
        if (Files.exists(dir.resolve("vault-profiles"))) {
            vault.addAll(Files.readAllLines(dir.resolve("vault-profiles"), StandardCharsets.UTF_8));
        }
        String actual = render(home, vault);
        Path expected = dir.resolve("expected");
        if (Boolean.getBoolean("golden.update") || !Files.exists(expected)) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, "golden case " + name);
    }

    static String render(TestHome home, Set<String> vault) {
        StringBuilder out = new StringBuilder();
        AwsProfileFiles files;
        try {
            files = AwsProfileFiles.load(home.env());
        } catch (TokentrayException e) {
            return "error: " + e.getMessage() + "\n";
        }
        ProfileResolver resolver = new ProfileResolver(files, vault);
        Set<String> names = new TreeSet<>(files.names());
        names.addAll(vault);
        for (String profile : names) {
            out.append('[').append(profile).append("]\n");
            try {
                ProfilePlan plan = resolver.resolve(profile);
                out.append("  chain: ").append(String.join(" -> ", plan.chain())).append('\n');
                out.append("  keys: ").append(plan.keys().kind()).append(" of ").append(plan.keys().profile());
                if (plan.keys().detail() != null) {
                    out.append(" [").append(plan.keys().detail()).append(']');
                }
                out.append('\n');
                appendMfa(out, "  base mfa: ", plan.baseMfa());
                if (plan.sessionDuration() != null) {
                    out.append("  session duration: ").append(plan.sessionDuration()).append('\n');
                }
                for (RoleStep role : plan.roles()) {
                    out.append("  role: ").append(role.roleArn()).append(" (from ").append(role.profile()).append(')');
                    opt(out, " external_id=", role.externalId());
                    opt(out, " session_name=", role.roleSessionName());
                    opt(out, " duration=", role.duration());
                    opt(out, " mfa_serial=", role.mfa().serial());
                    out.append('\n');
                }
                opt(out, "  region: ", plan.region());
                if (plan.region() != null) {
                    out.append('\n');
                }
            } catch (TokentrayException e) {
                out.append("  error: ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendMfa(StringBuilder out, String label, MfaSettings mfa) {
        if (mfa.equals(MfaSettings.NONE)) {
            return;
        }
        out.append(label);
        opt(out, "serial=", mfa.serial());
        opt(out, " process=", mfa.process());
        opt(out, " yubikey=", mfa.yubikeySerial());
        opt(out, " oath_account=", mfa.oathAccount());
        out.append('\n');
    }

    private static void opt(StringBuilder out, String label, Object value) {
        if (value != null) {
            out.append(label).append(value);
        }
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.copy(from, to);
        }
    }
}
