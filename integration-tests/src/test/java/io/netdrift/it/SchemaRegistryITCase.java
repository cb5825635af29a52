package io.netdrift.it;

import static io.netdrift.it.KafkaTopicsSupport.readCommitted;
import static io.netdrift.it.KafkaTopicsSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.schema.codec.ConfluentRegistryClient;
import io.netdrift.schema.codec.RegistryAvroCodec;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with {@code valueFormat registry} against a real schema registry: Apicurio Registry
 * (unpacked by Maven in pre-integration-test), started here as a child process on loopback with
 * in-memory storage, spoken to through its Confluent-compatible API, as Kafka teams' serializers
 * do. The producer and the consumer below write and read the wire format by hand (magic byte 0,
 * big-endian schema id, Avro body; schemas registered and fetched over plain HTTP), so they check
 * the job's codec rather than share it.
 */
class SchemaRegistryITCase {
  private static final long STEP_MS = 900_000;
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z
  private static final int STEPS = 16;
  private static final String[][] LINKS = {
    {"A-B", "A", "B"},
    {"A-B", "B", "A"},
    {"B-C", "B", "C"},
    {"B-C", "C", "B"},
    {"A-C", "A", "C"},
    {"A-C", "C", "A"}
  };

  /** LinkTelemetry as a producer still on the first version writes it: no {@code status}. */
  private static final Schema TELEMETRY_V1 = withoutField(LinkTelemetry.getClassSchema(), "status");

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static EmbeddedKafka kafka;
  private static Process registry;
  private static String registryUrl;

  @BeforeAll
  static void startKafkaAndTheRegistry() throws Exception {
    kafka = EmbeddedKafka.start();
    registry = startRegistry();
  }

  @AfterAll
  static void stopKafkaAndTheRegistry() throws Exception {
    try {
      stopRegistry();
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  @Test
  void theJobReadsAndWritesTheWireFormatAndDeadLettersWhatItCannotRead(@TempDir Path dir)
      throws Exception {
    String suffix = "registry-" + UUID.randomUUID().toString().substring(0, 8);
    Path topology = dir.resolve("topology.csv");
    Files.writeString(
        topology,
        "link_id,src,dst,capacity_mbps,weight\nA-B,A,B,1000,1\nB-C,B,C,1000,1\nA-C,A,C,1000,1\n");
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(
            kafka,
            suffix,
            STEP_MS,
            "--topology",
            topology.toString(),
            "--value-format",
            "registry",
            "--schema-registry-url",
            registryUrl);
    String telemetryTopic = config.get(JobConfig.TELEMETRY_TOPIC);
    String trafficTopic = config.get(JobConfig.TRAFFIC_TOPIC);
    String eventsTopic = config.get(JobConfig.NETWORK_EVENTS_TOPIC);

    // producers on two versions of the telemetry schema: ids from the registry, values by hand
    int telemetryV1 = register(telemetryTopic + "-value", TELEMETRY_V1);
    int telemetryV2 = register(telemetryTopic + "-value", LinkTelemetry.getClassSchema());
    int traffic = register(trafficTopic + "-value", TrafficSample.getClassSchema());
    int events = register(eventsTopic + "-value", NetworkEvent.getClassSchema());
    assertThat(List.of(telemetryV1, telemetryV2, traffic, events)).doesNotHaveDuplicates();

    Map<String, byte[]> malformed = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopicsSupport.producer(kafka.bootstrapServers())) {
      for (int step = 0; step < STEPS; step++) {
        long ts = START_MS + step * STEP_MS;
        for (int i = 0; i < LINKS.length; i++) {
          String[] link = LINKS[i];
          double load = 400 + 100 * Math.sin(step / 3.0) + link[1].charAt(0);
          // the first three directions from a producer still on version 1 of the schema
          byte[] value =
              i < 3
                  ? wireFormat(telemetryV1, TELEMETRY_V1, telemetryV1(link, ts, load))
                  : wireFormat(
                      telemetryV2, LinkTelemetry.getClassSchema(), telemetry(link, ts, load));
          send(producer, telemetryTopic, link[0] + ":" + link[1] + ">" + link[2], value);
        }
        send(
            producer,
            trafficTopic,
            "A>C",
            wireFormat(
                traffic, TrafficSample.getClassSchema(), new TrafficSample(ts, "A", "C", 50.0)));
        if (step == 6) {
          malformed.put(
              "UNDECODABLE", AvroCodec.of(LinkTelemetry.class).encode(telemetry(LINKS[0], ts, 1)));
          malformed.put(
              "WRONG_SCHEMA unknown id",
              wireFormat(987_654, LinkTelemetry.getClassSchema(), telemetry(LINKS[0], ts, 1)));
          malformed.put(
              "WRONG_SCHEMA another type",
              wireFormat(
                  traffic, TrafficSample.getClassSchema(), new TrafficSample(ts, "A", "B", 1.0)));
          malformed.forEach((what, value) -> send(producer, telemetryTopic, what, value));
        }
        if (step == 8) {
          send(
              producer,
              eventsTopic,
              "A-C",
              wireFormat(
                  events,
                  NetworkEvent.getClassSchema(),
                  NetworkEvent.newBuilder()
                      .setEventId("failure-1")
                      .setTimestampMs(ts)
                      .setType(NetworkEventType.LINK_DOWN)
                      .setElement("A-C")
                      .setAffectedLinks(
                          List.of(
                              new AffectedLink("A-B", "A", "B", 400.0, 800.0),
                              new AffectedLink("B-C", "B", "C", 400.0, 800.0)))
                      .build()));
        }
      }
      producer.flush();
    }

    JobClient job = JobRunSupport.start(config, null, "netdrift-registry-it");
    int lanes = config.lanes().size();
    String predictionsTopic = config.get(JobConfig.PREDICTIONS_TOPIC);
    JobRunSupport.awaitCommittedPredictions(
        kafka.bootstrapServers(), predictionsTopic, (STEPS - 2) * LINKS.length * lanes);
    JobRunSupport.drain(job, dir);

    // a consumer in the wire format: each value names its schema id, fetched from the registry
    Map<Integer, Schema> fetched = new HashMap<>();
    List<GenericRecord> predictions = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        readCommitted(kafka.bootstrapServers(), predictionsTopic)) {
      predictions.add(readWireFormat(r.value(), fetched));
    }
    assertThat(fetched.keySet())
        .as("the one schema id the job registered under %s-value", predictionsTopic)
        .containsExactly(latestId(predictionsTopic + "-value"));
    assertThat(fetched.values()).containsExactly(LoadPrediction.getClassSchema());
    Map<String, Long> perLinkStepLane =
        predictions.stream()
            .collect(
                Collectors.groupingBy(
                    p ->
                        p.get("linkId")
                            + ":"
                            + p.get("srcNode")
                            + ">"
                            + p.get("dstNode")
                            + "@"
                            + p.get("eventTimeMs")
                            + "/"
                            + p.get("strategy"),
                    Collectors.counting()));
    List<String> expected = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      for (String[] link : LINKS) {
        for (String lane : config.get(JobConfig.STRATEGIES)) {
          expected.add(
              link[0]
                  + ":"
                  + link[1]
                  + ">"
                  + link[2]
                  + "@"
                  + (START_MS + step * STEP_MS)
                  + "/"
                  + lane);
        }
      }
    }
    assertThat(perLinkStepLane.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(perLinkStepLane).allSatisfy((k, count) -> assertThat(count).as(k).isEqualTo(1));
    assertThat(predictions)
        .allSatisfy(p -> assertThat((double) p.get("valueMbps")).isFinite().isPositive());

    // adaptation events in the wire format too: the failure read from network-events marked the
    // directions its announced detour uses
    List<String> marked = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        readCommitted(kafka.bootstrapServers(), config.get(JobConfig.ADAPTATION_EVENTS_TOPIC))) {
      GenericRecord event = readWireFormat(r.value(), fetched);
      if ("network-event".equals(String.valueOf(event.get("detector")))) {
        marked.add(event.get("linkId") + ":" + event.get("srcNode") + ">" + event.get("dstNode"));
      }
    }
    assertThat(marked).contains("A-B:A>B", "B-C:B>C");

