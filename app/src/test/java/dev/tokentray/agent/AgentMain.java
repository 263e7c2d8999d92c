package dev.tokentray.agent;

import dev.tokentray.cache.Session;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * An agent in a process of its own, for tests that kill it. {@code AGENT_DIR answer}: answers
 * every profile with a session at once; {@code AGENT_DIR hang}: never answers, as when the
 * person leaves the unlock dialog open. Prints "ready" once it listens and "asked PROFILE" for
 * each request.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean hang = args[1].equals("hang");
        Session session = new Session("ASIAFROMCHILDAGENT01", "secret", "token", Instant.now().plusSeconds(3600));
        try (AgentServer agent = new AgentServer(AgentProtocol.socket(Path.of(args[0])), profile -> {
            System.out.println("asked " + profile);
            if (hang) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return session;
        }, Clock.systemUTC())) {
            System.out.println("ready");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
