package io.netdrift.debug;

import io.netdrift.core.adaptation.HoldoutEvaluation;
import io.netdrift.core.adaptation.LinkSamples;
import io.netdrift.core.forecast.PersistenceForecaster;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.reference.ReferenceForecaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugHoldoutTest {
  @Test
  void debug() throws Exception {
    ModelDirectory dir = ModelDirectory.open(Path.of("/tmp/base-cfc"));
    List<String> lines = Files.readAllLines(Path.of("/tmp/sim/link_load.csv"));
    LinkSamples s = new LinkSamples(1000);
    String key = null;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      String k = f[1] + ":" + f[2] + ">" + f[3];
      if (key == null) key = k;
      if (!k.equals(key)) continue;
      s.append(java.time.Instant.parse(f[0]).toEpochMilli(), Float.parseFloat(f[4]), 20800f);
      if (s.size() >= 120) break;
    }
    System.out.println("link " + key + " n=" + s.size() + " first " + s.loadMbps(0));
    var ref = new ReferenceForecaster(dir.metadata().config(), dir.weights(), 1);
    System.out.println("cfc " + HoldoutEvaluation.rmseMbps(ref, List.of(s), 20, 900_000L));
    System.out.println(
        "pers "
            + HoldoutEvaluation.rmseMbps(new PersistenceForecaster(), List.of(s), 20, 900_000L));
  }
}
