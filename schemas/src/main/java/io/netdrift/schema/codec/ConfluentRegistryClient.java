package io.netdrift.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A schema-registry client over the Confluent-compatible REST API (Confluent Schema Registry,
 * Apicurio Registry's {@code /apis/ccompat/v7}, Karapace, Redpanda), on the JDK's HTTP client:
 * {@code POST /subjects/{subject}/versions} registers a writer schema and answers its id, {@code
 * GET /schemas/ids/{id}} answers the schema of an id.
 *
 * <p>Answers are cached for the life of the client (a registry never changes what an id means), so
 * a running job asks once per schema. After the registry failed to answer, calls for uncached
 * schemas fail at once for {@link #RETRY_AFTER} instead of waiting out a timeout per record: a
 * source then dead-letters the records that need those schemas quickly, with the first failure's
 * reason, while records of cached schemas keep flowing. Unknown ids are remembered for as long, so
 * a flood of records with a bogus id costs one request, not one each.
 *
 * <p>Thread-safe.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

  /** How long one request may take before the registry counts as unavailable. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How long calls fail fast after the registry did not answer, or named an id unknown. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Long> unknownIdsUntilNanos = new ConcurrentHashMap<>();
  private volatile long unavailableUntilNanos;
  private volatile SchemaRegistryException lastUnavailable;

  /**
   * A client of the Confluent-compatible API at {@code baseUrl}, e.g. {@code http://registry:8081}
   * (Confluent) or {@code http://registry:8080/apis/ccompat/v7} (Apicurio).
   */
  public ConfluentRegistryClient(String baseUrl) {
    checkUrl(baseUrl);
    this.baseUrl = baseUrl.strip().replaceAll("/+$", "");
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  }

  /**
   * Fails unless {@code baseUrl} is an http:// or https:// URL with a host (without making a
   * client, whose HTTP machinery starts a thread).
   */
  public static void checkUrl(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl.strip());
    } catch (URISyntaxException e) {
      uri = URI.create("invalid:/");
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "schema registry URL must be http:// or https:// with a host, was '" + baseUrl + "'");
    }
  }

  @Override
  public String location() {
    return baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) throws SchemaRegistryException {
    String key = subject + '\u0000' + schema;
    Integer cached = idsBySubjectAndSchema.get(key);
    if (cached != null) {
      return cached;
    }
    failFastWhileUnavailable();
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new IllegalStateException(e); // a map of one string always serialises
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl
                        + "/subjects/"
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                        + "/versions"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", CONTENT_TYPE)
            .header("Accept", CONTENT_TYPE + ", application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    String what = "registering " + schema.getFullName() + " under subject " + subject;
    JsonNode answer = call(request, what);
    JsonNode id = answer.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new SchemaRegistryException(
          Kind.REFUSED, what + " at " + baseUrl + ": answer without an id: " + answer, null);
    }
    idsBySubjectAndSchema.put(key, id.intValue());
    schemasById.putIfAbsent(id.intValue(), schema);
    return id.intValue();
  }

  @Override
  public Schema schemaById(int id) throws SchemaRegistryException {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Long unknownUntil = unknownIdsUntilNanos.get(id);
    if (unknownUntil != null && System.nanoTime() - unknownUntil < 0) {
      throw unknownId(id, null);
    }
    failFastWhileUnavailable();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", CONTENT_TYPE + ", application/json")
            .GET()
            .build();
    JsonNode answer;
    try {
      answer = call(request, "looking up schema id " + id);
    } catch (SchemaRegistryException e) {
      if (e.kind() == Kind.NOT_FOUND) {
        if (unknownIdsUntilNanos.size() > 10_000) {
          unknownIdsUntilNanos.clear(); // bounded whatever ids hostile records carry
        }
        unknownIdsUntilNanos.put(id, System.nanoTime() + RETRY_AFTER.toNanos());
        throw unknownId(id, e);
      }
      throw e;
    }
    JsonNode type = answer.get("schemaType");
    if (type != null && !type.isNull() && !type.asText().equals("AVRO")) {
      throw new SchemaRegistryException(
          Kind.REFUSED, "schema id " + id + " is a " + type.asText() + " schema, not Avro", null);
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(
          Kind.REFUSED, "schema id " + id + ": answer without a schema: " + answer, null);
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          Kind.REFUSED, "schema id " + id + " is not a valid Avro schema: " + e.getMessage(), e);
    }
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced == null ? schema : raced;
  }

  private SchemaRegistryException unknownId(int id, Throwable cause) {
    return new SchemaRegistryException(
        Kind.NOT_FOUND, "schema id " + id + " is unknown to the registry at " + baseUrl, cause);
  }

  private void failFastWhileUnavailable() throws SchemaRegistryException {
    SchemaRegistryException last = lastUnavailable;
    if (last != null && System.nanoTime() - unavailableUntilNanos < 0) {
      throw new SchemaRegistryException(
          Kind.UNAVAILABLE,
          last.getMessage() + " (not retried for up to " + RETRY_AFTER + ")",
          last);
    }
  }

  /** Sends a request; a 2xx answer's JSON, or the registry's error as an exception. */
  private JsonNode call(HttpRequest request, String what) throws SchemaRegistryException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unavailable(
          what
              + ": schema registry at "
              + baseUrl
              + " unreachable ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(what + ": interrupted", e);
    }
    int status = response.statusCode();
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (status / 100 == 2 && body != null && body.isObject()) {
      return body;
    }
    String detail =
        what
            + " at "
            + baseUrl
            + ": HTTP "
            + status
            + (body != null && body.hasNonNull("message")
                ? " " + body.get("message").asText()
                : " " + abbreviate(response.body()));
    if (status == 404) {
      throw new SchemaRegistryException(Kind.NOT_FOUND, detail, null);
    }
    if (status / 100 == 5 || status == 429 || status / 100 == 2) {
      throw unavailable(detail, null);
    }
    // 401/403 no access, 409 incompatible with earlier versions, 422 invalid schema, ...
    throw new SchemaRegistryException(Kind.REFUSED, detail, null);
  }

  private SchemaRegistryException unavailable(String message, Throwable cause) {
    SchemaRegistryException e = new SchemaRegistryException(Kind.UNAVAILABLE, message, cause);
    lastUnavailable = e;
    unavailableUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
    return e;
  }

  private static String abbreviate(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() > 200 ? t.substring(0, 197) + "..." : t;
  }
}
