package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.Fx;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * What the profiles window shows beyond its rows: wired profiles as a badge, tooltips that stay
 * while the countdowns tick, sorting by time left, and a status bar that says what happened in
 * words (driven by TestFX over the real engine and moto).
 */
class ProfilesWindowDetailsTest {
    /** BROWSER names a program that is not there: no browser can be started on this machine. */
    @RegisterExtension
    static TrayUi ui = TrayUi.withConsole(dir -> dir.resolve("no-browser-here"));

    TrayUiWorld world;
    final FxRobot robot = ui.robot();

    @BeforeEach
    void setUp() throws Exception {
        world = ui.world();
        world.addProfiles(world.opsProfile() + TrayUiWorld.BROKEN_LOOP);
        world.cacheSession("admin", "ASIAADMINADMINADMIN1", Duration.ofMinutes(42));
        world.cacheSession("alice", "ASIAALICEALICEALICE1", Duration.ofMinutes(5));
    }

    private WindowLookups openWindow() throws Exception {
        return ui.openProfiles(5);
    }

    private Optional<Tooltip> showingTooltip() throws Exception {
        return Fx.call(() -> Window.getWindows().stream().filter(w -> w instanceof Tooltip t && t.isShowing())
                .map(w -> (Tooltip) w).findFirst());
    }

    /** The wiring badge shown on a row (the region badge is another). */
    private Optional<Label> badge(WindowLookups window) throws Exception {
        return Fx.call(() -> robot.from(window.list()).lookup(".badge").queryAll().stream()
                .map(n -> (Label) n).filter(Node::isVisible).filter(l -> l.getStyleClass().contains("wiring")).findFirst());
    }

    @Test
    void aWiredProfileIsABadgeOnItsSourceNotARowOfItsOwn() throws Exception {
        WindowLookups window = openWindow();
        window.choose("admin", "wireItem");
        window.awaitStatus("admin-tokentray");
        assertTrue(Files.readString(world.home.configFile()).contains("[profile admin-tokentray]\ncredential_process = "));
        // The list reloads after the wiring: wait for it to show, as a row or as a badge.
        for (int i = 0; i < 200 && !window.names().contains("admin-tokentray") && badge(window).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice", "ops"), window.names(),
                "admin-tokentray is tokentray's wiring of admin, not a profile to unlock");
        Optional<Label> badge = badge(window);
        assertTrue(badge.isPresent(), "admin's row carries a badge");
        assertEquals("wired", Fx.call(() -> badge.get().getText()));
        assertTrue(Fx.call(() -> badge.get().getTooltip().getText()).startsWith("wired as admin-tokentray: "),
                "its tooltip names the wired profile: " + Fx.call(() -> badge.get().getTooltip().getText()));
        assertEquals("wired as admin-tokentray", Fx.call(() -> badge.get().getAccessibleText()));
        Fx.screenshot(window.stage(), "window-wired-badge");
    }

    @Test
    void aTooltipOnARolesNameShowsItsArnAndStaysOpenWhileTheCountdownsTickAndTheListReloads() throws Exception {
        WindowLookups window = openWindow();
        Node cell = window.cell("admin");
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
        WindowLookups window = openWindow();
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice", "ops"), window.names(), "by name at first");
        robot.clickOn(window.in("#sort"));
        robot.clickOn(robot.lookup("Soonest to expire first").queryAs(Node.class));
        assertEquals(List.of("loop-a", "loop-b", "alice", "admin", "ops"), window.names(),
                "broken profiles stay first; in the account, soonest to expire first, then locked");
        // A reload keeps the order the person chose.
        Thread.sleep(5500);
        assertEquals(List.of("loop-a", "loop-b", "alice", "admin", "ops"), window.names());
        Fx.screenshot(window.stage(), "window-sorted-by-time-left");
    }

    @Test
    void unlockAndRenewSayWhatHappenedInWordsWithoutKeyIds() throws Exception {
        WindowLookups window = openWindow();
        robot.clickOn(window.primary("ops"));
        Stage dialog = Fx.awaitStage("Unlock ops");
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(Node.class)).write(world.unusedCode());
        robot.type(KeyCode.ENTER);
        String unlocked = window.awaitStatus("Unlocked ops");
        assertTrue(unlocked.matches("Unlocked ops \\((59|60)m\\)\\."), unlocked);

        // The vault is open and the MFA session cached: Refresh renews without asking.
        window.choose("ops", "refreshItem");
        String renewed = window.awaitStatus("ops (");
        assertTrue(renewed.matches("Renewed ops \\((59|60)m\\)\\."), renewed);
        assertFalse(renewed.contains("ASIA"), renewed);
    }

    @Test
    void aStatusFromBeforeTheWindowWasClosedIsGoneWhenItOpensAgain() throws Exception {
        world.actions.state().open(TrayUiWorld.PASSWORD.toCharArray());
        WindowLookups window = openWindow();
        for (int i = 0; i < 100 && Fx.call(() -> window.in("#lockButton").isDisabled()); i++) {
            Thread.sleep(50);
        }
        robot.clickOn(window.in("#lockButton"));
        assertTrue(window.status().startsWith("Vault locked"), window.status());
        Fx.run(window.stage()::close);
        WindowLookups again = openWindow();
        assertEquals("", again.status(), "what was said before the window closed is old news");
    }

    @Test
    void openConsoleWithoutABrowserSaysSoInWordsAndOffersTheSignInLink() throws Exception {
        WindowLookups window = openWindow();
        window.choose("admin", "consoleItem");
        String said = window.awaitStatus("browser");
        assertTrue(said.startsWith("Cannot start a browser here"), said);
        assertFalse(said.contains("Exception"), said);
        Optional<Node> action = Fx.call(() -> robot.from(window.stage().getScene().getRoot()).lookup("#statusAction").tryQuery());
        assertTrue(action.isPresent() && Fx.call(() -> action.get().isVisible()), "no Copy sign-in link action; status: " + said);
        assertEquals("Copy sign-in link", Fx.call(() -> ((Button) action.get()).getText()));
        Fx.screenshot(window.stage(), "window-console-no-browser");
        robot.clickOn(action.get());
        String clip = Fx.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertNotNull(clip);
        assertTrue(clip.startsWith(ui.federation().uri()) && clip.contains(FederationEndpoint.TOKEN), clip);
        window.awaitStatus("Copied the sign-in link of admin");
    }
}
