package dev.tokentray.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout the tests run in. */
public final class Project {
    private Project() {
    }

    /** The repository root (the directory holding bin/tokentray). */
    public static Path root() {
        Path app = Path.of(System.getProperty("tokentray.basedir", "app")).toAbsolutePath();
        Path root = app.getParent();
        if (root == null || !Files.exists(root.resolve("bin/tokentray"))) {
            throw new AssertionError("cannot find the checkout root from " + app);
        }
        return root;
    }

    /** The test classpath, for running a test main in a child JVM. */
    public static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
