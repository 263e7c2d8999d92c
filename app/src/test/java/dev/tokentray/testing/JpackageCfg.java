package dev.tokentray.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A launcher's .cfg as jpackage 17 writes it for an --add-launcher properties file: the class path
 * one jar a line under $APPDIR, the main class, the app's version as the first java option, then
 * the properties' java-options split at spaces (the shape of lib/app/tokentray.cfg in the .deb).
 */
public final class JpackageCfg {
    private JpackageCfg() {
    }

    /**
     * Writes {@code appDir}/{@code launcher}.cfg for {@code properties} (under the checkout) and
     * every jar in appDir, with {@code extraOptions} after the properties' own.
     */
    public static Path write(Path appDir, String launcher, String properties, String version, String... extraOptions)
            throws IOException {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Project.root().resolve(properties), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        List<String> lines = new ArrayList<>();
        lines.add("[Application]");
        lines.add("app.classpath=$APPDIR/tokentray.jar");
        lines.add("app.mainclass=dev.tokentray.Main");
        if (Files.isDirectory(appDir.resolve("lib"))) {
            try (var jars = Files.list(appDir.resolve("lib"))) {
                jars.map(jar -> "app.classpath=$APPDIR/lib/" + jar.getFileName()).sorted().forEach(lines::add);
            }
        }
        lines.add("");
        lines.add("[JavaOptions]");
        lines.add("java-options=-Djpackage.app-version=" + version);
        for (String option : props.getProperty("java-options", "").trim().split(" +")) {
            lines.add("java-options=" + option);
        }
        for (String option : extraOptions) {
            lines.add("java-options=" + option);
        }
        return Files.write(appDir.resolve(launcher + ".cfg"), lines, StandardCharsets.UTF_8);
    }
}
