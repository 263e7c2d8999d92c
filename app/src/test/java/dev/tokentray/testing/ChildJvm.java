package dev.tokentray.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a main class from the test classpath in a fresh JVM with exactly the given environment. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static TestHome.Run run(Class<?> main, Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(Project.java().toString(), "-cp", Project.testClasspath(),
                main.getName()));
        command.addAll(List.of(args));
        return TestHome.process(command, stdin, env);
    }
}
