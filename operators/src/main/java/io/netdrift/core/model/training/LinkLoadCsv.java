package io.netdrift.core.model.training;

import io.netdrift.core.network.DirectedLink;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the simulator's telemetry CSVs: {@code link_load.csv} ({@code
 * timestamp,link_id,src,dst,load_mbps,expected_load_mbps}, ISO-8601 UTC, one row per link direction
 * per step) into one {@link LinkSeries} per direction (key {@link DirectedLink#key}), and {@code
 * link_status.csv} ({@code timestamp,link_id,src,dst,capacity_mbps,status}) into capacities. Rows
 * with a non-finite or negative load are skipped and counted; a duplicate timestamp keeps the last
 * row.
 */
public final class LinkLoadCsv {
  private LinkLoadCsv() {}

  /** The parsed series and how many rows were skipped as invalid. */
  public record Contents(List<LinkSeries> series, long rows, long skippedRows) {}

  /**
   * @param links direction keys ({@code linkId:src>dst}) or link ids to keep; empty keeps all
   * @throws IOException when the file is missing or unreadable
   * @throws IllegalArgumentException on a wrong header or a malformed line (with its number)
   */
  public static Contents readLoads(Path file, Set<String> links) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("telemetry file " + file + " does not exist");
    }
    Map<String, TreeMap<Long, Float>> byLink = new LinkedHashMap<>();
    long rows = 0;
    long skipped = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + " is empty");
      }
      List<String> cols = Arrays.asList(header.trim().split(","));
      int ts = index(cols, "timestamp", file);
      int id = index(cols, "link_id", file);
      int src = index(cols, "src", file);
      int dst = index(cols, "dst", file);
      int load = index(cols, "load_mbps", file);
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length < cols.size()) {
          throw new IllegalArgumentException(
              file + ":" + lineNo + ": expected " + cols.size() + " fields, got " + f.length);
        }
        rows++;
        String key = DirectedLink.key(f[id].trim(), f[src].trim(), f[dst].trim());
        if (!links.isEmpty() && !links.contains(key) && !links.contains(f[id].trim())) {
          continue;
        }
        long t;
        try {
          t = Instant.parse(f[ts].trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              file + ":" + lineNo + ": bad timestamp '" + f[ts] + "' (ISO-8601 UTC expected)");
        }
        float v;
        try {
          v = Float.parseFloat(f[load].trim());
        } catch (NumberFormatException e) {
          skipped++;
          continue;
        }
        if (!Float.isFinite(v) || v < 0) {
          skipped++;
          continue;
        }
        byLink.computeIfAbsent(key, k -> new TreeMap<>()).put(t, v);
      }
    }
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
    return new Contents(out, rows, skipped);
  }

  /**
   * Largest positive {@code capacity_mbps} per direction key, or an empty map when the file does
   * not exist.
   */
  public static Map<String, Float> readCapacities(Path file) throws IOException {
    Map<String, Float> caps = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return caps;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        return caps;
      }
      List<String> cols = Arrays.asList(header.trim().split(","));
      int id = index(cols, "link_id", file);
      int src = index(cols, "src", file);
      int dst = index(cols, "dst", file);
      int cap = index(cols, "capacity_mbps", file);
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",", -1);
        if (f.length < cols.size()) {
          continue;
        }
        try {
          float c = Float.parseFloat(f[cap].trim());
          if (Float.isFinite(c) && c > 0) {
            caps.merge(DirectedLink.key(f[id].trim(), f[src].trim(), f[dst].trim()), c, Math::max);
          }
        } catch (NumberFormatException e) {
          // a missing capacity (failed link) is not an error
        }
      }
    }
    return caps;
  }

  private static int index(List<String> cols, String name, Path file) {
    int i = cols.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          file + ": header lacks column '" + name + "' (have " + cols + ")");
    }
    return i;
  }
}
