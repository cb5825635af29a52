package io.netdrift.cli;

import io.netdrift.core.drift.DriftDetector;
import io.netdrift.core.drift.DriftDetectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./netdrift detect}: offline drift detection on one series. Reads one column of numbers (an
 * optional header on the first line, blank lines ignored) and prints, on stdout, the 0-based sample
 * index of every detected drift, one per line and nothing else; messages go to stderr. Exit codes:
 * 0 done, 2 bad detector name, parameter or input value (the message names the line), 1 unreadable
 * input.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a drift detector over one column of numbers and prints the 0-based index of each "
          + "sample at which it detected a drift, one per line.",
      "Detectors and parameters (defaults): adwin: delta (0.002), clock (32), maxBuckets (5), "
          + "minWindowLength (5), gracePeriod (10); page-hinkley: delta (0.005), lambda (50), "
          + "alpha (0.9999), minInstances (30), direction (both|up|down), warningFraction (0.5); "
          + "kswin: alpha (0.005), windowSize (100), statSize (30), seed (42)."
    })
public final class DetectCommand implements Callable<Integer> {

  static final int EXIT_OK = 0;
  static final int EXIT_IO = 1;
  static final int EXIT_USAGE = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--detector",
      required = true,
      paramLabel = "NAME",
      description = "adwin, page-hinkley or kswin.")
  private String detector;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description = "A detector hyper-parameter, repeatable, e.g. --param delta=0.01.")
  private Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "One number per line (CSV with one column, header allowed); - for stdin.")
  private Path input;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DriftDetector drift;
    try {
      drift = DriftDetectors.create(detector, params);
    } catch (IllegalArgumentException e) {
      err.println("detect: " + e.getMessage());
      err.flush();
      return EXIT_USAGE;
    }
    try (BufferedReader reader = open()) {
      long index = 0;
      long lineNumber = 0;
      boolean firstLine = true;
      StringBuilder detections = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty()) {
          continue;
        }
        double x;
        try {
          x = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          if (firstLine) {
            firstLine = false; // a header
            continue;
          }
          err.println("detect: line " + lineNumber + ": not a number: '" + text + "'");
          err.flush();
          return EXIT_USAGE;
        }
        firstLine = false;
        if (!Double.isFinite(x)) {
          err.println("detect: line " + lineNumber + ": not a finite number: '" + text + "'");
          err.flush();
          return EXIT_USAGE;
        }
        if (drift.update(x).driftDetected()) {
          detections.append(index).append('\n');
          if (detections.length() > 8192) {
            out.print(detections);
            detections.setLength(0);
          }
        }
        index++;
      }
      out.print(detections);
      out.flush();
      err.println("detect: " + index + " samples, " + drift.name());
      err.flush();
      return EXIT_OK;
    } catch (NoSuchFileException e) {
      err.println("detect: no such input file: " + input);
      err.flush();
      return EXIT_USAGE;
    } catch (IOException e) {
      err.println("detect: cannot read " + input + ": " + e.getMessage());
      err.flush();
      return EXIT_IO;
    }
  }

  private BufferedReader open() throws IOException {
    if (input.toString().equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return Files.newBufferedReader(input, StandardCharsets.UTF_8);
  }
}
