package io.pwb.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Offline commands of the {@code ./pwb} launcher (evaluation, replay). They run as plain Java on the packaged
 * application's class path without booting the service; {@code ./pwb serve} starts the Quarkus service instead.
 */
@Command(name = "pwb", mixinStandardHelpOptions = true, version = "pwb 0.1.0",
        description = "Predictive Workload Balancer offline tools.",
        subcommands = {
                // Subcommands are registered here, one line each.
                ReplayCommand.class,
                ReplayCompareCommand.class,
                ForecastEvalCommand.class,
        })
public final class PwbCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PwbCli()).execute(args));
    }
}
