package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * What the profiles window shows beyond its rows: wired profiles as a badge, tooltips that stay
 * while the countdowns tick, sorting by time left, and a status bar that says what happened in
 * words (driven by TestFX over the real engine and moto).
 */
class ProfilesWindowDetailsTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;
    TrayUiWorld world;
    FederationEndpoint federation;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void fx() throws Exception {
        Fx.startHeadless();
    }

    @BeforeEach
    void setUp() throws Exception {
        federation = new FederationEndpoint();
        // BROWSER names a program that is not there: no browser can be started on this machine.
        world = new TrayUiWorld(moto, tmp, Map.of("TOKENTRAY_FEDERATION_ENDPOINT", federation.uri(),
                "BROWSER", tmp.resolve("no-browser-here").toString()));
        String roleOfAdmin = Files.readString(world.home.configFile()).lines().filter(l -> l.startsWith("role_arn"))
                .findFirst().orElseThrow();
        Files.writeString(world.home.configFile(), Files.readString(world.home.configFile())
                + "[profile ops]\n" + roleOfAdmin + "\nsource_profile = alice\n"
                + "[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n"
                + "[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n");
        SessionCache cache = world.engine.sessionCache();
        Instant now = Instant.now();
        cache.put(SessionCache.profileKey("admin"), new Session("ASIAADMINADMINADMIN1", "secret-admin", "token-admin",
                now.plus(Duration.ofMinutes(42))));
        cache.put(SessionCache.profileKey("alice"), new Session("ASIAALICEALICEALICE1", "secret-alice", "token-alice",
                now.plus(Duration.ofMinutes(5))));
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.closeAll();
        world.close();
        federation.close();
    }

    private Node in(Stage stage, String id) {
        return robot.from(stage.getScene().getRoot()).lookup(id).query();
    }

    private WindowLookups window(Stage stage) {
        return new WindowLookups(robot, stage);
    }

    private List<String> names(Stage stage) throws Exception {
        return window(stage).names();
    }

    private String status(Stage stage) throws Exception {
        return window(stage).status();
    }

    private String awaitStatus(Stage stage, String contains) throws Exception {
        return window(stage).awaitStatus(contains);
    }

    private Stage openWindow(int rows) throws Exception {
        Fx.run(world.views::showProfiles);
        Stage stage = Fx.awaitStage("tokentray");
        window(stage).awaitRows(rows);
        return stage;
    }

    private Optional<Tooltip> showingTooltip() throws Exception {
        return Fx.call(() -> Window.getWindows().stream().filter(w -> w instanceof Tooltip t && t.isShowing())
                .map(w -> (Tooltip) w).findFirst());
    }

    /** The wiring badge shown on a row (the region badge is another). */
    private Optional<Label> badge(Stage stage) throws Exception {
        return Fx.call(() -> robot.from(window(stage).list()).lookup(".badge").queryAll().stream()
                .map(n -> (Label) n).filter(Node::isVisible).filter(l -> l.getStyleClass().contains("wiring")).findFirst());
    }

    @Test
    void aWiredProfileIsABadgeOnItsSourceNotARowOfItsOwn() throws Exception {
        Stage stage = openWindow(5);
        window(stage).choose("admin", "wireItem");
        awaitStatus(stage, "admin-tokentray");
        assertTrue(Files.readString(world.home.configFile()).contains("[profile admin-tokentray]\ncredential_process = "));
        // The list reloads after the wiring: wait for it to show, as a row or as a badge.
        for (int i = 0; i < 200 && !names(stage).contains("admin-tokentray") && badge(stage).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice", "ops"), names(stage),
                "admin-tokentray is tokentray's wiring of admin, not a profile to unlock");
        Optional<Label> badge = badge(stage);
        assertTrue(badge.isPresent(), "admin's row carries a badge");
        assertEquals("wired", Fx.call(() -> badge.get().getText()));
        assertTrue(Fx.call(() -> badge.get().getTooltip().getText()).startsWith("wired as admin-tokentray: "),
                "its tooltip names the wired profile: " + Fx.call(() -> badge.get().getTooltip().getText()));
        assertEquals("wired as admin-tokentray", Fx.call(() -> badge.get().getAccessibleText()));
        Fx.screenshot(stage, "window-wired-badge");
    }

    @Test
    void aTooltipOnARolesNameShowsItsArnAndStaysOpenWhileTheCountdownsTickAndTheListReloads() throws Exception {
        Stage stage = openWindow(5);
        Node cell = window(stage).cell("admin");
        Label role = (Label) robot.from(cell).lookup(".role").query();
        assertTrue(Fx.call(role::getText).startsWith("admin-"), "the role's short name: " + Fx.call(role::getText));
        robot.moveTo(role);
        Optional<Tooltip> hovered = Optional.empty();
        for (int i = 0; i < 100 && hovered.isEmpty(); i++) {
            Thread.sleep(50);
            hovered = showingTooltip();
        }
        assertTrue(hovered.isPresent(), "hovering admin's role shows its tooltip");
        Tooltip shown = hovered.get();
        String arn = Fx.call(shown::getText);
        assertTrue(arn.startsWith("arn:aws:iam::123456789012:role/admin-"), "the full ARN: " + arn);
        // Longer than a reload of the list (every 5 countdown ticks).
        Thread.sleep(6500);
        Optional<Tooltip> later = showingTooltip();
        assertTrue(later.isPresent(), "the tooltip was closed while the person read it");
        assertSame(shown, later.get(), "the same tooltip, not one rebuilt under the mouse");
        assertSame(shown, Fx.call(role::getTooltip), "on the same label");
    }

    @Test
    void soonestToExpireFirstSortsByTimeLeftWithinTheAccountAndAReloadKeepsIt() throws Exception {
        Stage stage = openWindow(5);
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice", "ops"), names(stage), "by name at first");
        robot.clickOn(in(stage, "#sort"));
        robot.clickOn(robot.lookup("Soonest to expire first").queryAs(Node.class));
        assertEquals(List.of("loop-a", "loop-b", "alice", "admin", "ops"), names(stage),
                "broken profiles stay first; in the account, soonest to expire first, then locked");
        // A reload keeps the order the person chose.
        Thread.sleep(5500);
        assertEquals(List.of("loop-a", "loop-b", "alice", "admin", "ops"), names(stage));
        Fx.screenshot(stage, "window-sorted-by-time-left");
    }

    @Test
    void unlockAndRenewSayWhatHappenedInWordsWithoutKeyIds() throws Exception {
        Stage stage = openWindow(5);
        robot.clickOn(window(stage).primary("ops"));
        Stage dialog = Fx.awaitStage("Unlock ops");
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(Node.class)).write(world.unusedCode());
        robot.type(KeyCode.ENTER);
        String unlocked = awaitStatus(stage, "Unlocked ops");
        assertTrue(unlocked.matches("Unlocked ops \\((59|60)m\\)\\."), unlocked);

        // The vault is open and the MFA session cached: Refresh renews without asking.
        window(stage).choose("ops", "refreshItem");
        String renewed = awaitStatus(stage, "ops (");
        assertTrue(renewed.matches("Renewed ops \\((59|60)m\\)\\."), renewed);
        assertFalse(renewed.contains("ASIA"), renewed);
    }

    @Test
    void aStatusFromBeforeTheWindowWasClosedIsGoneWhenItOpensAgain() throws Exception {
        world.actions.state().open(TrayUiWorld.PASSWORD.toCharArray());
        Stage stage = openWindow(5);
        for (int i = 0; i < 100 && Fx.call(() -> in(stage, "#lockButton").isDisabled()); i++) {
            Thread.sleep(50);
        }
        robot.clickOn(in(stage, "#lockButton"));
        assertTrue(status(stage).startsWith("Vault locked"), status(stage));
        Fx.run(stage::close);
        Stage again = openWindow(5);
        assertEquals("", status(again), "what was said before the window closed is old news");
    }

    @Test
    void openConsoleWithoutABrowserSaysSoInWordsAndOffersTheSignInLink() throws Exception {
        Stage stage = openWindow(5);
        window(stage).choose("admin", "consoleItem");
        String said = awaitStatus(stage, "browser");
        assertTrue(said.startsWith("Cannot start a browser here"), said);
        assertFalse(said.contains("Exception"), said);
        Optional<Node> action = Fx.call(() -> robot.from(stage.getScene().getRoot()).lookup("#statusAction").tryQuery());
        assertTrue(action.isPresent() && Fx.call(() -> action.get().isVisible()), "no Copy sign-in link action; status: " + said);
        assertEquals("Copy sign-in link", Fx.call(() -> ((Button) action.get()).getText()));
        Fx.screenshot(stage, "window-console-no-browser");
        robot.clickOn(action.get());
        String clip = Fx.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertNotNull(clip);
        assertTrue(clip.startsWith(federation.uri()) && clip.contains(FederationEndpoint.TOKEN), clip);
        awaitStatus(stage, "Copied the sign-in link of admin");
    }
}
