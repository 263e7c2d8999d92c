package dev.tokentray.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a fuzz test's committed corpus lives in the source tree, for the {@code main} of each
 * *FuzzTest that (re)writes the seeds it makes from tokentray's own code (bench/fuzz --seeds).
 * Jazzer replays this directory from the test class path and, when fuzzing, writes its findings
 * into it.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static Path dir(Class<?> fuzzTest, String method) {
        return Project.root().resolve("app/src/test/resources")
                .resolve(fuzzTest.getPackageName().replace('.', '/'))
                .resolve(fuzzTest.getSimpleName() + "Inputs").resolve(method);
    }

    public static void write(Class<?> fuzzTest, String method, String name, byte[] bytes) throws IOException {
        Path dir = dir(fuzzTest, method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

    public static void write(Class<?> fuzzTest, String method, String name, String text) throws IOException {
        write(fuzzTest, method, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A golden config case's file, as the seed of a parser of AWS files. */
    public static byte[] golden(String caseName, String file) throws IOException {
        Path path = Project.root().resolve("app/src/test/resources/golden").resolve(caseName).resolve(file);
        return Files.exists(path) ? Files.readAllBytes(path) : new byte[0];
    }
}
