package io.netdrift.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link JobConfig} from where users write it: CLI flags ({@code --checkpoint-interval-ms
 * 5000}, {@code --checkpointIntervalMs=5000}) and a flat YAML file of camelCase keys ({@code
 * --config FILE}), the flags winning. Knows the spellings, not the rules: every value goes through
 * {@link JobConfig.Builder#set}, which parses and checks it by its {@link ConfigParam}.
 */
final class JobConfigReader {
  private JobConfigReader() {}

  /**
   * Parses CLI arguments: {@code --config FILE} (YAML) first, then flags override it. Unknown flags
   * are an error.
   */
  static JobConfig fromArgs(String... args) {
    JobConfig.Builder builder = JobConfig.builder();
    List<String[]> flags = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new ConfigException(
            "unexpected argument '" + arg + "' (flags look like --key value)");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        if (i + 1 >= args.length) {
          throw new ConfigException(arg + " needs a value");
        }
        name = arg;
        value = args[++i];
      }
      if (name.equals("--config")) {
        builder.yaml(Path.of(value));
      } else {
        flags.add(new String[] {name, value});
      }
    }
    for (String[] flag : flags) {
      builder.set(paramForFlag(flag[0]), flag[1], "flag " + flag[0]);
    }
    return builder.build();
  }

  private static ConfigParam<?> paramForFlag(String flag) {
    for (ConfigParam<?> p : JobConfig.PARAMS) {
      if (p.flag().equals(flag) || ("--" + p.key()).equals(flag)) {
        return p;
      }
    }
    throw new ConfigException(
        "unknown option "
            + flag
            + "; known: "
            + String.join(" ", JobConfig.PARAMS.stream().map(ConfigParam::flag).toList()));
  }

  /** Reads a flat YAML map of camelCase keys into the builder (lists become comma-joined). */
  static void readYaml(JobConfig.Builder builder, Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": " + e.getMessage());
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file " + file + ": expected a map of keys to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      ConfigParam<?> param =
          JobConfig.PARAMS.stream()
              .filter(p -> p.key().equals(entry.getKey()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "config file " + file + ": unknown key '" + entry.getKey() + "'"));
      JsonNode node = entry.getValue();
      String raw;
      if (node.isArray()) {
        List<String> items = new ArrayList<>();
        node.forEach(n -> items.add(n.asText()));
        raw = String.join(",", items);
      } else {
        raw = node.asText();
      }
      builder.set(param, raw, "config file " + file);
    }
  }
}
