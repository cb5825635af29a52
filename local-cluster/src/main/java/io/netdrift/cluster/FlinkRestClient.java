package io.netdrift.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The part of Flink's REST API (the one behind the dashboard and {@code flink run}) that running
 * netdrift on a session cluster needs: upload and run the job jar, follow a job, its checkpoints
 * and failures, stop it with a savepoint, list the TaskManagers. Errors carry Flink's own message.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  public FlinkRestClient(String hostAndPort) {
    this.base = URI.create("http://" + hostAndPort + "/");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI address() {
    return base;
  }

  /** The cluster overview ({@code /overview}), or null while the REST endpoint does not answer. */
  public JsonNode overviewOrNull() {
    try {
      return get("overview");
    } catch (IOException e) {
      return null;
    }
  }

  /** The ids of the registered TaskManagers. */
  public List<String> taskManagerIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode tm : get("taskmanagers").path("taskmanagers")) {
      ids.add(tm.path("id").asText());
    }
    return ids;
  }

  /** How many slots each registered TaskManager has in use, by its resource id. */
  public Map<String, Integer> usedSlots() throws IOException {
    Map<String, Integer> used = new TreeMap<>();
    for (JsonNode tm : get("taskmanagers").path("taskmanagers")) {
      used.put(
          tm.path("id").asText(), tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt());
    }
    return used;
  }

  /** Uploads a job jar ({@code POST /jars/upload}); returns its id on the cluster. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "netdrift-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(jar));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("jars/upload"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    String filename = send(request).path("filename").asText();
    if (filename.isEmpty()) {
      throw new IOException("Flink accepted the upload of " + jar + " but named no file");
    }
    return Path.of(filename).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's main class with these arguments ({@code POST /jars/<id>/run}), restored
   * from {@code savepoint} unless it is null; returns the job id.
   */
  public String runJar(String jarId, List<String> args, String savepoint) throws IOException {
    ObjectNode request = JSON.createObjectNode();
    var programArgs = request.putArray("programArgsList");
    args.forEach(programArgs::add);
    if (savepoint != null) {
      request.put("savepointPath", savepoint);
      request.put("allowNonRestoredState", false);
    }
    JsonNode answer = post("jars/" + jarId + "/run", request, Duration.ofMinutes(3));
    String jobId = answer.path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IOException("Flink ran jar " + jarId + " but returned no job id: " + answer);
    }
    return jobId;
  }

  /** A job's state ({@code RUNNING}, {@code RESTARTING}, {@code FINISHED}, ...). */
  public String jobState(String jobId) throws IOException {
    return get("jobs/" + jobId).path("state").asText();
  }

  /** The ids of the jobs in any of these states. */
  public List<String> jobs(String... states) throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode job : get("jobs").path("jobs")) {
      for (String s : states) {
        if (s.equals(job.path("status").asText())) {
          ids.add(job.path("id").asText());
        }
      }
    }
    return ids;
  }

  /** Whether every task of the job runs (the job state alone says RUNNING while tasks deploy). */
  public boolean allTasksRunning(String jobId) throws IOException {
    JsonNode job = get("jobs/" + jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      if (!"RUNNING".equals(vertex.path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  /** Completed checkpoints of the job so far (including savepoints). */
  public long completedCheckpoints(String jobId) throws IOException {
    return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  /**
   * The id of the checkpoint (or savepoint) the job last restored from after a failure or at its
   * start, or -1 if it never restored.
   */
  public long restoredCheckpointId(String jobId) throws IOException {
    JsonNode restored = get("jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    return restored.isMissingNode() || restored.isNull() ? -1 : restored.path("id").asLong(-1);
  }

  /** The job's failures that led to a restart, newest first: each one's exception text. */
  public List<String> failures(String jobId) throws IOException {
    List<String> failures = new ArrayList<>();
    for (JsonNode entry :
        get("jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
      failures.add(entry.path("exceptionName").asText() + ": " + entry.path("stacktrace").asText());
    }
    return failures;
  }

  /**
   * stop-with-savepoint ({@code POST /jobs/<id>/stop}): with {@code drain}, the final watermark
   * first releases every waiting record. Waits for the savepoint and returns its path.
   */
  public String stopWithSavepoint(
      String jobId, String targetDirectory, boolean drain, Duration timeout) throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request.put("targetDirectory", targetDirectory);
    request.put("drain", drain);
    request.put("formatType", "CANONICAL");
    String trigger =
        post("jobs/" + jobId + "/stop", request, Duration.ofSeconds(30))
            .path("request-id")
            .asText();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = get("jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException(
              "stop-with-savepoint of job "
                  + jobId
                  + " failed: "
                  + operation.path("failure-cause").path("stack-trace").asText());
        }
        return operation.path("location").asText();
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IOException(
        "stop-with-savepoint of job " + jobId + " did not complete within " + timeout);
  }

  /** Cancels a job ({@code PATCH /jobs/<id>?mode=cancel}). */
  public void cancel(String jobId) throws IOException {
    send(
        HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel"))
            .timeout(Duration.ofSeconds(30))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** A GET of this REST path (relative to the cluster's address), parsed. */
  public JsonNode get(String path) throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private JsonNode post(String path, JsonNode body, Duration timeout) throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build());
  }

  private JsonNode send(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("no Flink REST endpoint answers at " + base + " (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + request.uri(), e);
    }
    String body = response.body();
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + errorsOf(body));
    }
    return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
  }

  /** Flink's {@code {"errors": [...]}} as text (its first lines), or the body as it is. */
  private static String errorsOf(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        List<String> lines = new ArrayList<>();
        errors.forEach(e -> lines.add(e.asText()));
        String text = String.join("\n", lines);
        return text.length() > 4000 ? text.substring(0, 4000) + " ..." : text;
      }
    } catch (IOException ignored) {
      // not JSON: the body as it is
    }
    return body;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
