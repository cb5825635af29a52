package io.netdrift.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What needs no server; the calls themselves run against a real registry in an ITCase. */
class ConfluentRegistryClientTest {

  @Test
  void onlyHttpUrlsWithAHostAreAccepted() {
    for (String bad : new String[] {"", "registry:8081", "ftp://host/", "http://", "file:///x"}) {
      assertThatThrownBy(() -> new ConfluentRegistryClient(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("http:// or https://");
    }
    assertThat(new ConfluentRegistryClient("http://127.0.0.1:8080/apis/ccompat/v7/").location())
        .isEqualTo("http://127.0.0.1:8080/apis/ccompat/v7");
  }

  @Test
  void aRegistryThatIsNotListeningIsUnavailableThenFailsFast() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ConfluentRegistryClient client = new ConfluentRegistryClient("http://127.0.0.1:" + port);

    assertThatThrownBy(() -> client.schemaById(1))
        .asInstanceOf(type(SchemaRegistryException.class))
        .satisfies(e -> assertThat(e.getMessage()).contains("schema id 1", "unreachable"))
        .extracting(SchemaRegistryException::kind)
        .isEqualTo(Kind.UNAVAILABLE);
    // within RETRY_AFTER no new request: the first failure is repeated, and says so
    assertThatThrownBy(() -> client.register("t-value", LinkTelemetry.getClassSchema()))
        .asInstanceOf(type(SchemaRegistryException.class))
        .satisfies(e -> assertThat(e.getMessage()).contains("unreachable", "not retried"))
        .extracting(SchemaRegistryException::kind)
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void valueFormatsValidateTheirUrlAndSayWhatTheyAre() {
    assertThat(ValueFormat.singleObject().codec(LinkTelemetry.class, "t"))
        .isInstanceOf(AvroCodec.class);
    assertThat(ValueFormat.registry("http://127.0.0.1:1").codec(LinkTelemetry.class, "t"))
        .isInstanceOf(RegistryAvroCodec.class);
    assertThat(ValueFormat.registry("http://r:8081").toString())
        .isEqualTo("registry (http://r:8081)");
    assertThatThrownBy(() -> ValueFormat.registry("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ValueFormat("json", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("single-object or registry");
  }
}
