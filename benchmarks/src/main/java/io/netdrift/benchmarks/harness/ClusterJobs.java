package io.netdrift.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/** A one-TaskManager MiniCluster and the life cycle of a job on it, as the benchmarks use them. */
public final class ClusterJobs {
  private ClusterJobs() {}

  /** A started MiniCluster: one TaskManager with {@code slots} slots, random ports. */
  public static MiniCluster start(int slots, Configuration configuration) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
    cluster.start();
    return cluster;
  }

  /** Waits until every task of the job is RUNNING; fails if the job ends or the time runs out. */
  public static void waitUntilAllTasksRun(MiniCluster cluster, JobID jobId, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      AccessExecutionGraph graph = cluster.getExecutionGraph(jobId).get();
      if (graph.getState().isGloballyTerminalState()) {
        throw new IllegalStateException(
            "job " + jobId + " ended while starting: " + graph.getState());
      }
      int vertices = 0;
      boolean allRunning = true;
      for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
        vertices++;
        allRunning &= vertex.getExecutionState() == ExecutionState.RUNNING;
      }
      if (vertices > 0 && allRunning) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("job " + jobId + " did not reach RUNNING within " + timeout);
  }

  /** Fails, with the job's own error as the cause, if the job has ended. */
  public static void failIfEnded(MiniCluster cluster, JobID jobId) throws Exception {
    JobStatus status = cluster.getJobStatus(jobId).get();
    if (status.isGloballyTerminalState()) {
      JobResult result = cluster.requestJobResult(jobId).get();
      throw new IllegalStateException(
          "job " + jobId + " ended early: " + status,
          result.getSerializedThrowable().map(t -> (Throwable) t).orElse(null));
    }
  }

  /** The job's completed checkpoints so far, oldest first (as many as the history keeps). */
  public static List<CompletedCheckpointStats> completedCheckpoints(
      MiniCluster cluster, JobID jobId) throws Exception {
    CheckpointStatsSnapshot snapshot =
        cluster.getExecutionGraph(jobId).get().getCheckpointStatsSnapshot();
    List<CompletedCheckpointStats> completed = new ArrayList<>();
    if (snapshot != null) {
      for (AbstractCheckpointStats stats : snapshot.getHistory().getCheckpoints()) {
        if (stats instanceof CompletedCheckpointStats done) {
          completed.add(done);
        }
      }
    }
    completed.sort((a, b) -> Long.compare(a.getCheckpointId(), b.getCheckpointId()));
    return completed;
  }
}
