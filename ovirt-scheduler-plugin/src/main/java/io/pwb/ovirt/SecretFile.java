package io.pwb.ovirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets (passwords) kept in files readable only by PWB, so that they never appear in configuration or logs. */
public final class SecretFile {

    private SecretFile() {
    }

    /** The file's content; a trailing newline (as left by {@code echo secret > file}) is not part of the secret. */
    public static String read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