    // dead letters stay single-object encoded and keep the bytes as they came, with the reason
    List<DeadLetter> deadLetters =
        JobRunSupport.readDeadLetters(
            kafka.bootstrapServers(), config.get(JobConfig.DEAD_LETTERS_TOPIC));
    Map<String, DeadLetter> byKey =
        deadLetters.stream()
            .collect(Collectors.toMap(d -> new String(bytes(d.getRawKey())), d -> d, (a, b) -> a));
    assertThat(deadLetters).hasSize(malformed.size());
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(malformed.keySet());
    byKey.forEach(
        (key, letter) -> {
          assertThat(bytes(letter.getRawValue())).as(key).isEqualTo(malformed.get(key));
          assertThat(key).startsWith(letter.getReasonCode());
          assertThat(letter.getSourceTopic()).isEqualTo(telemetryTopic);
        });
    assertThat(byKey.get("UNDECODABLE").getReason()).contains("single-object");
    assertThat(byKey.get("WRONG_SCHEMA unknown id").getReason())
        .contains("schema id 987654 is unknown to the registry at " + registryUrl);
    assertThat(byKey.get("WRONG_SCHEMA another type").getReason())
        .contains("io.netdrift.schema.TrafficSample", "cannot be read as LinkTelemetry");
  }

  @Test
  void theClientRegistersOnceLooksUpByIdAndReportsWhatTheRegistryRefuses() throws Exception {
    String subject = "client-" + UUID.randomUUID() + "-value";
    ConfluentRegistryClient client = new ConfluentRegistryClient(registryUrl);

    int id = client.register(subject, LinkTelemetry.getClassSchema());

    assertThat(
            new ConfluentRegistryClient(registryUrl)
                .register(subject, LinkTelemetry.getClassSchema()))
        .as("the same schema again: the same id")
        .isEqualTo(id);
    assertThat(new ConfluentRegistryClient(registryUrl).schemaById(id))
        .isEqualTo(LinkTelemetry.getClassSchema());
    assertThat(latestId(subject)).isEqualTo(id);
    assertThatThrownBy(() -> client.schemaById(999_999))
        .isInstanceOf(SchemaRegistryException.class)
        .extracting(e -> ((SchemaRegistryException) e).kind())
        .isEqualTo(Kind.NOT_FOUND);

    // with a compatibility rule on the subject, a schema that breaks it is refused, with why
    put("/config/" + subject, "{\"compatibility\": \"BACKWARD\"}");
    Schema breaking =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "LinkTelemetry", "namespace": "io.netdrift.schema",
                 "fields": [{"name": "mandatoryNewField", "type": "string"}]}
                """);
    assertThatThrownBy(() -> client.register(subject, breaking))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 409")
        .extracting(e -> ((SchemaRegistryException) e).kind())
        .isEqualTo(Kind.REFUSED);

    // the job's codec through the real registry: what it writes, a fresh reader reads
    String topic = "codec-" + UUID.randomUUID();
    LinkTelemetry record = telemetry(LINKS[2], START_MS, 123.5);
    byte[] value =
        new RegistryAvroCodec<>(
                LinkTelemetry.class, topic, new ConfluentRegistryClient(registryUrl))
            .encode(record);
    assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(latestId(topic + "-value"));
    assertThat(
            new RegistryAvroCodec<>(
                    LinkTelemetry.class, "elsewhere", new ConfluentRegistryClient(registryUrl))
                .decode(value))
        .isEqualTo(record);
  }

  // --- the registry process ---

  private static Process startRegistry() throws Exception {
    String where = System.getProperty("netdrift.it.schemaRegistryDir");
    String version = System.getProperty("netdrift.it.schemaRegistryVersion");
    if (where == null || version == null) {
      throw new IllegalStateException(
          "run through Maven (failsafe): the integration-tests pom unpacks Apicurio Registry in"
              + " pre-integration-test and names it in netdrift.it.schemaRegistryDir");
    }
    Path home = Path.of(where);
    Path jar = home.resolve("apicurio-registry-app-" + version + "-runner.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " missing: run mvn verify on integration-tests");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = home.getParent().resolve("apicurio-registry-" + port + ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.enabled=false",
                "-jar",
                jar.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    registry = process;
    // the registry must not outlive this JVM even if @AfterAll never runs (a killed fork)
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    registryUrl = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Apicurio Registry exited with " + process.exitValue() + "; its log: " + log);
      }
      try {
        if (get("/subjects").statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Apicurio Registry not ready after 90 s; its log: " + log);
      }
      Thread.sleep(250);
    }
  }

  private static void stopRegistry() throws InterruptedException {
    if (registry == null) {
      return;
    }
    ProcessHandle handle = registry.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    if (!registry.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      handle.destroyForcibly();
      registry.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  // --- a client of the wire format written by hand, as another team's would be ---

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(registryUrl + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode put(String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(registryUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int register(String subject, Schema schema) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject + "/versions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("schema", schema.toString()))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("id").asInt();
  }

  private static int latestId(String subject) throws Exception {
    HttpResponse<String> response = get("/subjects/" + subject + "/versions/latest");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("id").asInt();
  }

  private static Schema fetchSchema(int id) throws Exception {
    HttpResponse<String> response = get("/schemas/ids/" + id);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new Schema.Parser().parse(JSON.readTree(response.body()).get("schema").asText());
  }

  /** Magic byte 0, the schema id big-endian, the Avro binary body. */
  private static byte[] wireFormat(int id, Schema schema, Object record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      // the specific writer takes generated classes (Java enums) and generic records alike
      new SpecificDatumWriter<Object>(schema).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GenericRecord readWireFormat(byte[] value, Map<Integer, Schema> fetched)
      throws Exception {
    ByteBuffer buffer = ByteBuffer.wrap(value);
    assertThat(buffer.get()).as("magic byte").isEqualTo((byte) 0);
    int id = buffer.getInt();
    Schema schema = fetched.get(id);
    if (schema == null) {
      schema = fetchSchema(id);
      fetched.put(id, schema);
    }
    return new GenericDatumReader<GenericRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
  }

  private static Schema withoutField(Schema record, String name) {
    return Schema.createRecord(
        record.getName(),
        record.getDoc(),
        record.getNamespace(),
        false,
        record.getFields().stream()
            .filter(f -> !f.name().equals(name))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList());
  }

  private static GenericRecord telemetryV1(String[] link, long ts, double load) {
    GenericRecord record = new GenericData.Record(TELEMETRY_V1);
    record.put("linkId", link[0]);
    record.put("srcNode", link[1]);
    record.put("dstNode", link[2]);
    record.put("timestampMs", ts);
    record.put("loadMbps", load);
    record.put("capacityMbps", 1000.0);
    return record;
  }

  private static LinkTelemetry telemetry(String[] link, long ts, double load) {
    return LinkTelemetry.newBuilder()
        .setLinkId(link[0])
        .setSrcNode(link[1])
        .setDstNode(link[2])
        .setTimestampMs(ts)
        .setLoadMbps(load)
        .setCapacityMbps(1000)
        .setStatus(LinkStatus.UP)
        .build();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
