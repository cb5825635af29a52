package io.netdrift.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.network.DirectedLink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCatalogTest {

  static final NetworkCatalog CATALOG =
      NetworkCatalog.of(
          List.of(
              new DirectedLink("A-B", "A", "B"),
              new DirectedLink("A-B", "B", "A"),
              new DirectedLink("B-C", "B", "C"),
              new DirectedLink("B-C", "B", "C")));

  @Test
  void knowsExactlyTheGivenDirections() {
    assertThat(CATALOG.knowsDirectedLink("A-B", "A", "B")).isTrue();
    assertThat(CATALOG.knowsDirectedLink("A-B", "B", "A")).isTrue();
    assertThat(CATALOG.knowsDirectedLink("B-C", "B", "C")).isTrue();
    assertThat(CATALOG.knowsDirectedLink("B-C", "C", "B")).isFalse();
    assertThat(CATALOG.knowsDirectedLink("A-C", "A", "C")).isFalse();
    assertThat(CATALOG.knowsDirectedLink("B-C", "A", "B")).isFalse();
    assertThat(CATALOG.directedLinkCount()).as("duplicates count once").isEqualTo(3);
  }

  @Test
  void knowsLinkIdsAndTheEndPointsAsNodes() {
    assertThat(CATALOG.knowsLink("A-B")).isTrue();
    assertThat(CATALOG.knowsLink("B-C")).isTrue();
    assertThat(CATALOG.knowsLink("A-C")).isFalse();
    assertThat(CATALOG.knowsLink("A")).isFalse();
    assertThat(List.of("A", "B", "C")).allMatch(CATALOG::knowsNode);
    assertThat(CATALOG.knowsNode("D")).isFalse();
    assertThat(CATALOG.knowsNode("A-B")).isFalse();
  }

  @Test
  void anEmptyListIsRejected() {
    assertThatThrownBy(() -> NetworkCatalog.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }

  @Test
  void acceptingAllKnowsEverything() {
    NetworkCatalog all = NetworkCatalog.acceptingAll();
    assertThat(all.knowsDirectedLink("X", "Y", "Z")).isTrue();
    assertThat(all.knowsLink("anything")).isTrue();
    assertThat(all.knowsNode("anyone")).isTrue();
    assertThat(all.directedLinkCount()).isZero();
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    // Flink ships the catalog inside the validator to every task
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(CATALOG);
    }
    NetworkCatalog copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (NetworkCatalog) in.readObject();
    }
    assertThat(copy.knowsDirectedLink("A-B", "B", "A")).isTrue();
    assertThat(copy.knowsDirectedLink("B-C", "C", "B")).isFalse();
    assertThat(copy.knowsNode("C")).isTrue();
    assertThat(copy.directedLinkCount()).isEqualTo(3);
  }
}
