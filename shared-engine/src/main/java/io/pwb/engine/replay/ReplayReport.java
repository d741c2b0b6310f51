package io.pwb.engine.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Self-contained HTML report of replays (charts by JFreeChart as inline SVG). */
public final class ReplayReport {
    private ReplayReport() {
    }

    public static void write(Path file, List<ReplayResult> results, ReplayRunner.Run run) throws IOException {
        java.nio.file.Files.writeString(file, "<html><body>TODO</body></html>");
    }
}
