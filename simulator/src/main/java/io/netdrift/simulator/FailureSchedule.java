package io.netdrift.simulator;

import io.netdrift.core.network.CsvTable;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Link;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.NetworkEventType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The failures and repairs of a run, in time order. Built from a CSV file ({@link #read(Path,
 * Topology)}), from a seed ({@link #random}), or from a named scenario ({@link #scenario}). Every
 * schedule is consistent: an element only goes down when up and up when down.
 */
public final class FailureSchedule {

  /** Columns of a failure schedule file. */
  public static final List<String> COLUMNS = List.of("timestamp", "type", "element");

  private final List<FailureEvent> events;

  private FailureSchedule(List<FailureEvent> events) {
    this.events = List.copyOf(events);
  }

  /** No failures. */
  public static FailureSchedule none() {
    return new FailureSchedule(List.of());
  }

  /** Events checked against a topology: known elements, time order, consistent states. */
  public static FailureSchedule of(Topology topology, List<FailureEvent> events) {
    List<FailureEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(FailureEvent::timestampMs));
    FailedElements state = FailedElements.none();
    for (FailureEvent event : sorted) {
      String problem = problemOf(topology, state, event);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      state = apply(state, event);
    }
    return new FailureSchedule(sorted);
  }

  public List<FailureEvent> events() {
    return events;
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  /**
   * Reads a schedule file.
   *
   * <pre>
   * timestamp,type,element
   * 2026-01-05T12:00:00Z,LINK_DOWN,Amsterdam-London
   * 2026-01-05T18:00:00Z,LINK_UP,Amsterdam-London
   * </pre>
   *
   * Timestamps are ISO-8601 (UTC, e.g. {@code 2026-01-05T12:00:00Z}) in non-decreasing order; types
   * are {@code LINK_DOWN}, {@code LINK_UP} (element = link id), {@code NODE_DOWN}, {@code NODE_UP}
   * (element = node id). Errors name the file, line and column.
   */
  public static FailureSchedule read(Path file, Topology topology) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), reader, topology);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a schedule from text; {@code source} names it in error messages. */
  public static FailureSchedule read(String source, Reader reader, Topology topology) {
    List<FailureEvent> events = new ArrayList<>();
    FailedElements[] state = {FailedElements.none()};
    long[] previous = {Long.MIN_VALUE};
    CsvTable.read(
        source,
        reader,
        COLUMNS,
        List.of(),
        row -> {
          long timestampMs = parseTimestamp(row, 0);
          if (timestampMs < previous[0]) {
            throw row.error(
                0,
                "timestamp out of order: "
                    + row.field(0)
                    + " is before the previous event at "
                    + Instant.ofEpochMilli(previous[0]));
          }
          previous[0] = timestampMs;
          NetworkEventType type;
          String typeText = row.requireText(1).toUpperCase(Locale.ROOT);
          try {
            type = NetworkEventType.valueOf(typeText);
          } catch (IllegalArgumentException e) {
            type = null;
          }
          if (type == null || type == NetworkEventType.REROUTE) {
            throw row.error(
                1,
                "unknown event type '"
                    + row.field(1)
                    + "' (expected LINK_DOWN, LINK_UP, NODE_DOWN or NODE_UP)");
          }
          FailureEvent event = new FailureEvent(timestampMs, type, row.requireText(2));
          String problem = problemOf(topology, state[0], event);
          if (problem != null) {
            throw row.error(2, problem);
          }
          state[0] = apply(state[0], event);
          events.add(event);
        });
    return new FailureSchedule(events);
  }

  /** Parses an ISO-8601 UTC timestamp field, with a positioned error. */
  static long parseTimestamp(CsvTable.Row row, int column) {
    String text = row.requireText(column);
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw row.error(
          column, "not an ISO-8601 UTC timestamp (e.g. 2026-01-05T12:00:00Z): '" + text + "'");
    }
  }

  /** Why an event cannot happen in a state, or null when it can. */
  static String problemOf(Topology topology, FailedElements state, FailureEvent event) {
    String element = event.element();
    if (event.isLinkEvent()) {
      if (!topology.hasLink(element)) {
        return "unknown link '" + element + "' in topology " + topology.name();
      }
      boolean down = state.isLinkDown(element);
      if (event.type() == NetworkEventType.LINK_DOWN && down) {
        return "link '" + element + "' is already down";
      }
      if (event.type() == NetworkEventType.LINK_UP && !down) {
        return "link '" + element + "' is not down";
      }
    } else {
      if (!topology.hasNode(element)) {
        return "unknown node '" + element + "' in topology " + topology.name();
      }
      boolean down = state.isNodeDown(element);
      if (event.type() == NetworkEventType.NODE_DOWN && down) {
        return "node '" + element + "' is already down";
      }
      if (event.type() == NetworkEventType.NODE_UP && !down) {
        return "node '" + element + "' is not down";
      }
    }
    return null;
  }

  /** The failure state after an event. */
  static FailedElements apply(FailedElements state, FailureEvent event) {
    return state.apply(event.type().name(), event.element());
  }

  /**
   * A named scenario: its link fails at {@code failAtMs} and, if {@code repairAtMs > failAtMs}, is
   * repaired then.
   */
  public static FailureSchedule scenario(
      FailureScenario scenario,
      Topology topology,
      boolean equalCostMultiPath,
      long failAtMs,
      long repairAtMs) {
    return scenario
        .failingLink(topology, equalCostMultiPath)
        .map(
            link -> {
              List<FailureEvent> events = new ArrayList<>();
              events.add(new FailureEvent(failAtMs, NetworkEventType.LINK_DOWN, link));
              if (repairAtMs > failAtMs) {
                events.add(new FailureEvent(repairAtMs, NetworkEventType.LINK_UP, link));
              }
              return of(topology, events);
            })
        .orElse(none());
  }

  /**
   * Seeded random single-link failures over {@code [startMs, endMs)}: the time to the next failure
   * and the time to repair are exponential with the given means, rounded to whole steps (at least
   * one); one link is down at a time; the failing link is drawn uniformly among those whose loss
   * keeps every node reachable.
   */
  public static FailureSchedule random(
      Topology topology,
      long seed,
      long startMs,
      long endMs,
      long stepMs,
      long meanTimeBetweenFailuresMs,
      long meanTimeToRepairMs) {
    if (stepMs <= 0 || meanTimeBetweenFailuresMs <= 0 || meanTimeToRepairMs <= 0) {
      throw new IllegalArgumentException("step and mean times must be > 0");
    }
    List<String> candidates = new ArrayList<>();
    for (Link link : topology.links()) {
      if (!FailureScenario.disconnects(topology, link.linkId())) {
        candidates.add(link.linkId());
      }
    }
    if (candidates.isEmpty()) {
      return none();
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<FailureEvent> events = new ArrayList<>();
    long time = startMs;
    while (true) {
      time += roundToSteps(exponential(random, meanTimeBetweenFailuresMs), stepMs);
      if (time >= endMs) {
        break;
      }
      String link = candidates.get(random.nextInt(candidates.size()));
      events.add(new FailureEvent(time, NetworkEventType.LINK_DOWN, link));
      time += roundToSteps(exponential(random, meanTimeToRepairMs), stepMs);
      if (time >= endMs) {
        break;
      }
      events.add(new FailureEvent(time, NetworkEventType.LINK_UP, link));
    }
    return of(topology, events);
  }

  private static double exponential(SplittableRandom random, double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  private static long roundToSteps(double durationMs, long stepMs) {
    return Math.max(1, Math.round(durationMs / stepMs)) * stepMs;
  }

  @Override
  public String toString() {
    return "FailureSchedule" + events;
  }
}
