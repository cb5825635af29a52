package io.netdrift.core.network;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes topologies as CSV: a header, then one link per line.
 *
 * <pre>
 * link_id,src,dst,capacity_mbps,weight[,directed]
 * Amsterdam-Brussels,Amsterdam,Brussels,10000,191
 * </pre>
 *
 * <ul>
 *   <li>{@code link_id}, {@code src}, {@code dst} are required; ids must not contain commas.
 *   <li>{@code capacity_mbps}: capacity of each direction in megabits per second; empty (or the
 *       column absent) means unspecified: the simulator then derives it from the failure-free peak
 *       load (see {@code io.netdrift.simulator.CapacityPlanner}).
 *   <li>{@code weight}: routing weight, &gt; 0; empty (or the column absent) means {@value
 *       Link#DEFAULT_WEIGHT}, i.e. shortest paths by hop count.
 *   <li>{@code directed}: {@code true}/{@code false} (also {@code yes}/{@code no}, {@code 1}/{@code
 *       0}); empty or absent means false: the link is full-duplex and carries the capacity in each
 *       direction.
 *   <li>{@code length_km}: accepted and ignored (informational, as in the reference data).
 * </ul>
 *
 * Blank lines and lines starting with {@code #} are skipped.
 */
public final class TopologyCsv {

  public static final List<String> REQUIRED_COLUMNS = List.of("link_id", "src", "dst");
  public static final List<String> OPTIONAL_COLUMNS =
      List.of("capacity_mbps", "weight", "directed", "length_km");

  private TopologyCsv() {}

  /** Reads a topology file; the topology is named after the file (without extension). */
  public static Topology read(Path file) {
    String fileName = file.getFileName().toString();
    String name =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(name, file.toString(), reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read topology " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a topology from text.
   *
   * @param name name of the topology
   * @param source where the text comes from, for error messages
   */
  public static Topology read(String name, String source, Reader reader) {
    List<Link> links = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    CsvTable.read(
        source,
        reader,
        REQUIRED_COLUMNS,
        OPTIONAL_COLUMNS,
        row -> {
          String linkId = row.requireText(0);
          String src = row.requireText(1);
          String dst = row.requireText(2);
          Integer previous = firstLine.putIfAbsent(linkId, row.lineNumber());
          if (previous != null) {
            throw row.error(
                0, "duplicate link id '" + linkId + "' (first on line " + previous + ")");
          }
          if (src.equals(dst)) {
            throw row.error(2, "link '" + linkId + "' connects node '" + src + "' to itself");
          }
          double capacity = Double.NaN;
          int capacityColumn = row.column("capacity_mbps");
          if (capacityColumn >= 0) {
            capacity = row.number(capacityColumn, true, Double.NaN);
            if (!Double.isNaN(capacity) && capacity <= 0) {
              throw row.error(capacityColumn, "capacity_mbps must be > 0, was " + capacity);
            }
          }
          double weight = Link.DEFAULT_WEIGHT;
          int weightColumn = row.column("weight");
          if (weightColumn >= 0) {
            weight = row.number(weightColumn, true, Link.DEFAULT_WEIGHT);
            if (weight <= 0) {
              throw row.error(weightColumn, "weight must be > 0, was " + weight);
            }
          }
          boolean directed = false;
          int directedColumn = row.column("directed");
          if (directedColumn >= 0) {
            directed = parseBoolean(row, directedColumn);
          }
          links.add(new Link(linkId, src, dst, capacity, weight, directed));
        });
    if (links.isEmpty()) {
      throw new InputFormatException(source, 0, 0, "no links");
    }
    return new Topology(name, links);
  }

  private static boolean parseBoolean(CsvTable.Row row, int column) {
    String value = row.field(column).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "false", "no", "0" -> false;
      case "true", "yes", "1" -> true;
      default -> throw row.error(column, "directed must be true or false, was '" + value + "'");
    };
  }

  /** Writes a topology in the format {@link #read(Path)} reads (capacity empty if unspecified). */
  public static String toCsv(Topology topology) {
    StringBuilder out = new StringBuilder("link_id,src,dst,capacity_mbps,weight,directed\n");
    for (Link link : topology.links()) {
      out.append(link.linkId())
          .append(',')
          .append(link.nodeA())
          .append(',')
          .append(link.nodeB())
          .append(',')
          .append(link.hasCapacity() ? formatNumber(link.capacityMbps()) : "")
          .append(',')
          .append(formatNumber(link.weight()))
          .append(',')
          .append(link.directed())
          .append('\n');
    }
    return out.toString();
  }

  private static String formatNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
