package dev.tokentray.shim;

import dev.tokentray.Env;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.agent.AgentServer;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the shim's paths once (answer through an agent, then from the file cache) in a throw-away
 * home, so that bin/tokentray's class-data-sharing archive, recorded during this run, holds every
 * class a shim call loads, whatever command happens to run first after a build.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void run() throws IOException {
        Path home = Files.createTempDirectory("tokentray-cds-");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            // The real environment is read once, as every shim call reads it first (Env.system()),
            // so that the JDK's ProcessEnvironment classes go into the archive too.
            Map<String, String> vars = new HashMap<>(Env.system().asMap());
            vars.putAll(Map.of("TOKENTRAY_HOME", home.toString(), "TOKENTRAY_KEYRING", "file", "HOME", home.toString()));
            Env env = new Env(vars);
            Session session = new Session("ASIATRAINING00000000", "s", "t", Instant.now().plusSeconds(3600));
            try (AgentServer agent = new AgentServer(AgentProtocol.socket(env), profile -> session, Clock.systemUTC())) {
                Shim.serve(env, "training");
            }
            new SessionCache(new FileKeyringBackend(env.tokentrayHome().resolve("cache")))
                    .put(SessionCache.profileKey("training"), session);
            Shim.serve(env, "training");
        } finally {
            System.setOut(out);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
