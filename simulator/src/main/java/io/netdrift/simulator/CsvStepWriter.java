package io.netdrift.simulator;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.network.Topology;
import io.netdrift.core.network.TopologyCsv;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link SimulationStep}s as CSV files into a directory:
 *
 * <ul>
 *   <li>{@code link_load.csv}: {@code timestamp,link_id,src,dst,load_mbps,expected_load_mbps}, one
 *       row per link direction per step ({@code src,dst} give the direction; a failed direction has
 *       load 0);
 *   <li>{@code link_status.csv}: {@code timestamp,link_id,src,dst,capacity_mbps,status}, one row
 *       per link direction per step;
 *   <li>{@code traffic.csv}: {@code timestamp,src,dst,mbps}, the offered demand (same format as a
 *       replay file; pairs with zero demand are omitted);
 *   <li>{@code events.csv}: {@code
 *       timestamp,event_id,type,element,link_id,src,dst,load_before_mbps,load_after_mbps,dropped_demand_mbps},
 *       one row per affected link direction of each network event (an event that changes no load
 *       has one row with empty link fields);
 *   <li>{@code dropped.csv}: {@code timestamp,src,dst,mbps}, offered demand that had no path
 *       (written by {@link #write(SimulationStep, List)});
 *   <li>{@code topology.csv}: the topology with the capacities used (derived ones included).
 * </ul>
 *
 * Timestamps are ISO-8601 UTC. Everything goes to temporary files in the directory that replace the
 * final names only on {@link #commit()}, so a failed run never leaves half-written files; {@link
 * #close()} without commit deletes them.
 */
public final class CsvStepWriter implements AutoCloseable {

  /** Header of {@code link_load.csv}. */
  public static final String LINK_LOAD_HEADER =
      "timestamp,link_id,src,dst,load_mbps,expected_load_mbps";

  private final Path directory;
  private final List<Path> temporaryFiles = new ArrayList<>();
  private final List<Path> finalFiles = new ArrayList<>();
  private final BufferedWriter linkLoad;
  private final BufferedWriter linkStatus;
  private final BufferedWriter traffic;
  private final BufferedWriter events;
  private final BufferedWriter dropped;
  private boolean committed;
  private long steps;

  /** Opens the writer; the directory is created when missing. */
  public CsvStepWriter(Path directory, Topology topology) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
      linkLoad = open("link_load.csv", LINK_LOAD_HEADER);
      linkStatus = open("link_status.csv", "timestamp,link_id,src,dst,capacity_mbps,status");
      traffic = open("traffic.csv", "timestamp,src,dst,mbps");
      events =
          open(
              "events.csv",
              "timestamp,event_id,type,element,link_id,src,dst,load_before_mbps,load_after_mbps,dropped_demand_mbps");
      dropped = open("dropped.csv", "timestamp,src,dst,mbps");
      BufferedWriter topologyFile = open("topology.csv", null);
      topologyFile.write(TopologyCsv.toCsv(topology));
      topologyFile.close();
    } catch (IOException e) {
      deleteTemporaryFiles();
      throw new UncheckedIOException("cannot write to " + directory + ": " + e.getMessage(), e);
    }
  }

  private BufferedWriter open(String name, String header) throws IOException {
    Path target = directory.resolve(name);
    Path temporary = Files.createTempFile(directory, "." + name + ".", ".tmp");
    temporaryFiles.add(temporary);
    finalFiles.add(target);
    BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
    if (header != null) {
      writer.write(header);
      writer.write('\n');
    }
    return writer;
  }

  /** Appends one step and the demands it dropped ({@link NetworkSimulator#droppedDemands()}). */
  public void write(SimulationStep step, List<TrafficSample> droppedDemands) {
    write(step);
    try {
      writeSamples(dropped, droppedDemands);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void writeSamples(BufferedWriter writer, List<TrafficSample> samples)
      throws IOException {
    for (TrafficSample sample : samples) {
      writer.write(
          Instant.ofEpochMilli(sample.getTimestampMs())
              + ","
              + sample.getSrcNode()
              + ','
              + sample.getDstNode()
              + ','
              + sample.getDemandMbps()
              + '\n');
    }
  }

  /** Appends one step. */
  public void write(SimulationStep step) {
    String timestamp = Instant.ofEpochMilli(step.timestampMs()).toString();
    try {
      for (LinkTelemetry telemetry : step.telemetry()) {
        String key =
            DirectedLink.key(telemetry.getLinkId(), telemetry.getSrcNode(), telemetry.getDstNode());
        Double expected = step.expectedLoadMbps().get(key);
        String prefix =
            timestamp
                + ','
                + telemetry.getLinkId()
                + ','
                + telemetry.getSrcNode()
                + ','
                + telemetry.getDstNode()
                + ',';
        linkLoad.write(
            prefix
                + telemetry.getLoadMbps()
                + ','
                + (expected == null ? "" : expected.toString())
                + '\n');
        linkStatus.write(prefix + telemetry.getCapacityMbps() + ',' + telemetry.getStatus() + '\n');
      }
      writeSamples(traffic, step.traffic());
      for (NetworkEvent event : step.events()) {
        String prefix =
            Instant.ofEpochMilli(event.getTimestampMs())
                + ","
                + event.getEventId()
                + ','
                + event.getType()
                + ','
                + event.getElement()
                + ',';
        if (event.getAffectedLinks().isEmpty()) {
          events.write(prefix + ",,,,," + event.getDroppedDemandMbps() + '\n');
        }
        for (AffectedLink affected : event.getAffectedLinks()) {
          events.write(
              prefix
                  + affected.getLinkId()
                  + ','
                  + affected.getSrcNode()
                  + ','
                  + affected.getDstNode()
                  + ','
                  + format(affected.getLoadBeforeMbps())
                  + ','
                  + format(affected.getLoadAfterMbps())
                  + ','
                  + event.getDroppedDemandMbps()
                  + '\n');
        }
      }
      steps++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory + ": " + e.getMessage(), e);
    }
  }

  private static String format(Double value) {
    return value == null ? "" : value.toString();
  }

  public long steps() {
    return steps;
  }

  /** Closes the files and moves them to their final names. */
  public void commit() {
    try {
      linkLoad.close();
      linkStatus.close();
      traffic.close();
      events.close();
      dropped.close();
      for (int i = 0; i < temporaryFiles.size(); i++) {
        Path temporary = temporaryFiles.get(i);
        try {
          Files.move(
              temporary,
              finalFiles.get(i),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
          Files.move(temporary, finalFiles.get(i), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Abandons an uncommitted output: nothing of it stays. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    for (BufferedWriter writer :
        new BufferedWriter[] {linkLoad, linkStatus, traffic, events, dropped}) {
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // Best effort: the files are deleted next.
      }
    }
    deleteTemporaryFiles();
  }

  private void deleteTemporaryFiles() {
    for (Path temporary : temporaryFiles) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // Nothing more can be done; the name starts with a dot and ends in .tmp.
      }
    }
  }
}
