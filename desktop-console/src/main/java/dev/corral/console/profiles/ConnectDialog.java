package dev.corral.console.profiles;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The connect dialog: profiles on the left, the selected one's form and actions on the right. */
public final class ConnectDialog extends Dialog<Void> {
    public ConnectDialog(Window owner, ConnectDialogViewModel vm) {
        initOwner(owner);
        setTitle("Connect to a cluster");
        getDialogPane().setId("connect-dialog");
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);

        ListView<String> profiles = new ListView<>(vm.profiles());
        profiles.setId("profile-list");
        profiles.setPrefSize(200, 260);
        profiles.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (chosen != null) {
                vm.select(chosen);
            }
        });
        Button local = new Button("Local cluster");
        local.setId("connect-local");
        local.setMaxWidth(Double.MAX_VALUE);
        local.setOnAction(e -> vm.connectLocal());

        TextField name = field("profile-name", "production", vm.name().getValue());
        name.textProperty().bindBidirectional(vm.name());
        TextField url = field("profile-url", "http://10.0.0.5:9700", "");
        url.textProperty().bindBidirectional(vm.url());
        TextField user = field("profile-user", "admin", "");
        user.textProperty().bindBidirectional(vm.user());
        PasswordField password = new PasswordField();
        password.setId("profile-password");
        password.textProperty().bindBidirectional(vm.password());
        password.promptTextProperty().bind(vm.storedPassword());
        TextField authority = field("profile-ca", "cluster CA file (https; blank: public CAs)", "");
        authority.textProperty().bindBidirectional(vm.caCertificate());
        CheckBox remember = new CheckBox("Remember the password (encrypted)");
        remember.setId("profile-remember");
        remember.selectedProperty().bindBidirectional(vm.remember());

        GridPane form = new GridPane(8, 8);
        form.addRow(0, label("Name"), name);
        form.addRow(1, label("API URL"), url);
        form.addRow(2, label("User"), user);
        form.addRow(3, label("Password"), password);
        form.addRow(4, label("CA certificate"), authority);
        form.add(remember, 1, 5);

        Button test = button("profile-test", "Test connection", vm::test);
        Button save = button("profile-save", "Save", vm::save);
        Button connect = button("profile-connect", "Connect", vm::connect);
        connect.getStyleClass().add(Styles.ACCENT);
        Button delete = button("profile-delete", "Delete", vm::delete);
        delete.getStyleClass().add(Styles.DANGER);
        Label message = new Label();
        message.setId("profile-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.message());
        Label error = new Label();
        error.setId("profile-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.error());
        VBox right = new VBox(10, form, new HBox(8, test, save, connect, delete), message, error);
        right.setPrefWidth(480);
        getDialogPane().setContent(new HBox(12, new VBox(8, local, profiles), right));
        vm.reload();
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static TextField field(String id, String prompt, String text) {
        TextField field = new TextField(text);
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(24);
        return field;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(e -> action.run());
        return button;
    }
}
