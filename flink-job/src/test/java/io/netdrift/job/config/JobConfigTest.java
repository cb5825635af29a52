package io.netdrift.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.forecast.ForecasterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobConfigTest {

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aKeyCountsAsGivenInEverySpellingAndFromTheFileButNotFromCode() throws Exception {
    ConfigParam<Long> interval = JobConfig.CHECKPOINT_INTERVAL_MS;
    assertThat(JobConfig.defaults().givenByUser(interval)).isFalse();
    assertThat(JobConfig.fromArgs("--checkpoint-interval-ms", "3000").givenByUser(interval))
        .isTrue();
    assertThat(JobConfig.fromArgs("--checkpointIntervalMs=3000").givenByUser(interval)).isTrue();
    assertThat(JobConfig.fromArgs("--checkpoint-interval-ms=5000").givenByUser(interval))
        .as("given, even at the default value")
        .isTrue();
    Path file = yaml("checkpointIntervalMs: 4000\n");
    JobConfig fromFile = JobConfig.fromArgs("--config", file.toString());
    assertThat(fromFile.givenByUser(interval)).isTrue();
    assertThat(fromFile.with(JobConfig.PARALLELISM, 2).givenByUser(interval))
        .as("kept by with()")
        .isTrue();
    assertThat(JobConfig.defaults().with(interval, 3000L).givenByUser(interval))
        .as("set in code")
        .isFalse();
  }

  @Test
  void defaultsHaveEveryKey() {
    JobConfig config = JobConfig.defaults();

    for (ConfigParam<?> param : JobConfig.PARAMS) {
      assertThat((Object) config.get(param)).as(param.key()).isEqualTo(param.defaultValue());
    }
    assertThat(config.get(JobConfig.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
    assertThat(config.get(JobConfig.CHECKPOINT_INTERVAL_MS)).isEqualTo(5_000L);
    assertThat(config.get(JobConfig.TRANSACTION_TIMEOUT_MS)).isEqualTo(600_000L);
    assertThat(config.get(JobConfig.MAX_UTILISATION)).isEqualTo(1.5);
    assertThat(config.get(JobConfig.STRATEGIES)).containsExactly("persistence", "seasonal-naive");
    assertThat(config.topic(JobConfig.Topic.TELEMETRY)).isEqualTo("link-telemetry");
    assertThat(config.topic(JobConfig.Topic.DEAD_LETTERS)).isEqualTo("dead-letters");
    assertThat(config.lanes())
        .containsExactly(
            ForecasterSpec.baseline("persistence", 96),
            ForecasterSpec.baseline("seasonal-naive", 96));
    assertThat(JobConfig.fromArgs().toString()).isEqualTo(config.toString());
  }

  @Test
  void flagsAreTheKebabCaseOfTheKeys() {
    assertThat(JobConfig.CHECKPOINT_INTERVAL_MS.flag()).isEqualTo("--checkpoint-interval-ms");
    assertThat(JobConfig.MAX_OUT_OF_ORDERNESS_MS.flag()).isEqualTo("--max-out-of-orderness-ms");
    assertThat(JobConfig.PARALLELISM.flag()).isEqualTo("--parallelism");
    assertThat(JobConfig.PARAMS).extracting(ConfigParam::flag).doesNotHaveDuplicates();
    assertThat(JobConfig.PARAMS).extracting(ConfigParam::key).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--checkpoint-interval-ms|2000",
        "--checkpointIntervalMs|2000",
        "--checkpoint-interval-ms=2000",
        "--checkpointIntervalMs=2000"
      })
  void kebabAndCamelFlagsWithOrWithoutEquals(String args) {
    JobConfig config = JobConfig.fromArgs(args.split("\\|"));
    assertThat(config.get(JobConfig.CHECKPOINT_INTERVAL_MS)).isEqualTo(2_000L);
  }

  @Test
  void flagsOfEveryTypeAreParsed() {
    JobConfig config =
        JobConfig.fromArgs(
            "--bootstrap-servers=broker:9093",
            "--parallelism",
            "4",
            "--max-utilisation",
            "2.5",
            "--strategies",
            " seasonal-naive , persistence ",
            "--starting-offsets",
            "LATEST",
            "--season-steps",
            "24",
            "--max-out-of-orderness-ms",
            "0");

    assertThat(config.get(JobConfig.BOOTSTRAP_SERVERS)).isEqualTo("broker:9093");
    assertThat(config.get(JobConfig.PARALLELISM)).isEqualTo(4);
    assertThat(config.get(JobConfig.MAX_UTILISATION)).isEqualTo(2.5);
    assertThat(config.get(JobConfig.STRATEGIES)).containsExactly("seasonal-naive", "persistence");
    assertThat(config.get(JobConfig.STARTING_OFFSETS)).isEqualTo("latest");
    assertThat(config.get(JobConfig.MAX_OUT_OF_ORDERNESS_MS)).isZero();
    assertThat(config.lanes())
        .containsExactly(
            ForecasterSpec.baseline("seasonal-naive", 24),
            ForecasterSpec.baseline("persistence", 24));
  }

  @Test
  void adaptiveLanesAreNamedLiquidAndIncrementalAndTheHybridBlendsThem() {
    JobConfig config =
        JobConfig.fromArgs(
            "--strategies",
            "persistence,static=/m/cfc,liquid=/m/cfc,incremental=/m/mlp,hybrid",
            "--incremental-batch-steps",
            "48",
            "--model-store-dir",
            "/var/netdrift/store");
    List<ForecasterSpec> lanes = config.lanes();
    assertThat(lanes)
        .extracting(ForecasterSpec::strategy)
        .containsExactly("persistence", "static", "liquid", "incremental", "hybrid");
    assertThat(lanes)
        .extracting(ForecasterSpec::adaptation)
        .containsExactly("none", "none", "liquid", "incremental", "none");
    assertThat(lanes.get(4).isHybrid()).isTrue();
    assertThat(config.adaptation().incremental().retrainEverySteps()).isEqualTo(48);
    assertThat(config.adaptation().modelStoreDirectory()).isEqualTo("/var/netdrift/store");
  }

  @Test
  void aHybridWithoutBothMembersIsRejectedAtStart() {
    assertThatThrownBy(() -> JobConfig.fromArgs("--strategies", "persistence,liquid=/m/cfc,hybrid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strategies");
    assertThatThrownBy(() -> JobConfig.fromArgs("--strategies", "hybrid=/m/cfc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aValueMayContainAnEqualsSign() {
    assertThat(JobConfig.fromArgs("--consumer-group-id=a=b").get(JobConfig.CONSUMER_GROUP_ID))
        .isEqualTo("a=b");
  }

  @Test
  void aYamlFileIsOverriddenByFlags() throws Exception {
    Path file =
        yaml(
            """
            bootstrapServers: kafka-1:9092
            checkpointIntervalMs: 1000
            parallelism: 3
            maxUtilisation: 1.2
            strategies:
              - seasonal-naive
            """);

    JobConfig fromFile = JobConfig.fromArgs("--config", file.toString());
    assertThat(fromFile.get(JobConfig.BOOTSTRAP_SERVERS)).isEqualTo("kafka-1:9092");
    assertThat(fromFile.get(JobConfig.CHECKPOINT_INTERVAL_MS)).isEqualTo(1_000L);
    assertThat(fromFile.get(JobConfig.PARALLELISM)).isEqualTo(3);
    assertThat(fromFile.get(JobConfig.MAX_UTILISATION)).isEqualTo(1.2);
    assertThat(fromFile.get(JobConfig.STRATEGIES)).containsExactly("seasonal-naive");
    assertThat(fromFile.get(JobConfig.STEP_MS)).as("untouched default").isEqualTo(900_000L);

    // a flag wins over the file, wherever it stands on the command line
    JobConfig overridden =
        JobConfig.fromArgs(
            "--parallelism", "8", "--config=" + file, "--strategies", "persistence,seasonal-naive");
    assertThat(overridden.get(JobConfig.PARALLELISM)).isEqualTo(8);
    assertThat(overridden.get(JobConfig.STRATEGIES))
        .containsExactly("persistence", "seasonal-naive");
    assertThat(overridden.get(JobConfig.CHECKPOINT_INTERVAL_MS)).isEqualTo(1_000L);
  }

  @Test
  void anEmptyYamlFileKeepsTheDefaults() throws Exception {
    JobConfig config = JobConfig.fromArgs("--config", yaml("# all defaults\n").toString());
    assertThat(config.toString()).isEqualTo(JobConfig.defaults().toString());
  }

  @Test
  void aYamlNullDocumentKeepsTheDefaults() throws Exception {
    JobConfig config = JobConfig.fromArgs("--config", yaml("---\n~\n").toString());
    assertThat(config.toString()).isEqualTo(JobConfig.defaults().toString());
  }

  @Test
  void anUnknownYamlKeyIsNamed() throws Exception {
    Path file = yaml("checkpointIntervalMs: 1000\ncheckpointIntervalSeconds: 5\n");
    assertThatThrownBy(() -> JobConfig.fromArgs("--config", file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("checkpointIntervalSeconds")
        .hasMessageContaining(file.toString());
  }

  @Test
  void aBadYamlValueNamesTheKeyAndTheFile() throws Exception {
    Path file = yaml("parallelism: 0\n");
    assertThatThrownBy(() -> JobConfig.fromArgs("--config", file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("parallelism")
        .hasMessageContaining("> 0")
        .hasMessageContaining("config file");
  }

  @Test
  void aYamlListIsNotAMap() throws Exception {
    Path file = yaml("- parallelism\n- 3\n");
    assertThatThrownBy(() -> JobConfig.fromArgs("--config", file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("map");
  }

  @Test
  void aMissingConfigFileIsAConfigError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> JobConfig.fromArgs("--config", missing.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void anUnknownFlagIsNamedAndTheKnownOnesListed() {
    assertThatThrownBy(() -> JobConfig.fromArgs("--checkpoint-interval", "5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown option --checkpoint-interval;")
        .satisfies(
            e -> {
              for (ConfigParam<?> p : JobConfig.PARAMS) {
                assertThat(e.getMessage()).contains(p.flag());
              }
            });
  }

  @Test
  void malformedCommandLinesAreRejected() {
    assertThatThrownBy(() -> JobConfig.fromArgs("--parallelism"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--parallelism")
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> JobConfig.fromArgs("parallelism", "3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unexpected argument 'parallelism'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--checkpoint-interval-ms|-5|checkpointIntervalMs|> 0",
        "--checkpoint-interval-ms|0|checkpointIntervalMs|> 0",
        "--flush-interval-ms|-1|flushIntervalMs|> 0",
        "--max-lateness-ms|-1|maxLatenessMs|>= 0",
        "--parallelism|0|parallelism|> 0",
        "--season-steps|1|seasonSteps|>= 2",
        "--max-utilisation|0.9|maxUtilisation|finite and >= 1",
        "--max-utilisation|Infinity|maxUtilisation|finite and >= 1",
        "--max-utilisation|NaN|maxUtilisation|finite and >= 1",
        "--strategies|persistence,arima|strategies|a non-empty list of persistence, seasonal-naive, hybrid or name=MODEL_DIR",
        "--strategies|' , '|strategies|a non-empty list of",
        "--starting-offsets|sideways|startingOffsets|one of earliest, latest, committed",
        "--bootstrap-servers|'  '|bootstrapServers|non-blank",
      })
  void aValueBreakingItsRuleNamesTheKeyAndTheRule(
      String flag, String value, String key, String rule) {
    assertThatThrownBy(() -> JobConfig.fromArgs(flag, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(rule)
        .hasMessageContaining("flag " + flag);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--parallelism|four|parallelism",
        "--checkpoint-interval-ms|5s|checkpointIntervalMs",
        "--max-utilisation|lots|maxUtilisation",
        "--step-ms|9999999999999999999999|stepMs"
      })
  void aValueThatIsNotANumberNamesTheKey(String flag, String value, String key) {
    assertThatThrownBy(() -> JobConfig.fromArgs(flag, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("cannot parse '" + value + "'");
  }

  @Test
  void theRegistryValueFormatNeedsAValidRegistryUrl() {
    assertThat(JobConfig.defaults().valueFormat())
        .isEqualTo(io.netdrift.schema.codec.ValueFormat.singleObject());
    assertThatThrownBy(() -> JobConfig.fromArgs("--value-format", "registry"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("valueFormat registry needs schemaRegistryUrl")
        .hasMessageContaining("--schema-registry-url");
    assertThatThrownBy(() -> JobConfig.fromArgs("--value-format", "avro"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("valueFormat")
        .hasMessageContaining("one of single-object, registry");
    assertThatThrownBy(
            () ->
                JobConfig.fromArgs(
                    "--valueFormat=registry", "--schema-registry-url", "registry:8081"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schemaRegistryUrl")
        .hasMessageContaining("http:// or https://");
    JobConfig registry =
        JobConfig.fromArgs(
            "--value-format", "REGISTRY", "--schemaRegistryUrl=http://r:8080/apis/ccompat/v7");
    assertThat(registry.valueFormat())
        .isEqualTo(io.netdrift.schema.codec.ValueFormat.registry("http://r:8080/apis/ccompat/v7"));
    assertThatThrownBy(() -> registry.requireSingleObjectValues("the demo"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("the demo writes and reads its own topics in single-object");
  }

  @Test
  void aLinkStateTtlNotAboveTheAllowedLatenessIsRejected() {
    assertThatThrownBy(
            () ->
                JobConfig.fromArgs(
                    "--max-lateness-ms", "7200000", "--link-state-ttl-ms", "3600000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("linkStateTtlMs (3600000)")
        .hasMessageContaining("maxLatenessMs (7200000)");
    assertThat(
            JobConfig.fromArgs("--link-state-ttl-ms", "3600001").get(JobConfig.LINK_STATE_TTL_MS))
        .isEqualTo(3_600_001L);
  }

  @Test
  void aTransactionTimeoutNotAboveTheCheckpointIntervalIsRejected() {
    assertThatThrownBy(() -> JobConfig.fromArgs("--transaction-timeout-ms", "5000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactionTimeoutMs")
        .hasMessageContaining("checkpointIntervalMs");
    assertThatThrownBy(
            () ->
                JobConfig.fromArgs(
                    "--checkpoint-interval-ms", "60000", "--transaction-timeout-ms", "30000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactionTimeoutMs (30000)")
        .hasMessageContaining("checkpointIntervalMs (60000)");
    assertThatThrownBy(
            () -> JobConfig.builder().set(JobConfig.CHECKPOINT_INTERVAL_MS, 600_000L).build())
        .isInstanceOf(ConfigException.class);
    assertThat(
            JobConfig.fromArgs("--transaction-timeout-ms", "5001")
                .get(JobConfig.TRANSACTION_TIMEOUT_MS))
        .isEqualTo(5_001L);
  }

  @Test
  void referenceListsEveryKeyWithFlagDefaultAndRule() {
    String reference = JobConfig.reference();
    for (ConfigParam<?> p : JobConfig.PARAMS) {
      assertThat(reference)
          .contains("`" + p.key() + "` / `" + p.flag() + "`")
          .contains(p.ruleText());
    }
    assertThat(reference).contains("`persistence,seasonal-naive`").contains("`5000`");
    assertThat(reference.lines().filter(l -> l.startsWith("| `")).count())
        .isEqualTo(JobConfig.PARAMS.size());
  }

  @Test
  void theReadmeQuotesTheReferenceAsItIs() throws Exception {
    String readme =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"))
            .replace("\r\n", "\n");
    List<String> stale =
        JobConfig.reference().lines().filter(line -> !readme.contains(line)).toList();
    assertThat(stale).as("reference lines the README lacks (paste `./netdrift config`)").isEmpty();
  }

  @Test
  void withReplacesOneValidatedValueInACopy() {
    JobConfig defaults = JobConfig.defaults();
    JobConfig changed = defaults.with(JobConfig.PARALLELISM, 6);

    assertThat(changed.get(JobConfig.PARALLELISM)).isEqualTo(6);
    assertThat(defaults.get(JobConfig.PARALLELISM)).isEqualTo(1);

    assertThatThrownBy(() -> defaults.with(JobConfig.PARALLELISM, 0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("parallelism")
        .hasMessageContaining("> 0");
    assertThatThrownBy(() -> defaults.with(JobConfig.STRATEGIES, List.of("lstm")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("strategies");
    assertThatThrownBy(() -> defaults.with(JobConfig.MAX_UTILISATION, Double.NaN))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maxUtilisation");
  }

  @Test
  void withEnforcesTheCrossKeyRule() {
    assertThatThrownBy(() -> JobConfig.defaults().with(JobConfig.CHECKPOINT_INTERVAL_MS, 700_000L))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactionTimeoutMs");
  }

  @Test
  void deliveryGuaranteeIsExactlyOnceByDefaultAndAtLeastOnceOnRequest() {
    assertThat(JobConfig.defaults().get(JobConfig.DELIVERY_GUARANTEE)).isEqualTo("exactly-once");
    assertThat(JobConfig.defaults().exactlyOnce()).isTrue();
    assertThat(JobConfig.DELIVERY_GUARANTEE.flag()).isEqualTo("--delivery-guarantee");

    JobConfig atLeastOnce = JobConfig.fromArgs("--delivery-guarantee", "at-least-once");
    assertThat(atLeastOnce.get(JobConfig.DELIVERY_GUARANTEE)).isEqualTo("at-least-once");
    assertThat(atLeastOnce.exactlyOnce()).isFalse();
    assertThat(JobConfig.fromArgs("--deliveryGuarantee=AT-LEAST-ONCE").exactlyOnce()).isFalse();
    assertThat(JobConfig.fromArgs("--delivery-guarantee", "exactly-once").exactlyOnce()).isTrue();
  }

  @Test
  void deliveryGuaranteeComesFromYamlToo() throws Exception {
    assertThat(
            JobConfig.fromArgs("--config", yaml("deliveryGuarantee: at-least-once\n").toString())
                .exactlyOnce())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"exactly_once", "none", "at-most-once", " "})
  void anUnknownDeliveryGuaranteeNamesTheKeyAndTheChoices(String value) {
    assertThatThrownBy(() -> JobConfig.fromArgs("--delivery-guarantee", value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deliveryGuarantee")
        .hasMessageContaining("one of exactly-once, at-least-once");
  }

  @Test
  void atLeastOnceNeedsNoTransactionTimeoutAboveTheCheckpointInterval() {
    // no transactions: a 60 s interval with a shorter transaction timeout is fine
    JobConfig config =
        JobConfig.fromArgs(
            "--delivery-guarantee",
            "at-least-once",
            "--checkpoint-interval-ms",
            "60000",
            "--transaction-timeout-ms",
            "30000");
    assertThat(config.get(JobConfig.CHECKPOINT_INTERVAL_MS)).isEqualTo(60_000L);
    assertThatThrownBy(() -> config.with(JobConfig.DELIVERY_GUARANTEE, JobConfig.EXACTLY_ONCE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactionTimeoutMs (30000)");
  }

  @Test
  void latencySettingsDefaultToFlinksAndMustBePositive() {
    assertThat(JobConfig.defaults().get(JobConfig.BUFFER_TIMEOUT_MS)).isEqualTo(100L);
    assertThat(JobConfig.defaults().get(JobConfig.WATERMARK_INTERVAL_MS)).isEqualTo(200L);
    JobConfig low = JobConfig.fromArgs("--buffer-timeout-ms", "5", "--watermark-interval-ms", "20");
    assertThat(low.get(JobConfig.BUFFER_TIMEOUT_MS)).isEqualTo(5L);
    assertThat(low.get(JobConfig.WATERMARK_INTERVAL_MS)).isEqualTo(20L);
    assertThatThrownBy(() -> JobConfig.fromArgs("--buffer-timeout-ms", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bufferTimeoutMs");
    assertThatThrownBy(() -> JobConfig.fromArgs("--watermark-interval-ms", "-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("watermarkIntervalMs");
  }

  @Test
  void builderSetWithATypedValueValidatesIt() {
    assertThatThrownBy(() -> JobConfig.builder().set(JobConfig.STEP_MS, -1L))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stepMs")
        .hasMessageContaining("code");
  }
}
