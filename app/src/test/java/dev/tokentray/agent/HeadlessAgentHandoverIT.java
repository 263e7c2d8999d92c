package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Settings;
import dev.tokentray.testing.AgentReplies;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless agent and the rest of tokentray, through the real bin/tokentray: the tray takes
 * its place (one agent per user), and what the CLI clears or replaces in the cache (against moto
 * behind the MFA-checking proxy) the agent stops serving. Every agent and tray a test starts is
 * stopped at its end.
 */
class HeadlessAgentHandoverIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");

    private static final Duration START = Duration.ofSeconds(40);

    @TempDir
    Path tmp;

    private static SessionCache fileCache(TestHome home) {
        return new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
    }

    private static void assertServed(String accessKeyId, Run run, String why) {
        assertEquals(0, run.exit(), why + "\n" + run);
        assertTrue(run.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"" + accessKeyId + "\","), why + "\n" + run);
    }

    private static String accessKeyId(Run run) {
        assertEquals(0, run.exit(), run.toString());
        String marker = "\"AccessKeyId\":\"";
        int from = run.out().indexOf(marker) + marker.length();
        return run.out().substring(from, run.out().indexOf('"', from));
    }

    /**
     * `tokentray tray` finds the headless agent holding the agent directory, asks it to step
     * aside, and takes its place: the headless agent exits, the tray holds the lock, and the
     * tray's agent answers the next shim (from the cache, which the headless agent's sessions
     * never left). No "already running".
     */
    @Test
    void theTrayTakesOverFromTheHeadlessAgent() throws Exception {
        // Keys in the profile (never used: the cache answers), as the tray resolves a profile before it reads the cache.
        TestHome home = new TestHome(tmp).set("TOKENTRAY_AGENT", null).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        SessionCache cache = fileCache(home);
        Instant expires = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        cache.put(SessionCache.profileKey("dev"), new Session("ASIAHEADLESSMEMORY01", "s", "t", expires));
        Settings.DEFAULTS.withAutoRefresh(false).save(home.tokentrayHome());
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            assertServed("ASIAHEADLESSMEMORY01", home.binary("", "credential-process", "dev"), "cold");
            long headless = agents.awaitListening(START, "the cold shim started the headless agent");
            assertServed("ASIAHEADLESSMEMORY01", home.binary("", "credential-process", "dev"), "the agent holds it");
            // Only the headless agent's memory holds ASIAHEADLESSMEMORY01 from here on.
            cache.put(SessionCache.profileKey("dev"), new Session("ASIAINTHECACHENOW001", "s", "t", expires));

            try (ManagedProcess tray = ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(),
                    "tray"), env, null)) {
                assertTrue(HeadlessAgents.awaitExit(headless, START), "the headless agent stepped aside for the tray\n"
                        + tray.logText());
                desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(60));
                long holder = agents.awaitListening(START, "the tray's agent listens");
                assertEquals(tray.process().pid(), holder, "the tray holds the agent lock\n" + tray.logText());
                Run shim = AgentReplies.answeredOverTheAgentsPipes(agents.agentDir(),
                        () -> home.binary("", "credential-process", "dev"));
                assertServed("ASIAINTHECACHENOW001", shim, "the tray's agent answers, from the cache\n" + tray.logText());
                assertTrue(tray.process().isAlive(), tray.logText());
                assertFalse(tray.logText().contains("already running"), tray.logText());
                // While the tray runs, shims start no headless agent beside it.
                assertEquals(List.of(), agents.agentProcesses(), "no headless agent beside the tray");
            }
        }
    }

    /**
     * What the CLI replaces or clears in the cache, the agent stops serving: `unlock` makes a new
     * session, and the next shim gets it, not the one the agent held; `clear` drops it, and the
     * next shim is not served the cleared one (here the shim makes a new one from the MFA
     * session, which `clear PROFILE` keeps). The agent never had the vault password, which every
     * command here had in TOKENTRAY_VAULT_PASSWORD.
     */
    @Test
    void unlockAndClearInTheCliMakeTheAgentForget() throws Exception {
        TestHome home = world.home(tmp).set("TOKENTRAY_AGENT", null);
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = " + MfaWorld.roleArn("admin") + "\nsource_profile = alice\n");
        world.addKeys(home, "alice");
        SessionCache cache = fileCache(home);
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            Run unlocked = home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial));
            assertEquals(0, unlocked.exit(), unlocked.toString());
            String first = cache.get(SessionCache.profileKey("admin")).accessKeyId();
            assertEquals(first, accessKeyId(home.binary("", "credential-process", "admin")), "cold, from the cache");
            long agent = agents.awaitListening(START, "the cold shim started the agent");
            assertEquals(first, accessKeyId(home.binary("", "credential-process", "admin")), "the agent holds it");
            assertFalse(HeadlessAgents.environment(agent).stream().anyMatch(v -> v.startsWith("TOKENTRAY_VAULT_PASSWORD=")),
                    "the agent was started without the vault password");

            // A new session (the MFA session stands in for the code): the agent is told to drop the old one.
            Run again = home.binary("", "unlock", "admin");
            assertEquals(0, again.exit(), again.toString());
            String second = cache.get(SessionCache.profileKey("admin")).accessKeyId();
            assertNotEquals(first, second);
            Run replaced = AgentReplies.answeredOverTheAgentsPipes(agents.agentDir(),
                    () -> home.binary("", "credential-process", "admin"));
            assertEquals(second, accessKeyId(replaced), "the agent serves the new session, not the one it held");

            Run cleared = home.binary("", "clear", "admin");
            assertEquals(0, cleared.exit(), cleared.toString());
            Run afterClear = home.binary("", "credential-process", "admin");
            String third = accessKeyId(afterClear);
            assertNotEquals(second, third, "the cleared session is not served\n" + afterClear);
            assertEquals(third, cache.get(SessionCache.profileKey("admin")).accessKeyId(), "a new one, made by that shim");
            assertEquals(agent, agents.lockHolder(), "one agent all along");
        }
    }
}
