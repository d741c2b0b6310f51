package io.pwb.openstack.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets (passwords, tokens) kept in files readable only by PWB, so that they never appear in configuration or logs. */
final class SecretFiles {

    private SecretFiles() {
    }

    /** The first line of the file, stripped; a missing or empty file is a configuration error naming the file only. */
    static String firstLine(Path file, String what) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isBlank()) {
                throw new IllegalStateException("the " + what + " file " + file + " is empty");
            }
            return first.strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the " + what + " file " + file);
        }
    }
}
