package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.core.SettingsFile;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.tray.ProfileActions;
import dev.tokentray.tray.login.LoginItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The first run, as a new user meets it: a home with key pairs in ~/.aws/credentials, config
 * profiles without keys and no vault. The window offers to import them; the first-run window
 * makes the vault, stores the keys, writes the MFA device IAM lists, wires a profile and turns on
 * start at login, and the AWS CLI then works through the wired profile. Real moto (behind the
 * MFA-checking proxy), real engine, TestFX headless.
 */
class FirstRunTest {
    @RegisterExtension
    static MfaWorld world = new MfaWorld();
    @RegisterExtension
    static TrayUi ui = TrayUi.windowsOnly();

    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;
    TestHome home;
    Tokentray engine;
    ProfileActions actions;
    Views views;
    AccessKey carol;
    AccessKey dave;
    String credentials;
    String config;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final ExecutorService worker = Executors.newCachedThreadPool();
    @BeforeEach
    void setUp() throws Exception {
        String suffix = Long.toHexString(new SecureRandom().nextLong());
        carol = world.aws.user("carol-" + suffix);
        dave = world.aws.user("dave-" + suffix);
        home = new TestHome(tmp)
                .set("AWS_ENDPOINT_URL_STS", world.proxy.endpoint())
                .set("AWS_ENDPOINT_URL_IAM", world.proxy.endpoint())
                .set("AWS_REGION", "us-east-1")
                .set("XDG_CONFIG_HOME", tmp.resolve(".config").toString());
        // The shim as the AWS CLI will start it: this checkout's classes in this test's home.
        Path launcher = Files.createDirectories(tmp.resolve("bin")).resolve("tokentray");
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec env");
        home.envMap().forEach((k, v) -> script.append(' ').append(k).append("='").append(v).append('\''));
        script.append(" '").append(Project.java()).append("' -cp '").append(Project.testClasspath())
                .append("' dev.tokentray.Main \"$@\"\n");
        Files.writeString(launcher, script);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        home.set("TOKENTRAY_LAUNCHER", launcher.toString());
        // Two long-lived key pairs to import; a session (temporary keys) is not one.
        home.credentials(credentials = "# my keys\n[alice]\naws_access_key_id = " + world.alice.accessKeyId()
                + "\naws_secret_access_key = " + world.alice.secretAccessKey() + "\n\n"
                + "[carol]\naws_access_key_id=" + carol.accessKeyId() + "\naws_secret_access_key=" + carol.secretAccessKey()
                + "\n\n[temp]\naws_access_key_id = ASIAEXAMPLEEXAMPLE01\naws_secret_access_key = x\naws_session_token = t\n");
        // A region-only [default] and a profile waiting for keys; alice has a section without mfa_serial.
        home.config(config = "[default]\nregion = us-east-1\n\n[profile alice]\n# where I work\nregion = us-east-1\n"
                + "output=json\n\n[profile deploy]\nregion = eu-west-1\n");
        engine = new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), warnings::add);
        actions = new ProfileActions(engine, new UnlockedState(engine, warnings::add));
        views = new Views(actions, worker, Clock.systemUTC(), SettingsFile.load(home.tokentrayHome()),
                LoginItem.forThisOs(home.env(), launcher.toString()));
        actions.attach(views, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        ui.closeWindowsAndWorld();
        worker.shutdownNow();
        actions.state().close();
    }

    private Node in(Stage stage, String id) {
        return ui.robot().from(stage.getScene().getRoot()).lookup(id).query();
    }

    private boolean present(Stage stage, String id) throws Exception {
        return Fx.call(() -> ui.robot().from(stage.getScene().getRoot()).lookup(id).tryQuery().isPresent());
    }

    private void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Fx.call(condition)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what);
    }

    private String text(Stage stage, String id) throws Exception {
        return Fx.call(() -> {
            Node n = in(stage, id);
            return n instanceof Label l ? l.getText() : ((Button) n).getText();
        });
    }

    /** The window as a new user opens it: the empty state, once the engine has looked at the files. */
    private Stage openWindow() throws Exception {
        Fx.run(views::showProfiles);
        Stage stage = Fx.awaitStage("tokentray");
        await("the profiles window never showed its first-run state", () -> views.firstRunState().showing());
        return stage;
    }

    private void awaitPage(Stage wizard, String page) throws Exception {
        await("the first-run window never showed " + page + "; it says: " + text(wizard, "#error"),
                () -> in(wizard, page).isVisible());
    }

    private void fill(Stage stage, String id, String text) throws Exception {
        Fx.run(() -> ((TextField) in(stage, id)).setText(text));
    }

    @SuppressWarnings("unchecked")
    private ListView<CheckBox> list(Stage stage, String id) {
        return (ListView<CheckBox>) in(stage, id);
    }

    @Test
    void aFreshHomeShowsTheEmptyStateOfferingTheKeyPairsOfTheCredentialsFile() throws Exception {
        Stage stage = openWindow();
        assertEquals("Import 2 key pairs found in ~/.aws/credentials", text(stage, "#firstRunImport"));
        assertTrue(Fx.call(() -> in(stage, "#firstRunImport").isVisible()));
        assertEquals("Add access keys…", text(stage, "#firstRunAdd"));
        assertFalse(present(stage, "#profiles"), "the empty table is not shown");
        assertTrue(text(stage, "#firstRunIntro").contains("First put your keys in a vault"), text(stage, "#firstRunIntro"));
        Fx.screenshot(stage, "first-run-1-empty");

        // "Not now" shows the profiles as they are.
        ui.robot().clickOn(in(stage, "#firstRunDismiss"));
        await("Not now did not bring the profiles back", () -> !views.firstRunState().showing());
        assertTrue(present(stage, "#profiles"));
    }

    @Test
    void theFirstRunWindowGoesFromPasswordToAWiredProfileTheAwsCliUses() throws Exception {
        Stage window = openWindow();
        ui.robot().clickOn(in(window, "#firstRunImport"));
        Stage wizard = Fx.awaitStage("Set up tokentray");
        assertEquals("Step 1 of 3 · Vault password", text(wizard, "#step"));

        // Step 1: a two-character password is refused before any vault is written; the hint says why.
        fill(wizard, "#password", "ab");
        fill(wizard, "#repeat", "ab");
        assertTrue(text(wizard, "#strength").startsWith("Too short"), text(wizard, "#strength"));
        ui.robot().clickOn(in(wizard, "#next"));
        await("a short password was not refused", () -> !text(wizard, "#error").isEmpty());
        assertTrue(text(wizard, "#error").contains("too short"), text(wizard, "#error"));
        assertFalse(engine.vault().exists(), "no vault for a refused password");
        fill(wizard, "#password", PASSWORD);
        fill(wizard, "#repeat", PASSWORD + "!");
        ui.robot().clickOn(in(wizard, "#next"));
        await("differing passwords were not refused", () -> text(wizard, "#error").contains("differ"));
        fill(wizard, "#password", PASSWORD);
        fill(wizard, "#repeat", PASSWORD);
        assertTrue(text(wizard, "#strength").startsWith("Good"), text(wizard, "#strength"));
        Fx.screenshot(wizard, "first-run-2-password");
        ui.robot().clickOn(in(wizard, "#next"));

        // Step 2: the found pairs, ticked; a config profile without keys offered as the name for new ones.
        awaitPage(wizard, "#keysPage");
        assertTrue(engine.vault().exists(), "the vault is made by step 1");
        assertEquals(List.of("alice", "carol"), Fx.call(() -> list(wizard, "#found").getItems().stream()
                .filter(CheckBox::isSelected).map(CheckBox::getText).toList()));
        @SuppressWarnings("unchecked")
        ComboBox<String> profile = (ComboBox<String>) in(wizard, "#profile");
        assertEquals(List.of("default", "deploy"), Fx.call(() -> List.copyOf(profile.getItems())));
        Fx.run(() -> profile.getSelectionModel().select("deploy"));
        fill(wizard, "#keyId", dave.accessKeyId());
        Fx.run(() -> ((PasswordField) in(wizard, "#secret")).setText(dave.secretAccessKey()));
        Fx.screenshot(wizard, "first-run-3-keys");
        ui.robot().clickOn(in(wizard, "#next"));

        // Still step 2: the MFA device IAM lists for alice, offered as her mfa_serial.
        awaitPage(wizard, "#mfaPage");
        assertEquals("Step 2 of 3 · MFA device", text(wizard, "#step"));
        String findings = Fx.call(() -> ui.robot().from(in(wizard, "#mfaFindings")).lookup(".label").queryAll().stream()
                .map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + b + "\n"));
        assertTrue(findings.contains("MFA device: " + world.serial + " found for alice"), findings);
        assertTrue(findings.contains("carol: IAM lists no MFA device"), findings);
        assertTrue(findings.contains("deploy: IAM lists no MFA device"), findings);
        assertTrue(Fx.call(() -> ((CheckBox) in(wizard, "#writeMfa-alice")).isSelected()));
        Fx.screenshot(wizard, "first-run-4-mfa");
        ui.robot().clickOn(in(wizard, "#next"));

        // Step 3: wire alice only, and start at login.
        awaitPage(wizard, "#wirePage");
        assertEquals(List.of("alice", "carol", "deploy"), Fx.call(() -> list(wizard, "#wire").getItems().stream()
                .filter(CheckBox::isSelected).map(CheckBox::getText).toList()));
        Fx.run(() -> list(wizard, "#wire").getItems().forEach(b -> b.setSelected(b.getText().equals("alice"))));
        Fx.run(() -> ((CheckBox) in(wizard, "#startAtLogin")).setSelected(true));
        Fx.screenshot(wizard, "first-run-5-wire");
        assertEquals("Finish", text(wizard, "#next"));
        ui.robot().clickOn(in(wizard, "#next"));
        await("the first-run window did not close; it says: " + text(wizard, "#error"), () -> !wizard.isShowing());

        // What the person now has: the keys in the vault, and only there.
        assertEquals(List.of("alice", "carol", "deploy"), engine.vault().profiles().stream().sorted().toList());
        // (the blank lines that stood between the sections stay: removing keeps every line it did not mean)
        assertEquals("# my keys\n\n\n[temp]\naws_access_key_id = ASIAEXAMPLEEXAMPLE01\naws_secret_access_key = x\n"
                + "aws_session_token = t\n", Files.readString(home.credentialsFile()));
        // mfa_serial as alice's last setting, every other byte as it was; then the wired profile.
        String expected = config.replace("output=json\n", "output=json\nmfa_serial = " + world.serial + "\n");
        String now = Files.readString(home.configFile());
        assertTrue(now.startsWith(expected + "\n[profile alice-tokentray]\ncredential_process = "), now);
        assertEquals(1, now.split("-tokentray]", -1).length - 1, "only alice is wired: " + now);
        assertTrue(Files.exists(tmp.resolve(".config/autostart/tokentray.desktop")), "start at login is on");
        assertTrue(actions.state().vaultOpen(), "the tray's vault is open with the new keys");
        await("the profiles window still shows the first-run state", () -> !views.firstRunState().showing());
        Fx.screenshot(window, "first-run-6-done");

        // The tray unlocks alice with one code for the device now in her profile (no password: the vault is open) ...
        Session session = actions.unlock("alice", null, world.proxy.currentCode(world.serial), false);
        assertEquals(1, world.proxy.calls("GetSessionToken"));
        // ... and the AWS CLI gets that session through the wired profile's shim.
        Map<String, String> env = new HashMap<>(home.envMap());
        env.remove("AWS_ENDPOINT_URL_STS");
        TestHome.Run cli = TestHome.process(List.of("aws", "sts", "get-caller-identity", "--profile", "alice-tokentray",
                "--endpoint-url", world.moto.endpoint().toString(), "--output", "text", "--query", "Account"), "", env);
        assertEquals(0, cli.exit(), cli.toString());
        assertEquals(AwsWorld.ACCOUNT, cli.out().strip());
        assertTrue(session.accessKeyId().startsWith("ASIA"), session.accessKeyId());
    }

    @Test
    void cancelAfterThePasswordKeepsTheVaultAndWritesNothingElse() throws Exception {
        Stage window = openWindow();
        ui.robot().clickOn(in(window, "#firstRunAdd"));
        Stage wizard = Fx.awaitStage("Set up tokentray");
        fill(wizard, "#password", PASSWORD);
        fill(wizard, "#repeat", PASSWORD);
        ui.robot().clickOn(in(wizard, "#next"));
        awaitPage(wizard, "#keysPage");
        fill(wizard, "#keyId", dave.accessKeyId());
        ui.robot().clickOn(in(wizard, "#cancel"));
        await("Cancel did not close the first-run window", () -> !wizard.isShowing());

        assertTrue(engine.vault().exists(), "the vault made in step 1 stays");
        assertEquals(List.of(), engine.vault().profiles());
        engine.vault().open(PASSWORD.toCharArray()).close();
        assertEquals(credentials, Files.readString(home.credentialsFile()));
        assertEquals(config, Files.readString(home.configFile()));
        assertFalse(Files.exists(tmp.resolve(".config/autostart/tokentray.desktop")));
        assertNull(Fx.stage("Set up tokentray"));
        // The window still offers the keys, now into the vault that exists.
        await("the empty state did not say the vault exists", () -> views.firstRunState().showing()
                && text(window, "#firstRunIntro").contains("Your vault holds no keys yet"));

        // Opened again, the first step asks for that vault's password once, and a wrong one is refused.
        ui.robot().clickOn(in(window, "#firstRunAdd"));
        Stage again = Fx.awaitStage("Set up tokentray");
        assertFalse(Fx.call(() -> in(again, "#repeat").isVisible()));
        fill(again, "#password", "not the password");
        ui.robot().clickOn(in(again, "#next"));
        await("a wrong password was not refused", () -> !text(again, "#error").isEmpty());
        assertTrue(Fx.call(() -> in(again, "#passwordPage").isVisible()));
    }
}
