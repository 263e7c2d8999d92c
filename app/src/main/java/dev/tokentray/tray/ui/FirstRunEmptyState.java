package dev.tokentray.tray.ui;

import dev.tokentray.core.FirstRun;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;

/**
 * What the profiles window shows in place of its profiles while the vault holds no keys
 * (first-run-empty.fxml): "Import N key pairs found in ~/.aws/credentials", "Add access keys…",
 * each opening the first-run window. Looked at again each time the window is shown or comes back
 * to the front (after the first-run, Add keys or Import window closes), so it goes once keys are in.
 */
final class FirstRunEmptyState {
    private final FirstRun firstRun;
    private final Executor worker;
    private final BorderPane window;
    private final BiConsumer<FirstRun.Facts, Boolean> openWizard;
    private final Parent pane;
    private Node profiles;
    private FirstRun.Facts facts;
    private boolean dismissed;

    @FXML private Label intro;
    @FXML private Button importButton;

    /** @param openWizard opens the first-run window with the facts shown, true from the Import button */
    FirstRunEmptyState(FirstRun firstRun, Executor worker, BorderPane window, BiConsumer<FirstRun.Facts, Boolean> openWizard) {
        this.firstRun = firstRun;
        this.worker = worker;
        this.window = window;
        this.openWizard = openWizard;
        FXMLLoader loader = new FXMLLoader(FirstRunEmptyState.class.getResource("first-run-empty.fxml"));
        loader.setController(this);
        try {
            pane = loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("cannot load first-run-empty.fxml from the tokentray jar", e);
        }
    }

    /** Reads the facts on the worker, then shows the empty state or the profiles. FX thread. */
    void refresh() {
        if (dismissed) {
            return;
        }
        CompletableFuture.supplyAsync(firstRun::facts, worker).whenComplete((f, failure) -> Platform.runLater(() -> {
            // Files the engine cannot read are the profiles table's to report.
            show(failure == null && f.needed() ? f : null);
        }));
    }

    private void show(FirstRun.Facts f) {
        facts = f;
        if (f == null || dismissed) {
            if (profiles != null && window.getCenter() == pane) {
                window.setCenter(profiles);
            }
            return;
        }
        int n = f.keyPairsFound().size();
        importButton.setText("Import " + n + (n == 1 ? " key pair" : " key pairs") + " found in " + f.credentialsFile());
        importButton.setVisible(n > 0);
        importButton.setManaged(n > 0);
        intro.setText("tokentray keeps your long-lived AWS access keys in an encrypted vault and gives the AWS CLI"
                + " short-lived sessions made from them. " + (f.vaultExists() ? "Your vault holds no keys yet: "
                : "First put your keys in a vault: ")
                + (n > 0 ? "move the ones in " + f.credentialsFile() + " there, or add access keys by hand."
                : "add access keys by hand (from the IAM console's Security credentials tab)."));
        if (window.getCenter() != pane) {
            profiles = window.getCenter();
            window.setCenter(pane);
        }
    }

    /** Whether the empty state shows now (for tests). */
    boolean showing() {
        return window.getCenter() == pane;
    }

    @FXML
    void onImport() {
        openWizard.accept(facts, true);
    }

    @FXML
    void onAdd() {
        openWizard.accept(facts, false);
    }

    @FXML
    void onDismiss() {
        dismissed = true;
        show(null);
    }
}
