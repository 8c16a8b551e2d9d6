package dev.corral.console;

import dev.corral.console.ui.DialogService;
import java.util.ArrayList;
import java.util.List;

/** Answers every confirmation with {@link #answer} and records what was asked. */
public final class RecordingDialogs implements DialogService {
    public final List<String> questions = new ArrayList<>();
    public boolean answer;

    @Override
    public boolean confirm(String title, String question) {
        questions.add(question);
        return answer;
    }

    @Override
    public void error(String title, String message) {
        questions.add(message);
    }
}
