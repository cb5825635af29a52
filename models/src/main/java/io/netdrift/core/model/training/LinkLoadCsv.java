package io.netdrift.core.model.training;

import io.netdrift.core.network.CsvTable;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.network.InputFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads the simulator's telemetry CSVs: {@code link_load.csv} ({@code
 * timestamp,link_id,src,dst,load_mbps,expected_load_mbps}, ISO-8601 UTC, one row per link direction
 * per step) into one {@link LinkSeries} per direction (key {@link DirectedLink#key}), and {@code
 * link_status.csv} ({@code timestamp,link_id,src,dst,capacity_mbps,status}) into capacities,
 * through {@link CsvTable} (the columns in this order; quoting as there). Rows with a non-finite or
 * negative load are skipped and counted; a duplicate timestamp keeps the last row.
 */
public final class LinkLoadCsv {
  private LinkLoadCsv() {}

  /** The parsed series and how many rows were skipped as invalid. */
  public record Contents(List<LinkSeries> series, long rows, long skippedRows) {}

  private static final List<String> LOAD_COLUMNS =
      List.of("timestamp", "link_id", "src", "dst", "load_mbps");
  private static final List<String> STATUS_COLUMNS =
      List.of("timestamp", "link_id", "src", "dst", "capacity_mbps");

  /**
   * @param links direction keys ({@code linkId:src>dst}) or link ids to keep; empty keeps all
   * @throws IOException when the file is missing or unreadable
   * @throws InputFormatException on a wrong header or a malformed line (with its number)
   */
  public static Contents readLoads(Path file, Set<String> links) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("telemetry file " + file + " does not exist");
    }
    Map<String, TreeMap<Long, Float>> byLink = new LinkedHashMap<>();
    long[] rows = new long[2]; // read, skipped
    read(
        file,
        LOAD_COLUMNS,
        List.of("expected_load_mbps"),
        row -> {
          rows[0]++;
          String id = row.requireText(1);
          String key = DirectedLink.key(id, row.requireText(2), row.requireText(3));
          if (!links.isEmpty() && !links.contains(key) && !links.contains(id)) {
            return;
          }
          long t = timestamp(row);
          float v;
          try {
            v = Float.parseFloat(row.field(4));
          } catch (NumberFormatException e) {
            rows[1]++;
            return;
          }
          if (!Float.isFinite(v) || v < 0) {
            rows[1]++;
            return;
          }
          byLink.computeIfAbsent(key, k -> new TreeMap<>()).put(t, v);
        });
    List<LinkSeries> out = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, Float>> e : byLink.entrySet()) {
      long[] t = new long[e.getValue().size()];
      float[] v = new float[t.length];
      int i = 0;
      for (Map.Entry<Long, Float> s : e.getValue().entrySet()) {
        t[i] = s.getKey();
        v[i++] = s.getValue();
      }
      out.add(new LinkSeries(e.getKey(), t, v));
    }
    return new Contents(out, rows[0], rows[1]);
  }

  /**
   * Largest positive {@code capacity_mbps} per direction key, or an empty map when the file does
   * not exist. A missing capacity (a failed link) is not an error.
   *
   * @throws InputFormatException on a wrong header or a malformed line (with its number)
   */
  public static Map<String, Float> readCapacities(Path file) throws IOException {
    Map<String, Float> caps = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return caps;
    }
    read(
        file,
        STATUS_COLUMNS,
        List.of("status"),
        row -> {
          try {
            float c = Float.parseFloat(row.field(4));
            if (Float.isFinite(c) && c > 0) {
              caps.merge(
                  DirectedLink.key(row.requireText(1), row.requireText(2), row.requireText(3)),
                  c,
                  Math::max);
            }
          } catch (NumberFormatException e) {
            // no capacity: the link is down
          }
        });
    return caps;
  }

  private static void read(
      Path file, List<String> required, List<String> optional, Consumer<CsvTable.Row> rows)
      throws IOException {
    try {
      CsvTable.read(file, required, optional, rows);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static long timestamp(CsvTable.Row row) {
    String text = row.requireText(0);
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw row.error(0, "bad timestamp '" + text + "' (ISO-8601 UTC expected)");
    }
  }
}
