package io.multiprocessing4j.cli;

import io.multiprocessing4j.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mp4j} command: the entry point of the {@code ./mp4j} launcher.
 *
 * <p>Subcommands are registered in the {@code subcommands} list below, one class per command.
 */
@Command(name = "mp4j",
        mixinStandardHelpOptions = true,
        versionProvider = Mp4jCommand.Version.class,
        description = "multiprocessing4j: Python's multiprocessing for the JVM.",
        subcommands = {
                BenchCommand.class,
                ChartCommand.class,
                ClusterCommand.class,
                InfoCommand.class,
                ManagerCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Mp4jCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new Mp4jCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version comes from the jar manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Mp4jCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mp4j " + (v == null ? "0.1.0-SNAPSHOT" : v)
                    + " on Java " + Runtime.version()};
        }
    }
}
