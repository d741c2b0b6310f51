package io.pwb.service.api;

import io.pwb.service.config.PwbConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the API token comes from, and the start-up warning when a configured token file gives none. */
class ApiTokenTest {

    record Api(Optional<String> token, Optional<String> tokenFile) implements PwbConfig.Api {
        static Api file(Path f) {
            return new Api(Optional.empty(), Optional.of(f.toString()));
        }

        @Override
        public boolean readOpen() {
            return true;
        }
    }

    @TempDir
    Path dir;

    @Test
    void theFirstLineOfTheFileIsTheToken() throws Exception {
        Path f = Files.writeString(dir.resolve("api-token"), "  s3cret-token \nsecond line\n");
        ApiToken.Reading r = ApiToken.read(Api.file(f));
        assertEquals(Optional.of("s3cret-token"), r.token());
        assertEquals(Optional.empty(), r.problem());
    }

    @Test
    void theDirectTokenWinsOverTheFile() {
        ApiToken.Reading r = ApiToken.read(new Api(Optional.of("direct"), Optional.of(dir.resolve("absent").toString())));
        assertEquals(Optional.of("direct"), r.token());
        assertEquals(Optional.empty(), r.problem(), "the file is not read when the token is set directly");
    }

    @Test
    void noTokenConfiguredIsReadOnlyWithoutAWarning() {
        ApiToken.Reading r = ApiToken.read(new Api(Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), r.token());
        assertEquals(Optional.empty(), r.problem());
    }

    @Test
    void anEmptyFileIsNamedInTheWarning() throws Exception {
        Path f = Files.writeString(dir.resolve("api-token"), "");
        ApiToken.Reading r = ApiToken.read(Api.file(f));
        assertEquals(Optional.empty(), r.token());
        String warning = r.problem().orElseThrow();
        assertTrue(warning.contains(f.toString()), warning);
        assertTrue(warning.contains("read-only"), warning);
    }

    @Test
    void aTokenBelowAnEmptyFirstLineIsNotUsedNorShown() throws Exception {
        Path f = Files.writeString(dir.resolve("api-token"), "\nsecond-line-secret\n");
        ApiToken.Reading r = ApiToken.read(Api.file(f));
        assertEquals(Optional.empty(), r.token());
        String warning = r.problem().orElseThrow();
        assertTrue(warning.contains(f.toString()) && warning.contains("empty first line"), warning);
        assertFalse(warning.contains("second-line-secret"), "the warning never shows the file's content");
    }

    @Test
    void aMissingFileIsNamedInTheWarning() {
        Path f = dir.resolve("no-such-token");
        ApiToken.Reading r = ApiToken.read(Api.file(f));
        assertEquals(Optional.empty(), r.token());
        String warning = r.problem().orElseThrow();
        assertTrue(warning.contains("cannot read pwb.api.token-file " + f), warning);
    }

    @Test
    void aFileThatIsNotTextIsNamedButNotShown() throws Exception {
        Path f = Files.write(dir.resolve("api-token"), new byte[]{(byte) 0xff, (byte) 0xfe, 'x', 'y', 'z'});
        String warning = ApiToken.read(Api.file(f)).problem().orElseThrow();
        assertTrue(warning.contains(f.toString()), warning);
        assertFalse(warning.contains("xyz"), warning);
    }
}
