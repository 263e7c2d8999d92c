package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Settings;
import dev.tokentray.core.Tokentray;
import dev.tokentray.testing.AgentReplies;
import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.NotificationDaemon;
import dev.tokentray.testing.StsCheckingProxy;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.TimedRun;
import dev.tokentray.testing.VirtualDesktop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.iam.model.AccessKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `tokentray tray` on a real X display with a real XEmbed tray (Xvfb + trayer). */
class TrayIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;

    private static long windows() {
        String tree = TestHome.process(List.of("xwininfo", "-root", "-tree"), "", desktop.env()).out();
        return tree.lines().filter(l -> l.contains("dev-tokentray-Main")).count();
    }

    @Test
    void theIconSitsInTheTrayItsMenuListsProfilesAndTheAgentAnswersTheShim() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n"
                + "mfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
                + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = dev\n");
        SessionCache cache = new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        // alice's MFA session runs: the menu's header says how long until a new code is asked.
        cache.put("mfa:arn:aws:iam::123456789012:mfa/alice", new Session("ASIAMFAMFAMFAMFAMFA1", "s", "t",
                Instant.now().plus(Duration.ofMinutes(471))));
        cache.put("profile:admin", new Session("ASIATRAYTRAYTRAYTRAY", "s", "t", Instant.now().plus(Duration.ofMinutes(42))));
        // ops has 8 minutes left: the tray says so through the desktop's notification server.
        Files.writeString(home.configFile(), Files.readString(home.configFile())
                + "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = dev\n");
        cache.put("profile:ops", new Session("ASIAOPSOPSOPSOPSOPS1", "s", "t", Instant.now().plus(Duration.ofMinutes(8))));
        Settings.DEFAULTS.withAutoRefresh(false).save(home.tokentrayHome());
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        NotificationDaemon notices = NotificationDaemon.start(desktop.env());
        env.putAll(notices.bus().env());
        try (NotificationDaemon dunst = notices;
             ManagedProcess tray = ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(),
                "tray"), env, null)) {
            String icon = desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(60));
            Path agentDir = home.tokentrayHome().resolve("agent");
            awaitReplyPool(agentDir, tray);
            Run shim = AgentReplies.answeredOverTheAgentsPipes(agentDir, () -> home.binary("", "credential-process", "admin"));
            assertEquals(0, shim.exit(), shim + "\ntray log:\n" + tray.logText());
            assertTrue(shim.out().contains("\"AccessKeyId\":\"ASIATRAYTRAYTRAYTRAY\""), shim.out());
            // From here on only the tray's memory holds ASIATRAYTRAYTRAYTRAY: the file cache, which a
            // shim with no agent to ask reads by itself, holds another session of admin.
            cache.put("profile:admin", new Session("ASIAFILEFILEFILEFILE", "s", "t", Instant.now().plus(Duration.ofMinutes(42))));
            Run fromMemory = AgentReplies.answeredOverTheAgentsPipes(agentDir, () -> home.binary("", "credential-process", "admin"));
            assertEquals(0, fromMemory.exit(), fromMemory + "\ntray log:\n" + tray.logText());
            assertTrue(fromMemory.out().contains("\"AccessKeyId\":\"ASIATRAYTRAYTRAYTRAY\""),
                    "the agent answered from the tray's memory, not the shim from the file cache: " + fromMemory.out());
            assertFalse(tray.logText().contains("Unsupported JavaFX configuration"), "JavaFX on the module path\n"
                    + tray.logText());

            // Closed before the menu is opened, so the bubble covers nothing.
            assertTrue(dunst.awaitShowing(n -> n >= 1, Duration.ofSeconds(20)) >= 1, "a notice is shown\n" + tray.logText());
            dunst.dunstctl("close-all");
            List<NotificationDaemon.Shown> shown = dunst.history();
            assertTrue(shown.stream().anyMatch(n -> n.appName().equals("tokentray") && n.summary().matches("ops expires in [78]m")),
                    shown.toString());

            // The frame first maps at 0,0 and moves when trayer embeds it: its geometry is read until it
            // lies in trayer's panel (the top right 240 x 32) and a screenshot shows the icon drawn
            // there: ops has under 10 minutes left, so the icon wears the amber badge.
            int[] box;
            int amber;
            Path iconShot;
            Instant drawnBy = Instant.now().plusSeconds(10);
            do {
                Thread.sleep(100);
                box = VirtualDesktop.box(desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(5)));
                iconShot = desktop.screenshot("tray-icon");
                amber = inPanel(box) ? amberPixels(iconShot, box) : 0;
            } while (amber < 12 && Instant.now().isBefore(drawnBy));
            assertTrue(inPanel(box), "the icon sits in trayer's panel: " + Arrays.toString(box) + " (first seen " + icon + ")");
            assertTrue(amber >= 12, "the icon's amber badge is drawn where the icon is, " + Arrays.toString(box) + ", in "
                    + iconShot + " (" + amber + " amber pixels)");
            int[] at = VirtualDesktop.centre(desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(5)));
            long before = windows();
            long after = before;
            for (int attempt = 0; attempt < 5 && after <= before; attempt++) {
                // Off the icon at once after the click: resting on it brings up its tooltip, which
                // AWT then leaves over the open menu.
                TestHome.process(List.of("xdotool", "mousemove", Integer.toString(at[0]), Integer.toString(at[1]),
                        "click", "3", "mousemove", Integer.toString(at[0] - 60), Integer.toString(at[1] + 200)),
                        "", desktop.env());
                Thread.sleep(1000);
                after = windows();
            }
            assertTrue(after > before, "the right-click opened the menu as a window of its own");
            // The menu is drawn below the icon: its pixels there are no longer the black root window.
            // Screenshots are taken until they show it (AWT maps the menu's window before painting it).
            Path menu;
            int lit = 0;
            Instant until = Instant.now().plusSeconds(10);
            do {
                Thread.sleep(400);
                menu = desktop.screenshot("tray-menu");
                BufferedImage shot = ImageIO.read(menu.toFile());
                lit = 0;
                for (int x = Math.max(0, at[0] - 200); x < Math.min(1024, at[0] + 50); x++) {
                    for (int y = at[1] + 20; y < at[1] + 80; y++) {
                        lit += (shot.getRGB(x, y) & 0xFFFFFF) != 0 ? 1 : 0;
                    }
                }
            } while (lit <= 1000 && Instant.now().isBefore(until));
            assertTrue(lit > 1000, "the menu is visible in " + menu + " (" + lit + " lit pixels)");
            // ops is renewed elsewhere (8 → 30 minutes left: still first, the menu keeps its shape): at the
            // next tick the open menu is relabelled in place, so what it shows changes while it stays open.
            BufferedImage beforeTick = ImageIO.read(menu.toFile());
            cache.put("profile:ops", new Session("ASIAOPSOPSOPSOPSOPS2", "s", "t", Instant.now().plus(Duration.ofMinutes(30))));
            Thread.sleep((TrayApp.TICK_SECONDS + 2) * 1000);
            assertEquals(after, windows(), "the menu is still open after a tick");
            Path ticked = desktop.screenshot("tray-menu-after-a-tick");
            BufferedImage afterTick = ImageIO.read(ticked.toFile());
            int changed = 0;
            for (int x = Math.max(0, at[0] - 200); x < Math.min(1024, at[0] + 50); x++) {
                for (int y = at[1] + 20; y < at[1] + 80; y++) {
                    changed += beforeTick.getRGB(x, y) != afterTick.getRGB(x, y) ? 1 : 0;
                }
            }
            assertTrue(changed > 20, "the open menu shows ops' new time left: " + menu + " vs " + ticked + " ("
                    + changed + " pixels changed)");

            // A second launch (the menu entry clicked again) stops at once, and the running tray shows
            // its window, as single-instance apps do: the click is not lost.
            assertFalse(desktop.hasWindow("\"tokentray\""), "no window open yet");
            Run second = TestHome.process(List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), "", env);
            assertEquals(0, second.exit(), second.toString());
            assertEquals("tokentray: the tray is already running, so it opened its window\n", second.err(), second.toString());
            desktop.key("Escape");
            desktop.awaitText(desktop.awaitDrawnWindow("\"tokentray\"", 100, 50, "tray-second-launch-opens-window",
                    Duration.ofSeconds(20)), "tray-second-launch-opens-window");

        }
    }

    /**
     * Checks that the profiles window counts down: two screenshots a second apart differ, and only
     * in one row of the "Time left" column (x from 670: the first three columns are 150, 300 and 220
     * wide), where bob-admin's role session, under an hour, shows its seconds. bob's row says
     * "locked" (its MFA session is cached under the device, not the profile), so nothing else in
     * the window moves. It must hold for two seconds in a row, within a bounded time that lets the
     * window fill its table first; the last pair of screenshots stays in target/screenshots as
     * tray-window and tray-window-later.
     */
    private static void assertCountsDown() throws Exception {
        // The pointer, left on the icon by the double click, would bring up its tooltip.
        TestHome.process(List.of("xdotool", "mousemove", "0", "767"), "", desktop.env());
        String window = desktop.awaitDrawnWindow("\"tokentray\"", 100, 50, "tray-window", Duration.ofSeconds(10));
        int[] box = VirtualDesktop.box(window);
        // The list takes the left 74 % (the split's divider), its rows end with the time left; the
        // window's width follows the screen, so the column is found from it, not from a fixed x.
        int from = (int) (box[2] * 0.74) - 260;
        int[] column = {box[0] + from, box[1], box[2] - from, box[3]};
        int[] changed = null;
        int ticks = 0;
        Instant until = Instant.now().plusSeconds(15);
        Path first = desktop.screenshot("tray-window");
        BufferedImage before = ImageIO.read(first.toFile());
        while (Instant.now().isBefore(until)) {
            Thread.sleep(1100);
            BufferedImage after = ImageIO.read(desktop.screenshot("tray-window-later").toFile());
            changed = VirtualDesktop.changedBox(before, after, box);
            boolean ticked = changed != null && within(changed, column) && changed[3] <= 30;
            // Twice in a row: a table still filling in can change one cell once.
            ticks = ticked ? ticks + 1 : 0;
            if (ticks == 2) {
                ImageIO.write(before, "png", first.toFile());
                return;
            }
            before = after;
        }
        assertTrue(changed != null, "the window " + window + " did not change in a second: its countdown stands still");
        throw new AssertionError("what changed in a second, " + Arrays.toString(changed) + ", is not one row of the"
                + " Time left column " + Arrays.toString(column) + " of the window " + window);
    }

    private static boolean within(int[] inner, int[] outer) {
        return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[0] + inner[2] <= outer[0] + outer[2]
                && inner[1] + inner[3] <= outer[1] + outer[3];
    }

    /** Whether a window's box lies in trayer's panel: 240 x 32 at the top right of the 1024-pixel screen. */
    private static boolean inPanel(int[] box) {
        return box[0] >= 1024 - 240 && box[0] + box[2] <= 1024 && box[1] >= 0 && box[1] + box[3] <= 32;
    }

    /** Pixels of the EXPIRING badge's amber (hue 30-50°, saturated) inside {@code box} of a screenshot. */
    private static int amberPixels(Path screenshot, int[] box) throws IOException {
        BufferedImage image = ImageIO.read(screenshot.toFile());
        int count = 0;
        for (int x = box[0]; x < box[0] + box[2]; x++) {
            for (int y = box[1]; y < box[1] + box[3]; y++) {
                int rgb = image.getRGB(x, y);
                float[] hsb = java.awt.Color.RGBtoHSB(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, null);
                float degrees = hsb[0] * 360;
                count += hsb[1] > 0.4f && hsb[2] > 0.4f && degrees >= 30 && degrees <= 50 ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * Waits until the tray's agent listens on its named pipes: their pool of reply FIFOs is made
     * just after the socket, and a shim that finds it empty asks over the socket instead.
     */
    private static void awaitReplyPool(Path agentDir, ManagedProcess tray) throws Exception {
        Path free = AgentProtocol.freeReplies(agentDir);
        Instant until = Instant.now().plusSeconds(20);
        while (!(Files.isDirectory(free) && !AgentReplies.free(agentDir).isEmpty())) {
            assertTrue(Instant.now().isBefore(until), "the agent's reply pipes in " + free + "\ntray log:\n" + tray.logText());
            Thread.sleep(50);
        }
    }

    /**
     * A shim waiting on the tray's unlock dialog when the tray dies (SIGKILL: a crash leaves no
     * time to say goodbye) notices within half a second, as the README says, and answers from the
     * file cache, where `tokentray unlock` in a terminal put a session meanwhile. The bound is 1 s
     * from the kill to the answer on stdout: the shim looks at the tray's lock every 500 ms, and
     * then asks the dead socket, reads the cache and prints (AgentTest measures the same with three
     * shims; the margin is for a loaded CI machine).
     */
    @Test
    void aShimWaitingOnATrayThatDiesAnswersFromTheCacheWithinASecond() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n");
        new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), warning -> { })
                .addKeys("dev", "AKIAIOSFODNN7EXAMPLE", "x".toCharArray(), "vault-pw".toCharArray());
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        try (ManagedProcess tray = ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(),
                "tray"), env, null)) {
            Path agentDir = home.tokentrayHome().resolve("agent");
            awaitReplyPool(agentDir, tray);
            TimedRun shim = new TimedRun(List.of(Project.root().resolve("bin/tokentray").toString(), "credential-process",
                    "dev"), home.envMap(), tmp);
            desktop.awaitWindow("Unlock dev", 100, 50, Duration.ofSeconds(60));
            new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache"))).put("profile:dev",
                    new Session("ASIAUNLOCKEDINATERM1", "s", "t", Instant.now().plus(Duration.ofMinutes(50))));
            long killed = System.nanoTime();
            tray.process().destroyForcibly();
            TimedRun.Answer answer = shim.await();
            long millis = TimeUnit.NANOSECONDS.toMillis(answer.printedAt() - killed);
            assertEquals(0, answer.exit(), answer + "\ntray log:\n" + tray.logText());
            assertTrue(answer.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIAUNLOCKEDINATERM1\","), answer.toString());
            assertTrue(millis <= 1000, "the shim answered " + millis + " ms after the tray was killed");
        }
    }

    @Test
    void aLockedProfileMakesTheTrayRaiseTheDialogAndTheWaitingShimsGetItsSession() throws Exception {
        try (StsCheckingProxy proxy = new StsCheckingProxy(moto.port())) {
            AwsWorld world = new AwsWorld(moto.endpoint());
            AccessKey bob = world.user("bob");
            String serial = world.mfaDevice("bob");
            byte[] seed = new byte[20];
            new SecureRandom().nextBytes(seed);
            proxy.addDevice(serial, seed);
            String role = world.role("bob-admin");
            TestHome home = new TestHome(tmp)
                    .set("AWS_ENDPOINT_URL_STS", proxy.endpoint())
                    .set("AWS_ENDPOINT_URL_IAM", moto.endpoint().toString())
                    .set("AWS_REGION", "us-east-1")
                    .config("[profile bob]\nmfa_serial = " + serial + "\n"
                            + "[profile bob-admin]\nrole_arn = " + role + "\nsource_profile = bob\n");
            home.set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
            Run added = home.binary(bob.secretAccessKey() + "\n", "add", "bob", "--access-key-id", bob.accessKeyId(),
                    "--secret-stdin");
            assertEquals(0, added.exit(), added.toString());
            // The tray must get the password from the person at the dialog, not from the environment.
            home.set("TOKENTRAY_VAULT_PASSWORD", null);
            Map<String, String> env = new HashMap<>(home.envMap());
            env.putAll(desktop.env());
            try (ManagedProcess tray = ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(),
                    "tray"), env, null)) {
                Path socket = home.tokentrayHome().resolve("agent/agent.sock");
                for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                    Thread.sleep(100);
                }
                ExecutorService shims = Executors.newFixedThreadPool(4);
                List<Future<Run>> waiting = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    waiting.add(shims.submit(() -> home.binary("", "credential-process", "bob-admin")));
                }
                // The CLI asks the tray too: `export` waits on the same dialog instead of prompting here.
                Future<Run> export = shims.submit(() -> home.binary("", "export", "bob-admin", "--format", "json"));
                String dialog = desktop.awaitWindow("Unlock bob-admin", 100, 50, Duration.ofSeconds(60));
                Callable<Long> dialogs = () -> TestHome.process(List.of("xwininfo", "-root", "-tree"), "", desktop.env())
                        .out().lines().filter(l -> l.contains("Unlock bob-admin")).count();
                // A caller waits on the tray once the agent holds its reply pipe, which the agent opens
                // and unlinks as it reads the request: from then on only the dialog can answer it. A
                // caller still starting up would get the session the dialog leaves, and prove nothing.
                Path taken = home.tokentrayHome().resolve("agent/replies/taken");
                Path fds = Path.of("/proc", Long.toString(tray.process().pid()), "fd");
                Callable<Long> held = () -> {
                    Set<Path> pipes = new HashSet<>();
                    try (Stream<Path> open = Files.list(fds)) {
                        for (Path fd : open.toList()) {
                            try {
                                String target = Files.readSymbolicLink(fd).toString();
                                if (target.startsWith(taken + "/") && target.endsWith(" (deleted)")) {
                                    pipes.add(Path.of(target));
                                }
                            } catch (IOException closedMeanwhile) {
                                // not a pipe of a waiting caller
                            }
                        }
                    }
                    return (long) pipes.size();
                };
                Instant allAsked = Instant.now().plusSeconds(60);
                while (held.call() < waiting.size() + 1 && Instant.now().isBefore(allAsked)) {
                    Thread.sleep(100);
                }
                assertEquals(waiting.size() + 1, held.call(), "the three shims and export wait on the tray\ntray log:\n"
                        + tray.logText());
                assertEquals(1, dialogs.call(), "one dialog for every waiting shim");
                int[] at = VirtualDesktop.origin(dialog);
                desktop.screenshot("tray-unlock-dialog");
                // The password field is the first field: click into it (no window manager gives focus), type, Tab to the code.
                desktop.click(at[0] + 250, at[1] + 105, 1);
                desktop.type("vault-pw");
                desktop.key("Tab");
                desktop.type(proxy.currentCode(serial));
                desktop.key("Return");
                // The one answer reaches every waiter. A caller that had a dialog of its own would wait
                // on that one instead, and it would be showing.
                List<Future<Run>> everyone = new ArrayList<>(waiting);
                everyone.add(export);
                Instant answered = Instant.now().plusSeconds(90);
                while (!everyone.stream().allMatch(Future::isDone)) {
                    long showing = dialogs.call();
                    assertTrue(showing <= 1, "one dialog for every waiting shim, not " + showing);
                    assertTrue(Instant.now().isBefore(answered), "every waiting caller is answered");
                    Thread.sleep(200);
                }
                Instant closed = Instant.now().plusSeconds(10);
                while (dialogs.call() > 0 && Instant.now().isBefore(closed)) {
                    Thread.sleep(200);
                }
                assertEquals(0, dialogs.call(), "the dialog closed with its answer, and no other is left open");
                for (Future<Run> shim : waiting) {
                    Run run = shim.get(90, TimeUnit.SECONDS);
                    assertEquals(0, run.exit(), run + "\ntray log:\n" + tray.logText());
                    assertTrue(run.out().contains("\"SessionToken\""), run.out());
                }
                Run exported = export.get(90, TimeUnit.SECONDS);
                assertEquals(0, exported.exit(), exported.toString());
                assertTrue(exported.out().contains("\"SessionToken\""), exported.out());
                shims.shutdown();
                assertEquals(1, proxy.calls("GetSessionToken"), "one code for all the waiting shims");
                assertEquals(1, proxy.calls("AssumeRole"));

                // The window, opened by activating the icon, counts bob-admin down.
                int[] icon = VirtualDesktop.centre(desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(10)));
                for (int attempt = 0; attempt < 3; attempt++) {
                    TestHome.process(List.of("xdotool", "mousemove", Integer.toString(icon[0]), Integer.toString(icon[1]),
                            "click", "--repeat", "2", "--delay", "80", "1"), "", desktop.env());
                    try {
                        desktop.awaitWindow("\"tokentray\"", 100, 50, Duration.ofSeconds(5));
                        break;
                    } catch (AssertionError notYet) {
                        // the first click may land while the icon is still being embedded
                    }
                }
                assertCountsDown();
            }
        }
    }
}
