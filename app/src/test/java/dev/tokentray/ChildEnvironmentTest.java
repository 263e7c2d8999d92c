package dev.tokentray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every process tokentray starts is built by {@link ChildEnvironment}, the one place that keeps
 * tokentray's secrets out of a child's environment: no other main source starts one itself.
 * (ChildEnvironmentIT checks what each kind of child actually receives.)
 */
class ChildEnvironmentTest {
    private static final Pattern STARTS_A_PROCESS = Pattern.compile(
            "new\\s+ProcessBuilder\\s*\\(|Runtime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exec\\s*\\("
                    + "|Desktop\\s*\\.\\s*getDesktop\\s*\\(\\s*\\)\\s*\\.\\s*(browse|open|mail)\\s*\\(");

    @Test
    void noOtherMainSourceStartsAProcess() throws IOException {
        Path main = Project.root().resolve("app/src/main/java");
        Path self = main.resolve("dev/tokentray/ChildEnvironment.java");
        List<String> starters;
        try (Stream<Path> files = Files.walk(main)) {
            starters = files.filter(f -> f.toString().endsWith(".java") && !f.equals(self))
                    .filter(f -> STARTS_A_PROCESS.matcher(read(f)).find())
                    .map(f -> main.relativize(f).toString()).sorted().toList();
        }
        assertEquals(List.of(), starters, "these start processes without ChildEnvironment");
    }

    @Test
    void execAndServeChildrenGetTheSessionAndNeitherSecretsNorOtherCredentials() {
        Env parent = new Env(Map.of("TOKENTRAY_VAULT_PASSWORD", "pw", "AWS_PROFILE", "admin",
                "AWS_ACCESS_KEY_ID", "AKIASTALESTALESTALE1", "AWS_WEB_IDENTITY_TOKEN_FILE", "/token",
                "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/stale", "HOME", "/home/alice"));
        Map<String, String> env = ChildEnvironment.withSession(List.of("true"), parent,
                Map.of("AWS_ACCESS_KEY_ID", "ASIASESSIONSESSION01")).environment();
        assertEquals(Map.of("AWS_ACCESS_KEY_ID", "ASIASESSIONSESSION01", "HOME", "/home/alice"), env);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
