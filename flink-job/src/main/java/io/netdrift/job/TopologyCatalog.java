package io.netdrift.job;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.validation.NetworkCatalog;
import io.netdrift.job.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Resolves the {@code topology} setting into the {@link NetworkCatalog} input is checked against. */
final class TopologyCatalog {
  private TopologyCatalog() {}

  static NetworkCatalog load(String topology) {
    if (topology.equals("none")) {
      return NetworkCatalog.acceptingAll();
    }
    Path file = Path.of(topology);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("topology: no such file '" + topology + "' (or use 'none')");
    }
    try {
      List<String> lines = Files.readAllLines(file);
      List<String> header = Arrays.asList(lines.get(0).trim().split(","));
      int id = header.indexOf("link_id");
      int src = header.indexOf("src");
      int dst = header.indexOf("dst");
      int directed = header.indexOf("directed");
      if (id < 0 || src < 0 || dst < 0) {
        throw new ConfigException("topology " + file + ": header needs link_id,src,dst, was " + lines.get(0));
      }
      List<DirectedLink> links = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        String[] cols = lines.get(i).split(",", -1);
        links.add(new DirectedLink(cols[id].trim(), cols[src].trim(), cols[dst].trim()));
        if (directed < 0 || !Boolean.parseBoolean(cols[directed].trim())) {
          links.add(new DirectedLink(cols[id].trim(), cols[dst].trim(), cols[src].trim()));
        }
      }
      return NetworkCatalog.of(links);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException("topology " + file + ": " + e.getMessage());
    }
  }
}
