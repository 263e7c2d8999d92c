package dev.tokentray.shim;

import dev.tokentray.Env;
import dev.tokentray.Main;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.agent.AgentServer;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Records the class list for the shim's class-data-sharing archive (bin/tokentray and the Linux
 * package dump it after a build or install): in a throw-away home it runs the real shim twice in
 * child JVMs that list what they load, once answered by an agent (run here, in this process) and
 * once from the file cache, and writes the union. Only the shim's own runs are listed: an archive
 * that also held the agent's classes (server, JNA, thread pools) measured 7–10 % slower to start,
 * as every extra class is mapped and checked by every shim call.
 */
public final class CdsTraining {
    private static final String PROFILE = "training";

    private CdsTraining() {
    }

    /** Writes the class list to {@code classList}. */
    public static void run(Path classList) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("tokentray-cds-");
        try {
            Env env = new Env(Map.of("TOKENTRAY_HOME", home.resolve("tt").toString(), "HOME", home.toString(),
                    "TOKENTRAY_KEYRING", "file"));
            Session session = new Session("ASIATRAINING00000000", "s", "t", Instant.now().plusSeconds(3600));
            List<Path> lists = new ArrayList<>();
            try (AgentServer agent = new AgentServer(AgentProtocol.socket(env), profile -> session, Clock.systemUTC())) {
                lists.add(shim(env, home.resolve("agent.classlist")));
            }
            new SessionCache(new FileKeyringBackend(env.tokentrayHome().resolve("cache")))
                    .put(SessionCache.profileKey(PROFILE), session);
            lists.add(shim(env, home.resolve("cache.classlist")));
            Set<String> union = new LinkedHashSet<>();
            for (Path list : lists) {
                union.addAll(Files.readAllLines(list, StandardCharsets.UTF_8));
            }
            Files.write(classList, union, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One shim call in a child JVM that lists the classes it loads. */
    private static Path shim(Env env, Path classList) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:off",
                "-XX:DumpLoadedClassList=" + classList, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "credential-process", PROFILE);
        pb.environment().putAll(env.asMap());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = pb.start();
        child.getOutputStream().close();
        int exit = child.waitFor();
        if (exit != 0 || !Files.exists(classList)) {
            throw new IOException("the training shim call failed (exit " + exit + ")");
        }
        return classList;
    }
}
