package io.netdrift.core.adaptation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Merges the durable states of one adaptive lane written by the subtasks of a previous run into the
 * state of one subtask of a run at another parallelism (a rescale): each subtask then keeps the
 * scopes, samples and serving versions of the links it now owns, wherever they were adapted.
 *
 * <p>Version numbers are per subtask (the {@link ModelStore} keeps {@code subtask-i/vN}), so two
 * old subtasks may hold different models under the same number: a version whose number is already
 * taken by another model (another path) gets the next free number of the merged lane; its model
 * stays where it is. A scope split over old subtasks with the same serving version is merged; one
 * whose parts serve different versions keeps its parts apart (the second under {@code id~n}), so
 * each link keeps serving the version it served before the rescale.
 */
final class LaneStateMerge {
  private LaneStateMerge() {}

  /**
   * @param parts the lane's states from every subtask of the previous run, in subtask order
   * @param ownsLink whether a link key belongs to this subtask now
   * @param floor the lowest number this subtask may still give a new version (its store's next)
   */
  static AdaptiveLaneCodec.Contents merge(
      String lane, List<AdaptiveLaneCodec.Contents> parts, Predicate<String> ownsLink, long floor) {
    long next = floor;
    for (AdaptiveLaneCodec.Contents part : parts) {
      next = Math.max(next, part.nextVersion());
    }
    Map<Long, ModelVersion> versions = new LinkedHashMap<>();
    Map<String, Scope> scopes = new LinkedHashMap<>();
    Map<String, String> scopeOfLink = new LinkedHashMap<>();
    Map<String, Long> regimeMemory = new LinkedHashMap<>();
    long newestEventTimeMs = Long.MIN_VALUE;
    for (int p = 0; p < parts.size(); p++) {
      AdaptiveLaneCodec.Contents part = parts.get(p);
      Map<Long, Long> number = new HashMap<>();
      for (ModelVersion v : part.versions()) {
        ModelVersion taken = versions.get(v.version());
        boolean free = v.isBase() || taken == null || taken.path().equals(v.path());
        number.put(v.version(), free ? v.version() : next++);
      }
      for (ModelVersion v : part.versions()) {
        if (!v.isBase()) {
          versions.putIfAbsent(number.get(v.version()), renumbered(v, number));
        }
      }
      Map<String, String> scopeId = new HashMap<>();
      for (Scope s : part.scopes()) {
        Scope kept = ownedPart(s, s.id, ownsLink, number);
        if (kept == null) {
          continue;
        }
        Scope existing = scopes.get(s.id);
        if (existing == null) {
          scopes.put(s.id, kept);
          scopeId.put(s.id, s.id);
        } else if (existing.servingVersion == kept.servingVersion
            && existing.previousVersion == kept.previousVersion) {
          mergeInto(existing, kept);
          scopeId.put(s.id, s.id);
        } else {
          String id = s.id + "~" + p;
          scopes.put(id, ownedPart(s, id, ownsLink, number));
          scopeId.put(s.id, id);
        }
      }
      for (Map.Entry<String, String> e : part.scopeOfLink().entrySet()) {
        String id = scopeId.get(e.getValue());
        if (id != null && ownsLink.test(e.getKey())) {
          scopeOfLink.put(e.getKey(), id);
        }
      }
      for (Map.Entry<String, Long> e : part.regimeMemory().entrySet()) {
        regimeMemory.putIfAbsent(e.getKey(), number.getOrDefault(e.getValue(), e.getValue()));
      }
      newestEventTimeMs = Math.max(newestEventTimeMs, part.newestEventTimeMs());
    }
    return new AdaptiveLaneCodec.Contents(
        lane,
        next,
        new ArrayList<>(versions.values()),
        new ArrayList<>(scopes.values()),
        scopeOfLink,
        regimeMemory,
        newestEventTimeMs);
  }

  private static ModelVersion renumbered(ModelVersion v, Map<Long, Long> number) {
    return new ModelVersion(
        number.get(v.version()),
        v.parentVersion() < 0
            ? v.parentVersion()
            : number.getOrDefault(v.parentVersion(), v.parentVersion()),
        v.lane(),
        v.scope(),
        v.path(),
        v.dataFromMs(),
        v.dataToMs(),
        v.holdoutRmseMbps(),
        v.createdAtMs());
  }

  /** The scope with only the members this subtask owns, under {@code id}; null if none. */
  private static Scope ownedPart(
      Scope s, String id, Predicate<String> ownsLink, Map<Long, Long> number) {
    Scope kept =
        new Scope(id, s.memorable, number.getOrDefault(s.servingVersion, s.servingVersion));
    kept.previousVersion =
        s.previousVersion < 0
            ? s.previousVersion
            : number.getOrDefault(s.previousVersion, s.previousVersion);
    kept.servingSquares = s.servingSquares;
    kept.previousSquares = s.previousSquares;
    kept.shadowScored = s.shadowScored;
    kept.confirmed = s.confirmed;
    kept.retrainInFlight = s.retrainInFlight;
    kept.retrains = s.retrains;
    for (Map.Entry<String, LinkSamples> e : s.samples.entrySet()) {
      if (ownsLink.test(e.getKey())) {
        kept.samples.put(e.getKey(), e.getValue());
        kept.newSamples.put(e.getKey(), s.newSamples.getOrDefault(e.getKey(), 0));
      }
    }
    return kept.samples.isEmpty() ? null : kept;
  }

  /** The two parts of one scope serving the same version: one scope again. */
  private static void mergeInto(Scope into, Scope part) {
    into.samples.putAll(part.samples);
    into.newSamples.putAll(part.newSamples);
    into.servingSquares += part.servingSquares;
    into.previousSquares += part.previousSquares;
    into.shadowScored += part.shadowScored;
    into.confirmed |= part.confirmed;
    into.retrainInFlight |= part.retrainInFlight;
    into.retrains = Math.max(into.retrains, part.retrains);
  }
}
