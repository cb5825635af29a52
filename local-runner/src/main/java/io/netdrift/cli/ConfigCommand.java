package io.netdrift.cli;

import io.netdrift.job.config.JobConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netdrift config}: prints every job configuration key with its default and rule. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Print the job configuration reference (Markdown).")
public final class ConfigCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.print(JobConfig.reference());
    return 0;
  }
}
