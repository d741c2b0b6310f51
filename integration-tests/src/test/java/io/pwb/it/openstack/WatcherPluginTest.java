package io.pwb.it.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.it.PwbApp;
import io.pwb.testsupport.PlatformTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's OpenStack Watcher (python3-watcher, 9.0.0 Zed) runs PWB's strategy plugin, installed with pip and
 * loaded through the watcher_strategies entry point, against the real PWB application: first running, then
 * stopped. The Python side (python/tests/run_scenarios.py) checks the actions with Watcher's own migrate
 * validation and upstream workload_stabilization's standard deviation; this test checks its report. PWB's address
 * and token come from a watcher.conf section, and the environment names dead proxies that must not be used.
 * python/tests/test_plugin.py checks failure handling, settings and the HTTP client against a stub.
 */
class WatcherPluginTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path PLUGIN = Path.of("..", "openstack-watcher-strategy", "python");

    static Path site;

    @BeforeAll
    static void installPlugin() throws Exception {
        PlatformTools.require(Files.isExecutable(PYTHON), "/usr/bin/python3 is missing");
        PlatformTools.require(run(List.of(PYTHON.toString(), "-c", "import watcher.decision_engine.strategy.strategies"),
                        null).exitCode == 0,
                "python3-watcher is not installed (apt-get install --no-install-recommends python3-watcher)");
        PlatformTools.require(run(List.of(PYTHON.toString(), "-m", "pip", "--version"), null).exitCode == 0,
                "pip for /usr/bin/python3 is not installed (apt-get install python3-pip)");
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "watcher-plugin-");
        Path source = work.resolve("src");
        copyTree(PLUGIN, source);
        site = work.resolve("site");
        Result pip = run(List.of(PYTHON.toString(), "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                "--no-index", "--target", site.toString(), source.toString()), null);
        assertEquals(0, pip.exitCode, "pip could not install the plugin:\n" + pip.output);
    }

    @Test
    void strategyRunsOnScenariosAgainstTheRunningServiceAndFailsClearlyWithoutIt() throws Exception {
        String url;
        JsonNode up;
        Path tokenFile = Files.createTempFile(Path.of("target"), "pwb-token-", ".txt");
        Files.writeString(tokenFile, java.util.UUID.randomUUID() + "\n");
        // A fresh database: shadows are persisted, and an earlier run's reservations would hold these moves.
        Path database = Files.createTempDirectory(Path.of("target"), "pwb-db-").resolve("pwb");
        try (PwbApp pwb = new PwbApp(Map.of("pwb.api.token-file", tokenFile.toAbsolutePath().toString(),
                "pwb.database.h2-path", database.toAbsolutePath().toString(), "pwb.demo.enabled", "false"),
                database.getParent()).start()) {
            url = pwb.plainUri("").toString();
            up = scenarios("--url", url, "--token-file", tokenFile.toAbsolutePath().toString());
        }
        // The requests reached PWB although http_proxy and https_proxy named a closed port.
        assertEquals(List.of("HTTPS_PROXY", "HTTP_PROXY", "http_proxy", "https_proxy"),
                toList(up.get("proxies_in_environment")));
        assertEquals(List.of("pwb_ca_file", "pwb_token_file", "pwb_url", "timeout_seconds"),
                toList(up.get("conf_options")));
        assertTrue(toList(up.get("schema_parameters")).stream().noneMatch(p -> p.startsWith("pwb_")),
                up.get("schema_parameters").toString());
        JsonNode s6 = up.get("scenario_6_with_2_nodes").get("actions");
        assertEquals(1, s6.size(), s6.toString());
        assertEquals("73b09e16-35b7-4922-804e-e8f5d9b740fc", s6.get(0).get("resource_id").asText());
        assertEquals("hostname_0", s6.get(0).get("source_node").asText());
        assertEquals("hostname_1", s6.get(0).get("destination_node").asText());
        assertEquals("live", s6.get(0).get("migration_type").asText());
        JsonNode s1 = up.get("scenario_1");
        assertTrue(s1.get("actions").size() >= 1);
        assertTrue(s1.get("upstream_sd_after").asDouble() < s1.get("upstream_sd_before").asDouble(), s1.toString());
        assertEquals(0, up.get("advisory_actions").asInt());
        // Before PWB had seen the instances, an audit whose datasource gave no CPU failed instead of planning blind.
        assertEquals("Neither Watcher's datasource nor PWB had usable metrics for this audit, so no actions were"
                + " proposed: fake gave no instance_cpu_usage for any of the 4 instances, and PWB's own collector has"
                + " no CPU data for them either", up.get("no_cpu").asText());
        assertTrue(up.get("wrong_token").get("error").asText().contains("HTTP 401"), up.toString());

        // The same URL with the service stopped: a one-shot audit fails with a clear error naming PWB and the URL;
        // a continuous one proposes nothing and stays alive (a FAILED continuous audit never runs again).
        JsonNode down = scenarios("--url", url, "--token-file", tokenFile.toAbsolutePath().toString(),
                "--unreachable-url", url, "--skip-running");
        String error = down.get("service_down").get("error").asText();
        assertTrue(error.contains(url) && error.contains("no actions were proposed"), error);
        assertEquals(0, down.get("service_down").get("continuous_actions").asInt(), down.toString());
        assertEquals("PwbUnavailable", down.get("service_silent").get("type").asText());
        assertEquals(0, down.get("service_silent").get("continuous_actions").asInt(), down.toString());
    }

    @Test
    void failureHandlingSettingsAndHttpClientPassTheirWatcherSideTests() throws Exception {
        Result result = run(List.of(PYTHON.toString(), "-W", "ignore",
                PLUGIN.resolve("tests").resolve("test_plugin.py").toString(), "-v"), site);
        assertEquals(0, result.exitCode, result.output);
        // unittest reports on stderr: every test method of the file ran (none lost to a load or naming error).
        Path tests = PLUGIN.resolve("tests").resolve("test_plugin.py");
        long written = Pattern.compile("(?m)^    def test_").matcher(Files.readString(tests)).results().count();
        Matcher ran = Pattern.compile("Ran (\\d+) tests").matcher(result.output);
        assertTrue(ran.find(), result.output);
        assertEquals(written, Long.parseLong(ran.group(1)), result.output);
        assertTrue(result.output.contains("\nOK"), result.output);
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode scenarios(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(),
                PLUGIN.resolve("tests").resolve("run_scenarios.py").toString()));
        command.addAll(List.of(args));
        Result result = run(command, site);
        int start = result.stdout.indexOf('{');
        assertTrue(start >= 0, "no report from run_scenarios.py:\n" + result.output);
        JsonNode report = new ObjectMapper().readTree(result.stdout.substring(start));
        assertEquals(0, report.get("failures").size(), "Watcher-side checks failed: " + report.get("failures")
                + "\n" + result.output);
        assertEquals(0, result.exitCode, result.output);
        assertTrue(report.get("entry_point").asBoolean());
        return report;
    }

    private record Result(int exitCode, String stdout, String output) {
    }

    private static Result run(List<String> command, Path pythonPath) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (pythonPath != null) {
            builder.environment().put("PYTHONPATH", pythonPath.toAbsolutePath().toString());
            // The plugin must not send PWB's token through proxies from the environment: these lead nowhere.
            String deadProxy = "http://127.0.0.1:" + PlatformTools.freePort();
            for (String name : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")) {
                builder.environment().put(name, deadProxy);
            }
            builder.environment().remove("no_proxy");
            builder.environment().remove("NO_PROXY");
        }
        // Both streams to files, not a pipe read to its end: reading first would wait forever on a hung Python.
        Path out = Files.createTempFile("pwb-py", ".out");
        Path err = Files.createTempFile("pwb-py", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        boolean ended = process.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (!ended) {
            fail(command + " did not end within 300 s:\n" + stdout + "\n--- stderr ---\n" + stderr);
        }
        return new Result(process.exitValue(), stdout, stdout + "\n--- stderr ---\n"
                + stderr.substring(Math.max(0, stderr.length() - 8000)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path rel = from.relativize(p);
                if (rel.toString().startsWith("build") || rel.toString().contains("__pycache__")
                        || rel.toString().contains(".egg-info")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
