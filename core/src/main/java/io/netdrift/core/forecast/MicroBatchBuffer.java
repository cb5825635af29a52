package io.netdrift.core.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The records of many links that wait together for one model call per lane (the forecast operator's
 * micro-batch), and the order in which they are served.
 *
 * <p>{@link #drain()} cuts the buffer into <em>waves</em>: wave {@code d} holds the {@code d}-th
 * record (in event-time order) of every link that has more than {@code d}, so each wave holds a
 * link at most once and a link's second record is forecast only after its first one has updated the
 * link's state. Each wave is cut into batches of at most {@code maxRows} rows; links keep the order
 * in which they first entered the buffer.
 *
 * @param <T> the buffered record
 */
public final class MicroBatchBuffer<T> {
  private final int maxRows;
  private final ToLongFunction<T> timestampMs;
  private final List<String> keys = new ArrayList<>();
  private final List<T> records = new ArrayList<>();
  private final Set<String> identities = new HashSet<>();

  /** One model call's worth of rows: the link key and record of each row. */
  public record Batch<T>(List<String> keys, List<T> records) {}

  /**
   * @param maxRows rows at which the buffer is full, and the most rows of one batch
   * @param timestampMs the event time of a record
   */
  public MicroBatchBuffer(int maxRows, ToLongFunction<T> timestampMs) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
    }
    this.maxRows = maxRows;
    this.timestampMs = timestampMs;
  }

  /**
   * Adds a link's record.
   *
   * @return whether the buffer is now full (holds {@code maxRows} records or more)
   */
  public boolean add(String linkKey, T record) {
    keys.add(linkKey);
    records.add(record);
    identities.add(identity(linkKey, timestampMs.applyAsLong(record)));
    return keys.size() >= maxRows;
  }

  /** Whether a record of this link at this event time is buffered (a duplicate would be). */
  public boolean contains(String linkKey, long eventTimeMs) {
    return identities.contains(identity(linkKey, eventTimeMs));
  }

  /** The newest event time buffered for this link, {@code Long.MIN_VALUE} when none. */
  public long newestTimestamp(String linkKey) {
    long newest = Long.MIN_VALUE;
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(linkKey)) {
        newest = Math.max(newest, timestampMs.applyAsLong(records.get(i)));
      }
    }
    return newest;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public int size() {
    return keys.size();
  }

  /** Empties the buffer and returns its batches, wave by wave, in serving order. */
  public List<Batch<T>> drain() {
    Map<String, List<T>> byLink = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byLink.computeIfAbsent(keys.get(i), k -> new ArrayList<>(1)).add(records.get(i));
    }
    keys.clear();
    records.clear();
    identities.clear();
    for (List<T> linkRecords : byLink.values()) {
      if (linkRecords.size() > 1) {
        linkRecords.sort(Comparator.comparingLong(timestampMs));
      }
    }
    List<Batch<T>> batches = new ArrayList<>();
    for (int depth = 0; ; depth++) {
      List<String> waveKeys = new ArrayList<>();
      List<T> waveRecords = new ArrayList<>();
      for (Map.Entry<String, List<T>> entry : byLink.entrySet()) {
        if (entry.getValue().size() > depth) {
          waveKeys.add(entry.getKey());
          waveRecords.add(entry.getValue().get(depth));
        }
      }
      if (waveKeys.isEmpty()) {
        return batches;
      }
      for (int from = 0; from < waveKeys.size(); from += maxRows) {
        int to = Math.min(waveKeys.size(), from + maxRows);
        batches.add(new Batch<>(waveKeys.subList(from, to), waveRecords.subList(from, to)));
      }
    }
  }

  private static String identity(String linkKey, long eventTimeMs) {
    return linkKey + '@' + eventTimeMs;
  }
}
